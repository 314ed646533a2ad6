using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using Amazon;
using Amazon.Runtime;
using Amazon.Runtime.Signing;

namespace BStore.Api.Aws;

/// <summary>
/// The few Cognito Identity Provider calls the API's own tooling makes (no .NET package for Cognito is available
/// here, TOOLCHAIN.md): JSON 1.1 protocol, signed with AWSSDK.Core's SigV4 signer.
/// </summary>
public sealed class CognitoClient(HttpClient http, Uri endpoint, AWSCredentials credentials, RegionEndpoint region)
{
    private static readonly MediaTypeHeaderValue AmzJson = new("application/x-amz-json-1.1");

    public async Task<JsonObject> CallAsync(string operation, JsonObject body, CancellationToken cancellationToken)
    {
        var payload = System.Text.Encoding.UTF8.GetBytes(body.ToJsonString());
        var target = "AWSCognitoIdentityProviderService." + operation;
        using var request = new HttpRequestMessage(HttpMethod.Post, endpoint) { Content = new ByteArrayContent(payload) };
        request.Content.Headers.ContentType = AmzJson;
        request.Headers.TryAddWithoutValidation("X-Amz-Target", target);
        var toSign = new AWSSigningRequest { HttpMethod = HttpMethod.Post, RequestUri = endpoint, Content = payload };
        toSign.Headers["Content-Type"] = AmzJson.MediaType!;
        toSign.Headers["X-Amz-Target"] = target;
        var signature = await AWSSigV4Signer.SignAsync(
            toSign, new AWSSigV4Parameters { Credentials = credentials, Region = region, Service = "cognito-idp" }, cancellationToken);
        foreach (var (name, value) in signature.Headers)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }
        using var response = await http.SendAsync(request, cancellationToken);
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        var json = text.Length == 0 ? [] : JsonNode.Parse(text)!.AsObject();
        if (!response.IsSuccessStatusCode)
        {
            var type = json["__type"]?.GetValue<string>() ?? response.StatusCode.ToString();
            throw new AmazonServiceException($"Cognito {operation} failed: {type[(type.LastIndexOf('#') + 1)..]}: {json["message"]}")
            {
                StatusCode = response.StatusCode,
                ErrorCode = type[(type.LastIndexOf('#') + 1)..],
            };
        }
        return json;
    }
}
