using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using BStore.Api.Aws;

namespace BStore.LocalAws;

/// <summary>A service of the JSON protocols: the X-Amz-Target prefix and content type of the JSON protocol (Cognito, Step
/// Functions), none for REST-JSON (Pipes).</summary>
public sealed record AwsJsonApi(AwsService Service, string TargetPrefix = "", string ContentType = "application/json");

/// <summary>
/// The JSON protocols, with typed requests and answers (source-generated JSON): POST / with the operation in X-Amz-Target,
/// or REST-JSON, where the operation is the method and path.
/// </summary>
public sealed class AwsJsonClient(HttpClient http, AwsJsonApi api, Uri endpoint)
{
    public Task<TAnswer> CallAsync<TRequest, TAnswer>(
        string operation, TRequest request, JsonTypeInfo<TRequest> requestType, JsonTypeInfo<TAnswer> answerType, CancellationToken cancellationToken)
    {
        var message = new HttpRequestMessage(HttpMethod.Post, endpoint);
        message.Headers.TryAddWithoutValidation("X-Amz-Target", api.TargetPrefix + operation);
        return SendAsync(message, operation, request, requestType, answerType, cancellationToken);
    }

    public Task<TAnswer> CallRestAsync<TRequest, TAnswer>(
        HttpMethod method, string path, TRequest request, JsonTypeInfo<TRequest> requestType, JsonTypeInfo<TAnswer> answerType, CancellationToken cancellationToken) =>
        SendAsync(new HttpRequestMessage(method, new Uri(endpoint, path.TrimStart('/'))), $"{method} {path}", request, requestType, answerType, cancellationToken);

    private async Task<TAnswer> SendAsync<TRequest, TAnswer>(
        HttpRequestMessage message, string operation, TRequest request, JsonTypeInfo<TRequest> requestType, JsonTypeInfo<TAnswer> answerType,
        CancellationToken cancellationToken)
    {
        using (message)
        {
            message.Content = new ByteArrayContent(JsonSerializer.SerializeToUtf8Bytes(request, requestType));
            message.Content.Headers.ContentType = new MediaTypeHeaderValue(api.ContentType);
            var text = await AwsHttp.SendAsync(http, message, api.Service, operation, cancellationToken);
            try
            {
                return JsonSerializer.Deserialize(text.Length == 0 ? "{}" : text, answerType)
                    ?? throw AwsHttp.Malformed(api.Service, operation, "null.");
            }
            catch (JsonException e)
            {
                throw AwsHttp.Malformed(api.Service, operation, $"with unexpected JSON: {e.Message}");
            }
        }
    }
}
