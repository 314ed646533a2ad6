using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Amazon;
using Amazon.Runtime;
using Amazon.Runtime.Signing;
using BStore.Api.Aws;

namespace BStore.Api.UnitTests.Aws;

/// <summary>
/// The signing of the AWS calls made without an SDK package, against AWS's published SigV4 test suite
/// (aws-sigv4-test-suite.json names its source). <see cref="AwsSigningHandler"/> delegates to AWSSDK.Core's signer, which
/// always signs the payload's hash (x-amz-content-sha256): the suite's vectors that sign the body are checked through the
/// handler as it signs each attempt; the others, which sign no body hash, through the same signer's query-string form
/// (presigning), which signs exactly the headers those vectors name.
/// </summary>
public class SigV4TestSuiteTests
{
    private static readonly JsonElement Suite = JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Aws", "aws-sigv4-test-suite.json"))).RootElement;

    private static string Field(string name) => Suite.GetProperty(name).GetString()!;

    private static readonly DateTime SignedAt = DateTime.Parse(Field("signedAt"), System.Globalization.CultureInfo.InvariantCulture,
        System.Globalization.DateTimeStyles.AdjustToUniversal | System.Globalization.DateTimeStyles.AssumeUniversal);

    public static TheoryData<string> HeaderVectors() => Names("headerSigned");

    public static TheoryData<string> QueryVectors() => Names("querySigned");

    [Theory]
    [MemberData(nameof(HeaderVectors))]
    public async Task The_signing_handler_signs_each_request_as_the_suite_expects(string name)
    {
        var vector = Vector("headerSigned", name);
        var sent = new CapturingHandler();
        using var invoker = new HttpMessageInvoker(new AwsSigningHandler(
            new BasicAWSCredentials(Field("accessKeyId"), Field("secretAccessKey")), RegionEndpoint.GetBySystemName(Field("region")), Field("service"))
        {
            SignedAt = SignedAt,
            InnerHandler = sent,
        });
        using var request = new HttpRequestMessage(new HttpMethod(vector.GetProperty("method").GetString()!), Uri(vector))
        {
            Content = new ByteArrayContent(System.Text.Encoding.UTF8.GetBytes(vector.GetProperty("body").GetString()!)),
        };
        request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(vector.GetProperty("contentType").GetString()!);

        using var response = await invoker.SendAsync(request, CancellationToken.None);

        sent.Request!.Headers.GetValues("Authorization").Should().ContainSingle().Which.Should().Be(vector.GetProperty("authorization").GetString());
        sent.Request.Headers.GetValues("X-Amz-Date").Should().ContainSingle().Which.Should().Be("20150830T123600Z");
    }

    [Theory]
    [MemberData(nameof(QueryVectors))]
    public void The_signer_canonicalizes_paths_queries_and_session_tokens_as_the_suite_expects(string name)
    {
        var vector = Vector("querySigned", name);
        AWSCredentials credentials = vector.TryGetProperty("sessionToken", out var token)
            ? new SessionAWSCredentials(Field("accessKeyId"), Field("secretAccessKey"), token.GetString())
            : new BasicAWSCredentials(Field("accessKeyId"), Field("secretAccessKey"));

        var presigned = AWSSigV4Signer.Presign(
            new AWSSigningRequest { HttpMethod = new HttpMethod(vector.GetProperty("method").GetString()!), RequestUri = Uri(vector) },
            new AWSSigV4Parameters { Credentials = credentials, Region = RegionEndpoint.GetBySystemName(Field("region")), Service = Field("service"), SignedAt = SignedAt },
            TimeSpan.FromSeconds(vector.GetProperty("expiresSeconds").GetInt32()));

        System.Web.HttpUtility.ParseQueryString(presigned.Uri.Query)["X-Amz-Signature"].Should().Be(vector.GetProperty("signature").GetString());
    }

    [Fact]
    public async Task A_changed_body_changes_the_signature()
    {
        var vector = Vector("headerSigned", "post-x-www-form-urlencoded");
        var sent = new CapturingHandler();
        using var invoker = new HttpMessageInvoker(new AwsSigningHandler(
            new BasicAWSCredentials(Field("accessKeyId"), Field("secretAccessKey")), RegionEndpoint.USEast1, Field("service")) { SignedAt = SignedAt, InnerHandler = sent });
        using var request = new HttpRequestMessage(HttpMethod.Post, Uri(vector)) { Content = new StringContent("Param1=value2") };
        request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse("application/x-www-form-urlencoded");

        using var response = await invoker.SendAsync(request, CancellationToken.None);

        sent.Request!.Headers.GetValues("Authorization").Single().Should().StartWith("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request")
            .And.NotBe(vector.GetProperty("authorization").GetString());
    }

    private static TheoryData<string> Names(string set)
    {
        var names = new TheoryData<string>();
        foreach (var vector in Suite.GetProperty(set).EnumerateArray())
        {
            names.Add(vector.GetProperty("name").GetString()!);
        }
        return names;
    }

    private static JsonElement Vector(string set, string name) =>
        Suite.GetProperty(set).EnumerateArray().Single(v => v.GetProperty("name").GetString() == name);

    private static Uri Uri(JsonElement vector) => new($"https://{Field("host")}{vector.GetProperty("path").GetString()}");

    private sealed class CapturingHandler : HttpMessageHandler
    {
        public HttpRequestMessage? Request { get; private set; }

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Request = request;
            return Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK));
        }
    }
}
