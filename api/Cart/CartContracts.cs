using System.Text.Json;
using System.Text.Json.Serialization;

namespace BStore.Api.Cart;

public sealed record SetQuantityRequest(int? Quantity);

public sealed record MergeCartRequest(List<MergeCartItem?>? Items);

public sealed record MergeCartItem(string? ProductId, int? Quantity);

/// <summary>
/// A cart priced from the catalog at read time. <c>status</c> of a line: <c>ok</c>, <c>insufficient_stock</c>
/// (more in the cart than available) or <c>unavailable</c> (the product left the catalog); only <c>ok</c> lines
/// count towards the subtotal.
/// </summary>
public sealed record CartResponse(IReadOnlyList<CartLineResponse> Lines, decimal Subtotal, int ItemCount, string? Currency, long Version);

public sealed record CartLineResponse(
    string ProductId, string? Name, string? ImageUrl, decimal? UnitPrice, int Quantity, decimal? LineTotal, string Status, int AvailableQuantity);

/// <summary><c>version</c>: the cart's version after the write (also the ETag), for a later If-Match.</summary>
public sealed record CartLineChangeResponse(string ProductId, int Quantity, long? Version);

public sealed record MergeCartResponse(CartResponse Cart, IReadOnlyList<string> UnknownProductIds, IReadOnlyList<MergeAdjustment> Adjusted);

public sealed record MergeAdjustment(string ProductId, int Requested, int Quantity);

public static class CartLineStatus
{
    public const string Ok = "ok";
    public const string InsufficientStock = "insufficient_stock";
    public const string Unavailable = "unavailable";
}

/// <summary>Answers, source-generated (Native AOT has no reflection).</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(CartResponse))]
[JsonSerializable(typeof(CartLineChangeResponse))]
[JsonSerializable(typeof(MergeCartResponse))]
public sealed partial class CartJsonContext : JsonSerializerContext;

/// <summary>Request bodies, strict (<see cref="Http.JsonBody"/>): unknown fields and numbers in strings are errors.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow, NumberHandling = JsonNumberHandling.Strict, AllowTrailingCommas = false, MaxDepth = 64)]
[JsonSerializable(typeof(SetQuantityRequest))]
[JsonSerializable(typeof(MergeCartRequest))]
public sealed partial class CartRequestJsonContext : JsonSerializerContext;
