using System.Collections.Concurrent;
using System.Net;
using System.Text.Json;

namespace BStore.Api.IntegrationTests.Infrastructure;

/// <summary>A PUT the catcher received: what CloudFormation's presigned S3 URL would have been sent.</summary>
public sealed record CaughtRequest(string Method, string PathAndQuery, string? ContentType, string Body)
{
    public JsonElement Json => JsonDocument.Parse(Body).RootElement.Clone();
}

/// <summary>Stands in for CloudFormation's ResponseURL: an HTTP listener on 127.0.0.1 that keeps every request it gets.</summary>
public sealed class ResponseCatcher : IDisposable
{
    /// <summary>The host the API under test is configured to allow in ResponseURLs.</summary>
    public const string Host = "127.0.0.1";

    private readonly HttpListener _listener = new();
    private readonly ConcurrentQueue<CaughtRequest> _requests = new();

    public ResponseCatcher()
    {
        BaseUrl = new Uri($"http://{Host}:{FreePorts.Next()}/");
        _listener.Prefixes.Add(BaseUrl.ToString());
        _listener.Start();
        _ = Task.Run(ServeAsync);
    }

    public Uri BaseUrl { get; }

    /// <summary>The status every request is answered with.</summary>
    public HttpStatusCode Answer { get; set; } = HttpStatusCode.OK;

    public IReadOnlyList<CaughtRequest> Requests => [.. _requests];

    public void Dispose() => _listener.Close();

    private async Task ServeAsync()
    {
        while (true)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }
            using (var reader = new StreamReader(context.Request.InputStream))
            {
                // Recorded before answering: the API tells its own caller only after the PUT is answered.
                _requests.Enqueue(new CaughtRequest(
                    context.Request.HttpMethod, context.Request.Url!.PathAndQuery, context.Request.Headers["Content-Type"],
                    await reader.ReadToEndAsync()));
            }
            context.Response.StatusCode = (int)Answer;
            context.Response.Close();
        }
    }
}
