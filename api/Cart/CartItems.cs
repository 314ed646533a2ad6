using System.Globalization;
using Amazon.DynamoDBv2.Model;
using BStore.Api.Data;

namespace BStore.Api.Cart;

/// <summary>How a cart is stored in the shopper's UserActivity partition (docs/data-model.md).</summary>
public static class CartItems
{
    public static string LineKey(string productId) => UserActivityKeys.CartLinePrefix + productId;

    public static long Version(Dictionary<string, AttributeValue>? header) => Number(header, "version");

    public static int LineCount(Dictionary<string, AttributeValue>? header) => (int)Number(header, "lineCount");

    public static int Quantity(Dictionary<string, AttributeValue>? line) => (int)Number(line, "quantity");

    private static long Number(Dictionary<string, AttributeValue>? item, string name) =>
        item is not null && item.TryGetValue(name, out var value) && value.N is { } n ? long.Parse(n, CultureInfo.InvariantCulture) : 0;
}

/// <summary>A shopper's cart as stored: its version and the quantity of each product.</summary>
public sealed record StoredCart(long Version, IReadOnlyList<StoredCartLine> Lines);

public sealed record StoredCartLine(string ProductId, int Quantity);
