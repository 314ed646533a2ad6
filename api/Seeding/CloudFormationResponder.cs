using System.Text.Json;

namespace BStore.Api.Seeding;

/// <summary>Delivers a custom resource's outcome to CloudFormation's presigned ResponseURL.</summary>
public sealed class CloudFormationResponder(HttpClient http, ILogger<CloudFormationResponder> logger)
{
    /// <summary>Two attempts of at most <see cref="AttemptTimeout"/> fit in <see cref="DeploySeedingApi.ResponseReserve"/>.</summary>
    public static readonly TimeSpan AttemptTimeout = TimeSpan.FromSeconds(1.5);
    private static readonly TimeSpan[] RetryDelays = [TimeSpan.FromSeconds(0.5)];

    /// <summary>PUTs the response, retrying briefly; false when CloudFormation never got it.</summary>
    public async Task<bool> SendAsync(Uri responseUrl, CustomResourceResponse response, CancellationToken cancellationToken)
    {
        var body = JsonSerializer.SerializeToUtf8Bytes(response, CloudFormationJsonContext.Default.CustomResourceResponse);
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                using var content = new ByteArrayContent(body);
                // The presigned URL is signed for an empty Content-Type; sending one makes S3 refuse the PUT.
                content.Headers.ContentType = null;
                using var request = new HttpRequestMessage(HttpMethod.Put, responseUrl) { Content = content };
                using var answer = await http.SendAsync(request, cancellationToken);
                if (answer.IsSuccessStatusCode)
                {
                    return true;
                }
                logger.LogWarning("CloudFormation's response URL on {Host} answered {StatusCode} (attempt {Attempt})",
                    responseUrl.Host, (int)answer.StatusCode, attempt + 1);
                if ((int)answer.StatusCode < 500)
                {
                    return false;
                }
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
            {
                logger.LogWarning("Could not reach CloudFormation's response URL on {Host} (attempt {Attempt}): {Error}",
                    responseUrl.Host, attempt + 1, e.Message);
            }
            if (attempt >= RetryDelays.Length)
            {
                return false;
            }
            await Task.Delay(RetryDelays[attempt], cancellationToken);
        }
    }
}
