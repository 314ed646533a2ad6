using System.Globalization;
using Amazon;
using Amazon.Runtime;
using Amazon.Runtime.Signing;

namespace BStore.Api.Aws;

/// <summary>
/// Signs each request with SigV4 through AWSSDK.Core's signer, just before it is sent: under the retry handler, so every
/// attempt carries a fresh signature. Signed: host, the content's type and length, every X-Amz-* header, the payload's hash.
/// </summary>
public sealed class AwsSigningHandler(AWSCredentials credentials, RegionEndpoint region, string signingName) : DelegatingHandler
{
    /// <summary>A fixed signing time (the signing tests' vectors); unset, the signer takes the current time.</summary>
    internal DateTime? SignedAt { get; init; }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var payload = request.Content is null ? [] : await request.Content.ReadAsByteArrayAsync(cancellationToken);
        var toSign = new AWSSigningRequest { HttpMethod = request.Method, RequestUri = request.RequestUri!, Content = payload };
        if (request.Content is not null)
        {
            if (request.Content.Headers.ContentType is { } contentType)
            {
                toSign.Headers["Content-Type"] = contentType.ToString();
            }
            toSign.Headers["Content-Length"] = payload.Length.ToString(CultureInfo.InvariantCulture);
        }
        foreach (var (name, values) in request.Headers)
        {
            if (name.StartsWith("X-Amz-", StringComparison.OrdinalIgnoreCase))
            {
                toSign.Headers[name] = string.Join(',', values);
            }
        }
        var signature = await AWSSigV4Signer.SignAsync(toSign, new AWSSigV4Parameters
        {
            Credentials = credentials, Region = region, Service = signingName, SignedAt = SignedAt,
        }, cancellationToken);
        foreach (var (name, value) in signature.Headers)
        {
            request.Headers.Remove(name);
            request.Headers.TryAddWithoutValidation(name, value);
        }
        return await base.SendAsync(request, cancellationToken);
    }
}
