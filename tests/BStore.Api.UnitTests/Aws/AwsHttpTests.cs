using System.Net;
using Amazon;
using Amazon.Runtime;
using BStore.Api.Aws;
using Microsoft.Extensions.DependencyInjection;

namespace BStore.Api.UnitTests.Aws;

/// <summary>The factory's client for the AWS calls without an SDK package: bounded retries of what is safe to retry, each attempt signed.</summary>
public class AwsHttpTests
{
    private static readonly Uri Endpoint = new("https://sns.us-east-1.amazonaws.com/");

    [Theory]
    [InlineData(HttpStatusCode.InternalServerError, null, true)]
    [InlineData(HttpStatusCode.BadGateway, null, true)]
    [InlineData(HttpStatusCode.ServiceUnavailable, null, true)]
    [InlineData(HttpStatusCode.GatewayTimeout, null, true)]
    [InlineData(HttpStatusCode.TooManyRequests, null, true)]
    [InlineData(HttpStatusCode.BadRequest, "Throttling", true)]
    [InlineData(HttpStatusCode.BadRequest, "ThrottlingException", true)]
    [InlineData(HttpStatusCode.BadRequest, "InvalidParameter", false)]
    [InlineData(HttpStatusCode.BadRequest, null, false)]
    [InlineData(HttpStatusCode.Forbidden, null, false)]
    [InlineData(HttpStatusCode.NotFound, null, false)]
    [InlineData(HttpStatusCode.NotImplemented, null, false)]
    public void Only_throttling_and_server_errors_are_retried(HttpStatusCode status, string? errorCode, bool retried) =>
        AwsHttp.IsRetryable(status, errorCode).Should().Be(retried);

    [Fact]
    public async Task A_connection_that_failed_or_an_attempt_that_timed_out_is_retried_and_a_cancelled_call_is_not()
    {
        (await AwsHttp.ShouldRetryAsync(Polly.Outcome.FromException<HttpResponseMessage>(new HttpRequestException("reset")))).Should().BeTrue();
        (await AwsHttp.ShouldRetryAsync(Polly.Outcome.FromException<HttpResponseMessage>(new Polly.Timeout.TimeoutRejectedException()))).Should().BeTrue();
        (await AwsHttp.ShouldRetryAsync(Polly.Outcome.FromException<HttpResponseMessage>(new OperationCanceledException()))).Should().BeFalse();
    }

    [Fact]
    public async Task A_throttled_then_failing_call_is_retried_and_each_attempt_signed_anew()
    {
        var sns = Service(out var attempts,
            Error(HttpStatusCode.BadRequest, "Throttling"), Error(HttpStatusCode.ServiceUnavailable, "ServiceUnavailable"), Subscribed("arn:aws:sns:us-east-1:1:t:s"));

        var arn = await sns.SubscribeAsync("arn:aws:sns:us-east-1:1:t", "email", "a@example.com", [new("FilterPolicy", "{}")], CancellationToken.None);

        arn.Should().Be("arn:aws:sns:us-east-1:1:t:s");
        attempts.Should().HaveCount(3);
        attempts.Should().OnlyContain(a => a.Authorization.StartsWith("AWS4-HMAC-SHA256 Credential=test/", StringComparison.Ordinal)
            && a.Authorization.Contains("/us-east-1/sns/aws4_request", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_refusal_is_answered_at_once_with_the_service_s_code_and_message()
    {
        var sns = Service(out var attempts, Error(HttpStatusCode.BadRequest, "InvalidParameter", "Invalid parameter: Endpoint"));

        var refused = await FluentActions.Awaiting(() => sns.UnsubscribeAsync("arn", CancellationToken.None)).Should().ThrowAsync<AmazonServiceException>();

        refused.Which.ErrorCode.Should().Be("InvalidParameter");
        refused.Which.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        refused.Which.Message.Should().Be("sns Unsubscribe failed: InvalidParameter: Invalid parameter: Endpoint");
        attempts.Should().ContainSingle();
    }

    [Fact]
    public async Task A_service_that_keeps_failing_is_tried_a_bounded_number_of_times()
    {
        var sns = Service(out var attempts, [.. Enumerable.Range(0, 10).Select(_ => Error(HttpStatusCode.InternalServerError, "InternalError"))]);

        (await FluentActions.Awaiting(() => sns.UnsubscribeAsync("arn", CancellationToken.None)).Should().ThrowAsync<AmazonServiceException>())
            .Which.StatusCode.Should().Be(HttpStatusCode.InternalServerError);
        attempts.Should().HaveCount(1 + AwsHttp.MaxRetries);
    }

    [Fact]
    public async Task The_query_call_names_the_action_and_the_service_s_own_API_version()
    {
        var sns = Service(out var attempts, Subscribed("arn:aws:sns:us-east-1:1:t:s"));

        await sns.SubscribeAsync("arn:aws:sns:us-east-1:1:t", "email", "a@example.com",
            [new("FilterPolicy", """{"userId":["u"]}"""), new("FilterPolicyScope", "MessageAttributes")], CancellationToken.None);

        var form = System.Web.HttpUtility.ParseQueryString(attempts.Single().Body);
        form["Action"].Should().Be("Subscribe");
        form["Version"].Should().Be("2010-03-31");
        form["Attributes.entry.1.key"].Should().Be("FilterPolicy");
        form["Attributes.entry.1.value"].Should().Be("""{"userId":["u"]}""");
        form["Attributes.entry.2.key"].Should().Be("FilterPolicyScope");
        attempts.Single().ContentType.Should().Be("application/x-www-form-urlencoded; charset=utf-8");
    }

    [Fact]
    public async Task An_answer_without_what_the_action_promises_is_an_error_naming_it()
    {
        var sns = Service(out _, Answer(HttpStatusCode.OK, "<SubscribeResponse><SubscribeResult/></SubscribeResponse>"));

        (await FluentActions.Awaiting(() => sns.SubscribeAsync("t", "email", "a@example.com", [], CancellationToken.None)).Should().ThrowAsync<AmazonServiceException>())
            .Which.Message.Should().Be("sns Subscribe answered without SubscriptionArn.");
    }

    private sealed record Attempt(string Authorization, string Body, string? ContentType);

    private static SnsClient Service(out List<Attempt> attempts, params Func<HttpResponseMessage>[] answers)
    {
        var sent = new List<Attempt>();
        attempts = sent;
        var queue = new Queue<Func<HttpResponseMessage>>(answers);
        var services = new ServiceCollection();
        services.AddAwsHttpClient("sns-test", SnsClient.Api.Service, () => new BasicAWSCredentials("test", "secret"), RegionEndpoint.USEast1)
            .ConfigurePrimaryHttpMessageHandler(() => new Answering(async request =>
            {
                sent.Add(new Attempt(request.Headers.TryGetValues("Authorization", out var signature) ? signature.Single() : "", await request.Content!.ReadAsStringAsync(),
                    request.Content.Headers.ContentType?.ToString()));
                return queue.Dequeue()();
            }));
        var provider = services.BuildServiceProvider();
        return new SnsClient(provider.GetRequiredService<IHttpClientFactory>().CreateClient("sns-test"), Endpoint);
    }

    private static Func<HttpResponseMessage> Subscribed(string arn) => Answer(HttpStatusCode.OK,
        $"""<SubscribeResponse xmlns="http://sns.amazonaws.com/doc/2010-03-31/"><SubscribeResult><SubscriptionArn>{arn}</SubscriptionArn></SubscribeResult></SubscribeResponse>""");

    private static Func<HttpResponseMessage> Error(HttpStatusCode status, string code, string message = "no") => Answer(status,
        $"""<ErrorResponse xmlns="http://sns.amazonaws.com/doc/2010-03-31/"><Error><Type>Sender</Type><Code>{code}</Code><Message>{message}</Message></Error></ErrorResponse>""");

    private static Func<HttpResponseMessage> Answer(HttpStatusCode status, string xml) =>
        () => new HttpResponseMessage(status) { Content = new StringContent(xml, System.Text.Encoding.UTF8, "text/xml") };

    private sealed class Answering(Func<HttpRequestMessage, Task<HttpResponseMessage>> answer) : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) => answer(request);
    }
}
