using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using BStore.Api.Catalog;

namespace BStore.Api.Reviews;

/// <summary>Where a page of a product's reviews ended: the last review's reviewer and creation time (its index key).</summary>
public sealed record ReviewPosition(string UserId, string CreatedAt);

/// <summary>
/// Review cursors carry the last reviewer's user id, which must not be shown to anyone else, so they are encrypted and
/// authenticated (AES-GCM under a key derived from the deployment's cursor key) and bound to the product they page through.
/// </summary>
public sealed class ReviewCursorCodec(CursorSecret secret)
{
    public const int MaxLength = 512;
    private const string Version = "1";
    private const int NonceSize = 12;
    private const int TagSize = 16;
    private readonly byte[] _key = HMACSHA256.HashData(secret.Key, "reviews-cursor"u8);

    public string Encode(string productId, ReviewPosition position)
    {
        var plain = Encoding.UTF8.GetBytes(string.Join('\n', Version, productId, position.UserId, position.CreatedAt));
        var sealedBytes = new byte[NonceSize + plain.Length + TagSize];
        var nonce = sealedBytes.AsSpan(0, NonceSize);
        RandomNumberGenerator.Fill(nonce);
        using var aes = new AesGcm(_key, TagSize);
        aes.Encrypt(nonce, plain, sealedBytes.AsSpan(NonceSize, plain.Length), sealedBytes.AsSpan(NonceSize + plain.Length), AssociatedData(productId));
        return Base64Url.EncodeToString(sealedBytes);
    }

    /// <summary>The position in <paramref name="cursor"/>, or null when it is not a cursor of this product's reviews.</summary>
    public ReviewPosition? Decode(string productId, string cursor)
    {
        if (cursor.Length is 0 or > MaxLength)
        {
            return null;
        }
        var bytes = new byte[Base64Url.GetMaxDecodedLength(cursor.Length)];
        if (Base64Url.DecodeFromChars(cursor, bytes, out var consumed, out var written) != System.Buffers.OperationStatus.Done ||
            consumed != cursor.Length || written <= NonceSize + TagSize)
        {
            return null;
        }
        var plain = new byte[written - NonceSize - TagSize];
        try
        {
            using var aes = new AesGcm(_key, TagSize);
            aes.Decrypt(bytes.AsSpan(0, NonceSize), bytes.AsSpan(NonceSize, plain.Length), bytes.AsSpan(NonceSize + plain.Length, TagSize), plain,
                AssociatedData(productId));
        }
        catch (AuthenticationTagMismatchException)
        {
            return null;
        }
        return Encoding.UTF8.GetString(plain).Split('\n') is [Version, var boundTo, var userId, var createdAt] && boundTo == productId
            ? new ReviewPosition(userId, createdAt)
            : null;
    }

    private static byte[] AssociatedData(string productId) => Encoding.UTF8.GetBytes(productId);
}
