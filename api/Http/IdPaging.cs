using System.Buffers;
using System.Buffers.Text;
using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;

namespace BStore.Api.Http;

/// <summary>
/// Pages through a shopper's own time-ordered items (events, orders): the cursor is the last id of the page, base64url.
/// It needs no signature: it only ever selects within the caller's own partition.
/// </summary>
public static class IdPaging
{
    public const int DefaultLimit = 20;
    public const int MaxLimit = 50;

    /// <summary>The page size and the id to continue after; <paramref name="isId"/> tells the caller's ids (a cursor is only ever one of them).</summary>
    public static (int Limit, string? AfterId, ValidationProblem? Problem) Read(string? cursor, string? limit, Func<string, bool> isId)
    {
        var pageSize = DefaultLimit;
        if (!string.IsNullOrEmpty(limit) &&
            (!int.TryParse(limit, NumberStyles.None, CultureInfo.InvariantCulture, out pageSize) || pageSize is < 1 or > MaxLimit))
        {
            return (0, null, JsonBody.Invalid("limit", $"limit must be a whole number from 1 to {MaxLimit}."));
        }
        if (string.IsNullOrEmpty(cursor))
        {
            return (pageSize, null, null);
        }
        return Decode(cursor) is { } afterId && isId(afterId)
            ? (pageSize, afterId, null)
            : (0, null, JsonBody.Invalid("cursor", "cursor is not valid. Start again from the first page."));
    }

    public static string? Encode(string? lastId) => lastId is null ? null : Base64Url.EncodeToString(System.Text.Encoding.ASCII.GetBytes(lastId));

    private static string? Decode(string cursor)
    {
        if (cursor.Length > 64)
        {
            return null;
        }
        var bytes = new byte[48];
        if (Base64Url.DecodeFromChars(cursor, bytes, out var consumed, out var written) != OperationStatus.Done || consumed != cursor.Length)
        {
            return null;
        }
        return System.Text.Encoding.ASCII.GetString(bytes, 0, written);
    }
}
