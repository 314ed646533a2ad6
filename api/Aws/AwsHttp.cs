using System.Net;
using System.Text.Json;
using System.Xml;
using System.Xml.Linq;
using Amazon;
using Amazon.Runtime;
using Microsoft.Extensions.Http.Resilience;
using Polly;
using Polly.Timeout;

namespace BStore.Api.Aws;

/// <summary>
/// The HttpClients that call AWS services without an SDK package: signed (<see cref="AwsSigningHandler"/>, each attempt
/// anew) under bounded retries of what is safe to retry, as the AWS SDKs' standard retry mode does: throttling, 5xx,
/// a connection that failed or an attempt that timed out. A refusal (4xx other than throttling) is answered at once.
/// </summary>
public static class AwsHttp
{
    public const int MaxRetries = 3;
    private static readonly TimeSpan FirstRetryDelay = TimeSpan.FromMilliseconds(100);
    // In the API, all attempts end inside its request timeout (BStore:Limits:RequestTimeoutSeconds, 10 s by default), so a
    // slow service is answered as one (503), not as a request the server gave up on.
    private static readonly (TimeSpan Attempt, TimeSpan Total) ApiTimeouts = (TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(8));
    // A one-shot tool or a test waits longer: the emulator on a busy 2-core machine can be slow to answer.
    private static readonly (TimeSpan Attempt, TimeSpan Total) ToolTimeouts = (TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(90));

    /// <summary>The error codes the AWS SDKs' standard retry mode treats as throttling (sent with 400 by the Query and JSON protocols).</summary>
    private static readonly HashSet<string> ThrottlingCodes = new(StringComparer.Ordinal)
    {
        "Throttling", "ThrottlingException", "ThrottledException", "RequestThrottledException", "TooManyRequestsException",
        "ProvisionedThroughputExceededException", "TransactionInProgressException", "RequestLimitExceeded", "BandwidthLimitExceeded",
        "LimitExceededException", "RequestThrottled", "SlowDown", "PriorRequestNotComplete", "EC2ThrottledException",
    };

    /// <summary>A named client of the HttpClient factory for <paramref name="service"/>, signed with <paramref name="credentials"/>.</summary>
    public static IHttpClientBuilder AddAwsHttpClient(
        this IServiceCollection services, string name, AwsService service, Func<AWSCredentials> credentials, RegionEndpoint region)
    {
        var builder = services.AddHttpClient(name);
        builder.AddResilienceHandler("aws-retries", pipeline => AddRetries(pipeline, ApiTimeouts));
        builder.AddHttpMessageHandler(() => new AwsSigningHandler(credentials(), region, service.SigningName));
        return builder;
    }

    /// <summary>A client of its own, with the same signing and retries, for a one-shot tool or a test (outside a service container).</summary>
    public static HttpClient CreateClient(AwsService service, AWSCredentials credentials, RegionEndpoint region)
    {
        var pipeline = AddRetries(new ResiliencePipelineBuilder<HttpResponseMessage>(), ToolTimeouts).Build();
        return new HttpClient(new ResilienceHandler(pipeline)
        {
            InnerHandler = new AwsSigningHandler(credentials, region, service.SigningName) { InnerHandler = new SocketsHttpHandler() },
        });
    }

    /// <summary>A total timeout around bounded, jittered exponential retries of what <see cref="ShouldRetryAsync"/> admits, each attempt timed.</summary>
    private static ResiliencePipelineBuilder<HttpResponseMessage> AddRetries(
        ResiliencePipelineBuilder<HttpResponseMessage> pipeline, (TimeSpan Attempt, TimeSpan Total) timeouts) => pipeline
        .AddTimeout(timeouts.Total)
        .AddRetry(new HttpRetryStrategyOptions
        {
            MaxRetryAttempts = MaxRetries,
            BackoffType = DelayBackoffType.Exponential,
            UseJitter = true,
            Delay = FirstRetryDelay,
            ShouldHandle = args => ShouldRetryAsync(args.Outcome),
        })
        .AddTimeout(timeouts.Attempt);

    /// <summary>Whether an attempt's outcome is worth another: throttled, a server error, or no answer in time / no connection.</summary>
    internal static async ValueTask<bool> ShouldRetryAsync(Outcome<HttpResponseMessage> outcome) => outcome switch
    {
        { Exception: HttpRequestException or TimeoutRejectedException } => true,
        { Result: { StatusCode: HttpStatusCode.BadRequest } response } => IsRetryable(response.StatusCode, (await ReadErrorAsync(response)).Code),
        { Result: { } response } => IsRetryable(response.StatusCode, errorCode: null),
        _ => false,
    };

    internal static bool IsRetryable(HttpStatusCode status, string? errorCode) => (int)status switch
    {
        429 or 500 or 502 or 503 or 504 => true,
        400 => errorCode is not null && ThrottlingCodes.Contains(errorCode),
        _ => false,
    };

    /// <summary>
    /// Sends <paramref name="request"/>; a 2xx answer's text, else the service's error as an exception naming service, operation,
    /// code and message (<see cref="TimeoutException"/> when no attempt was answered in time).
    /// </summary>
    public static async Task<string> SendAsync(HttpClient http, HttpRequestMessage request, AwsService service, string operation, CancellationToken cancellationToken)
    {
        HttpResponseMessage answer;
        try
        {
            answer = await http.SendAsync(request, cancellationToken);
        }
        catch (TimeoutRejectedException e)
        {
            // What callers handle as a service that did not answer (the API's error handler: 503).
            throw new TimeoutException($"{service.SigningName} {operation} did not answer in time.", e);
        }
        using var response = answer;
        if (response.IsSuccessStatusCode)
        {
            return await response.Content.ReadAsStringAsync(cancellationToken);
        }
        var (code, message) = await ReadErrorAsync(response);
        throw new AmazonServiceException($"{service.SigningName} {operation} failed: {code ?? response.StatusCode.ToString()}: {message}")
        {
            StatusCode = response.StatusCode, ErrorCode = code ?? response.StatusCode.ToString(),
        };
    }

    /// <summary>An AmazonServiceException for an answer that is not what the operation promises.</summary>
    public static AmazonServiceException Malformed(AwsService service, string operation, string problem) =>
        new($"{service.SigningName} {operation} answered {problem}") { ErrorCode = "MalformedAnswer" };

    /// <summary>The error code and message of a failed answer: the Query protocol's &lt;Error&gt; (XML), the JSON protocols' __type and message.</summary>
    private static async Task<(string? Code, string Message)> ReadErrorAsync(HttpResponseMessage response)
    {
        await response.Content.LoadIntoBufferAsync();
        var text = await response.Content.ReadAsStringAsync();
        var trimmed = text.TrimStart();
        try
        {
            if (trimmed.StartsWith('<'))
            {
                var error = XElement.Parse(trimmed).DescendantsAndSelf().FirstOrDefault(e => e.Name.LocalName == "Error");
                return (Text(error, "Code"), Text(error, "Message") ?? "");
            }
            if (trimmed.StartsWith('{'))
            {
                using var json = JsonDocument.Parse(trimmed);
                var type = String(json.RootElement, "__type") ?? String(json.RootElement, "Type") ?? String(json.RootElement, "code");
                return (type?[(type.LastIndexOf('#') + 1)..], String(json.RootElement, "message") ?? String(json.RootElement, "Message") ?? "");
            }
        }
        catch (Exception e) when (e is XmlException or JsonException)
        {
        }
        return (null, text.Length > 200 ? text[..200] : text);
    }

    private static string? Text(XElement? parent, string name) => parent?.Elements().FirstOrDefault(e => e.Name.LocalName == name)?.Value;

    private static string? String(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
