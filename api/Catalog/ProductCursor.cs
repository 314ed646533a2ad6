using System.Buffers.Text;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace BStore.Api.Catalog;

/// <summary>The deployment's cursor key, for other cursors (reviews) to derive their own keys from.</summary>
public sealed record CursorSecret(byte[] Key);

/// <summary>Where a page ended: the last product's id and its value of the index sort key.</summary>
public sealed record CursorPosition(string ProductId, string SortValue);

/// <summary>
/// Opaque, tamper-evident pagination cursors: base64url(payload) "." base64url(HMAC-SHA256(payload)).
/// The payload binds the position to the query it came from and to the time it was issued, so a forged,
/// edited, foreign or stale cursor is recognised and answered with 400.
/// </summary>
public sealed class ProductCursorCodec(byte[] key, TimeProvider time)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromHours(24);
    private const string Version = "1";

    public string Encode(ProductQuery query, CursorPosition position)
    {
        var issued = time.GetUtcNow().ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        var payload = Encoding.UTF8.GetBytes(string.Join('\n', Version, Bind(query), position.ProductId, position.SortValue, issued));
        return $"{Base64Url.EncodeToString(payload)}.{Base64Url.EncodeToString(HMACSHA256.HashData(key, payload))}";
    }

    /// <summary>The position in <paramref name="cursor"/>, or null with a message a client can show.</summary>
    public CursorPosition? Decode(string cursor, ProductQuery query, out string? error)
    {
        error = "cursor is not valid. Start again from the first page.";
        var dot = cursor.IndexOf('.', StringComparison.Ordinal);
        if (dot <= 0 || !TryDecodeBase64Url(cursor[..dot], out var payload) || !TryDecodeBase64Url(cursor[(dot + 1)..], out var mac) ||
            !CryptographicOperations.FixedTimeEquals(mac, HMACSHA256.HashData(key, payload)))
        {
            return null;
        }
        var parts = Encoding.UTF8.GetString(payload).Split('\n');
        if (parts is not [Version, var binding, var productId, var sortValue, var issuedText] ||
            !long.TryParse(issuedText, NumberStyles.None, CultureInfo.InvariantCulture, out var issued))
        {
            return null;
        }
        if (binding != Bind(query))
        {
            error = "cursor belongs to a different query. Keep q, category, minPrice, maxPrice and sort unchanged while paging.";
            return null;
        }
        if (time.GetUtcNow() - DateTimeOffset.FromUnixTimeSeconds(issued) > Lifetime)
        {
            error = "cursor has expired. Start again from the first page.";
            return null;
        }
        error = null;
        return new CursorPosition(productId, sortValue);
    }

    private static string Bind(ProductQuery query) =>
        Base64Url.EncodeToString(SHA256.HashData(Encoding.UTF8.GetBytes(query.Fingerprint())).AsSpan(0, 12));

    private static bool TryDecodeBase64Url(string text, out byte[] bytes)
    {
        bytes = new byte[Base64Url.GetMaxDecodedLength(text.Length)];
        if (Base64Url.DecodeFromChars(text, bytes, out var consumed, out var written) != System.Buffers.OperationStatus.Done ||
            consumed != text.Length)
        {
            return false;
        }
        bytes = bytes[..written];
        return true;
    }
}
