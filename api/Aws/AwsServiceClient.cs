using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using System.Xml.Linq;
using Amazon;
using Amazon.Runtime;
using Amazon.Runtime.Signing;

namespace BStore.Api.Aws;

/// <summary>
/// Calls an AWS service that has no .NET package here (Cognito, SNS, Step Functions, Pipes, IAM, STS; TOOLCHAIN.md), signed
/// with AWSSDK.Core's SigV4 signer. One class for the three wire protocols these services use: JSON (X-Amz-Target),
/// REST-JSON and the form-encoded Query protocol.
/// </summary>
public sealed class AwsServiceClient(HttpClient http, AwsServiceClient.Service service, Uri endpoint, AWSCredentials credentials, RegionEndpoint region)
{
    /// <param name="SigningName">The service name in the signature.</param>
    /// <param name="Host">The regional endpoint's host prefix.</param>
    /// <param name="TargetPrefix">The JSON protocol's X-Amz-Target prefix.</param>
    /// <param name="JsonContentType">The JSON protocol's content type.</param>
    /// <param name="QueryVersion">The Query protocol's API version.</param>
    public sealed record Service(
        string SigningName, string Host, string TargetPrefix = "", string JsonContentType = "application/json", string QueryVersion = "2010-03-31");

    public static readonly Service Cognito = new("cognito-idp", "cognito-idp", "AWSCognitoIdentityProviderService.", "application/x-amz-json-1.1");
    public static readonly Service StepFunctions = new("states", "states", "AWSStepFunctions.", "application/x-amz-json-1.0");
    public static readonly Service Sns = new("sns", "sns");
    public static readonly Service Pipes = new("pipes", "pipes");
    public static readonly Service Iam = new("iam", "iam", QueryVersion: "2010-05-08");
    public static readonly Service Sts = new("sts", "sts", QueryVersion: "2011-06-15");

    /// <summary>The regional endpoint in AWS, or the emulator's address when <paramref name="serviceUrl"/> is set.</summary>
    public static Uri EndpointOf(Service service, string region, string? serviceUrl) =>
        string.IsNullOrWhiteSpace(serviceUrl) ? new Uri($"https://{service.Host}.{region}.amazonaws.com/") : new Uri(serviceUrl.TrimEnd('/') + "/");

    /// <summary>JSON protocol: POST / with the operation in X-Amz-Target.</summary>
    public async Task<JsonObject> CallAsync(string operation, JsonObject body, CancellationToken cancellationToken)
    {
        var (status, text) = await SendAsync(HttpMethod.Post, endpoint, System.Text.Encoding.UTF8.GetBytes(body.ToJsonString()),
            service.JsonContentType, service.TargetPrefix + operation, cancellationToken);
        return ParseJson(operation, status, text);
    }

    /// <summary>REST-JSON protocol: the operation is the method and path.</summary>
    public async Task<JsonObject> CallRestAsync(HttpMethod method, string path, JsonObject? body, CancellationToken cancellationToken)
    {
        var payload = body is null ? [] : System.Text.Encoding.UTF8.GetBytes(body.ToJsonString());
        var (status, text) = await SendAsync(method, new Uri(endpoint, path.TrimStart('/')), payload, "application/json", target: null, cancellationToken);
        return ParseJson($"{method} {path}", status, text);
    }

    /// <summary>Query protocol: form-encoded Action and parameters; the answer is XML.</summary>
    public async Task<XElement> CallQueryAsync(string action, IEnumerable<KeyValuePair<string, string>> parameters, CancellationToken cancellationToken)
    {
        using var form = new FormUrlEncodedContent([new("Action", action), new("Version", service.QueryVersion), .. parameters]);
        var payload = await form.ReadAsByteArrayAsync(cancellationToken);
        var (status, text) = await SendAsync(HttpMethod.Post, endpoint, payload, "application/x-www-form-urlencoded; charset=utf-8", target: null, cancellationToken);
        XElement xml;
        try
        {
            xml = XElement.Parse(text);
        }
        catch (System.Xml.XmlException)
        {
            throw Failure(action, status, status.ToString(), text.Length > 200 ? text[..200] : text);
        }
        if ((int)status >= 300)
        {
            var error = xml.Descendants().FirstOrDefault(e => e.Name.LocalName == "Error");
            throw Failure(action, status, Child(error, "Code") ?? status.ToString(), Child(error, "Message") ?? "");
        }
        return xml;
    }

    /// <summary>The text of the first descendant of <paramref name="parent"/> named <paramref name="name"/>, in any namespace.</summary>
    public static string? Child(XElement? parent, string name) =>
        parent?.Descendants().FirstOrDefault(e => e.Name.LocalName == name)?.Value;

    private async Task<(System.Net.HttpStatusCode Status, string Text)> SendAsync(
        HttpMethod method, Uri uri, byte[] payload, string contentType, string? target, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, uri) { Content = new ByteArrayContent(payload) };
        request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        var toSign = new AWSSigningRequest { HttpMethod = method, RequestUri = uri, Content = payload };
        toSign.Headers["Content-Type"] = contentType;
        if (target is not null)
        {
            request.Headers.TryAddWithoutValidation("X-Amz-Target", target);
            toSign.Headers["X-Amz-Target"] = target;
        }
        var signature = await AWSSigV4Signer.SignAsync(
            toSign, new AWSSigV4Parameters { Credentials = credentials, Region = region, Service = service.SigningName }, cancellationToken);
        foreach (var (name, value) in signature.Headers)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }
        using var response = await http.SendAsync(request, cancellationToken);
        return (response.StatusCode, await response.Content.ReadAsStringAsync(cancellationToken));
    }

    private JsonObject ParseJson(string operation, System.Net.HttpStatusCode status, string text)
    {
        JsonObject json;
        try
        {
            json = text.Length == 0 ? [] : JsonNode.Parse(text) as JsonObject ?? [];
        }
        catch (System.Text.Json.JsonException)
        {
            throw Failure(operation, status, status.ToString(), text.Length > 200 ? text[..200] : text);
        }
        if ((int)status >= 300)
        {
            var type = json["__type"]?.GetValue<string>() ?? json["Type"]?.GetValue<string>() ?? status.ToString();
            throw Failure(operation, status, type[(type.LastIndexOf('#') + 1)..], json["message"]?.ToString() ?? json["Message"]?.ToString() ?? "");
        }
        return json;
    }

    private AmazonServiceException Failure(string operation, System.Net.HttpStatusCode status, string code, string message) =>
        new($"{service.SigningName} {operation} failed: {code}: {message}") { StatusCode = status, ErrorCode = code };
}
