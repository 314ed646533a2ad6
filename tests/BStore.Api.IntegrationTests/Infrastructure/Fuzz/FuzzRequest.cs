using System.Net.Http.Headers;
using System.Text;

namespace BStore.Api.IntegrationTests.Infrastructure.Fuzz;

/// <summary>Which credentials a fuzzed request carries.</summary>
public enum FuzzAuth
{
    /// <summary>The lane's own signed-in fuzz shopper.</summary>
    Shopper,
    None,
    Garbage,
    /// <summary>The shopper's token with one signature character changed.</summary>
    TamperedSignature,
    /// <summary>The shopper's token with the bystander's <c>sub</c> pasted in (so its signature no longer matches).</summary>
    ForgedBystanderSub,
    BearerWithoutToken,
    Basic,
    /// <summary>A 6 KB bearer token.</summary>
    Oversized,
}

/// <summary>
/// One generated request, exactly as it is sent: method, path and query (already URL-encoded), headers, body bytes.
/// <see cref="WireLevel"/> says why the HTTP server itself (not the API) may refuse it, with an empty 4xx: the few
/// things Kestrel checks before any middleware runs, and that API Gateway refuses before Lambda in AWS.
/// </summary>
public sealed record FuzzRequest(
    int Case, string Operation, string Method, string PathAndQuery, FuzzAuth Auth, IReadOnlyList<(string Name, string Value)> Headers,
    byte[]? Body, string? ContentType, bool Chunked, IReadOnlyList<string> Mutations, string? WireLevel)
{
    public const int ShownBodyChars = 600;

    /// <summary>
    /// A body over 64 KB (the API's request limit on main): the server may answer 413 before reading it and close the
    /// connection, so the client can fail to send it all and never read the answer.
    /// </summary>
    public bool MayBeCutOff => Body?.Length > 64 * 1024;

    /// <summary>The path, query, header values and body as text: what an answer may quote back.</summary>
    public string Sent => string.Join('\n', [Uri.UnescapeDataString(PathAndQuery), PathAndQuery, .. Headers.Select(h => h.Value),
        Body is null ? "" : Encoding.UTF8.GetString(Body)]);

    public HttpRequestMessage ToMessage(FuzzCredentials credentials)
    {
        var request = new HttpRequestMessage(new HttpMethod(Method), PathAndQuery);
        if (MayBeCutOff || WireLevel is not null)
        {
            request.Headers.ConnectionClose = true; // a connection the server may drop mid-request is not reused for the next case
        }
        if (credentials.Header(Auth) is { } authorization)
        {
            request.Headers.TryAddWithoutValidation("Authorization", authorization);
        }
        foreach (var (name, value) in Headers)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }
        if (Body is not null)
        {
            request.Content = new ByteArrayContent(Body);
            if (ContentType is not null)
            {
                request.Content.Headers.TryAddWithoutValidation("Content-Type", ContentType);
            }
            if (Chunked)
            {
                request.Headers.TransferEncodingChunked = true;
                request.Content.Headers.ContentLength = null;
            }
        }
        return request;
    }

    /// <summary>The request as a human reads it, to replay it by hand: body escaped and cut at <see cref="ShownBodyChars"/>.</summary>
    public string Describe(Uri? sentUri = null)
    {
        var text = new StringBuilder();
        text.Append(Method).Append(' ').Append(sentUri?.PathAndQuery ?? PathAndQuery).AppendLine();
        text.Append("  Authorization: ").AppendLine(Auth switch
        {
            FuzzAuth.Shopper => "Bearer <the lane's fuzz shopper's access token>",
            FuzzAuth.None => "(none)",
            FuzzAuth.Garbage => "Bearer not-a-jwt",
            FuzzAuth.TamperedSignature => "Bearer <the shopper's token, one signature character changed>",
            FuzzAuth.ForgedBystanderSub => "Bearer <the shopper's token with the bystander's sub pasted in>",
            FuzzAuth.BearerWithoutToken => "Bearer",
            FuzzAuth.Basic => "Basic <email:password>",
            _ => "Bearer <6 KB of 'a'>",
        });
        foreach (var (name, value) in Headers)
        {
            text.Append("  ").Append(name).Append(": ").AppendLine(Shown(value, 200));
        }
        if (Body is not null)
        {
            text.Append("  Content-Type: ").AppendLine(ContentType ?? "(none)");
            text.Append("  Body (").Append(Body.Length).Append(" bytes").Append(Chunked ? ", chunked" : "").Append("): ")
                .AppendLine(Shown(Encoding.UTF8.GetString(Body), ShownBodyChars));
        }
        text.Append("  Generated as: ").Append(string.Join("; ", Mutations));
        return text.ToString();
    }

    /// <summary>Control characters, lone surrogates and invalid bytes made visible; cut at <paramref name="max"/> characters.</summary>
    public static string Shown(string value, int max)
    {
        var text = new StringBuilder();
        foreach (var c in value.Length > max ? value[..max] : value)
        {
            text.Append(c is < ' ' or '\u007f' || char.IsSurrogate(c) ? $"\\u{(int)c:x4}" : c);
        }
        return value.Length > max ? $"{text}… ({value.Length} chars in all)" : text.ToString();
    }
}

/// <summary>The Authorization header each <see cref="FuzzAuth"/> stands for, for one lane's shopper.</summary>
public sealed class FuzzCredentials(ShopperAccount shopper, string bystanderSub)
{
    private readonly string _tampered = Jwt.WithSignatureCharacterChanged(shopper.AccessToken);
    private readonly string _forged = Jwt.WithPayload(shopper.AccessToken, p => p["sub"] = bystanderSub);
    private readonly string _basic = Convert.ToBase64String(Encoding.UTF8.GetBytes($"{shopper.Email}:{shopper.Password}"));

    public string? Header(FuzzAuth auth) => auth switch
    {
        FuzzAuth.Shopper => $"Bearer {shopper.AccessToken}",
        FuzzAuth.None => null,
        FuzzAuth.Garbage => "Bearer not-a-jwt",
        FuzzAuth.TamperedSignature => $"Bearer {_tampered}",
        FuzzAuth.ForgedBystanderSub => $"Bearer {_forged}",
        FuzzAuth.BearerWithoutToken => "Bearer",
        FuzzAuth.Basic => $"Basic {_basic}",
        _ => $"Bearer {new string('a', 6 * 1024)}",
    };
}
