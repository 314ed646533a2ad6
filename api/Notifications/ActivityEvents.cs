using System.Globalization;
using System.Security.Cryptography;
using Amazon.DynamoDBv2.Model;
using BStore.Api.Data;

namespace BStore.Api.Notifications;

/// <summary>Kinds of shopper activity: what a notification tells the shopper about.</summary>
public static class ActivityTypes
{
    public const string CartItemSet = "cart.item_set";
    public const string CartItemRemoved = "cart.item_removed";
    public const string CartCleared = "cart.cleared";
    public const string CartMerged = "cart.merged";
    public const string WishlistItemAdded = "wishlist.item_added";
    public const string WishlistItemRemoved = "wishlist.item_removed";
    public const string WishlistItemMovedToCart = "wishlist.item_moved_to_cart";
    public const string OrderPlaced = "order.placed";
    public const string OrderConfirmed = "order.confirmed";
    public const string OrderPacked = "order.packed";
    public const string OrderShipped = "order.shipped";
    public const string OrderDelivered = "order.delivered";
    public const string OrderCancelled = "order.cancelled";
    public const string OrderPaymentDeclined = "order.payment_declined";
    public const string OrderRefunded = "order.refunded";
}

/// <summary>
/// Activity events live in the shopper's partition (<c>EVENT#&lt;sortable id&gt;</c>) and are written in the same
/// transaction as the change they record: no change without its event, no event without its change.
/// </summary>
public sealed partial class ActivityEvents(TimeProvider time)
{
    // Events are also the in-app inbox (ADR 0007): kept for 30 days.
    public static readonly TimeSpan Retention = TimeSpan.FromDays(30);

    public TransactWriteItem Put(string table, string userId, string type, string? productId = null, int? quantity = null, string? orderId = null)
    {
        var now = time.GetUtcNow();
        var item = new Dictionary<string, AttributeValue>
        {
            [UserActivityKeys.PartitionKey] = new() { S = userId },
            [UserActivityKeys.SortKey] = new() { S = UserActivityKeys.EventPrefix + SortableId(now) },
            ["type"] = new() { S = type },
            ["at"] = new() { S = now.ToString("O", CultureInfo.InvariantCulture) },
            ["expiresAt"] = new() { N = (now + Retention).ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture) },
        };
        if (productId is not null)
        {
            item["productId"] = new() { S = productId };
        }
        if (orderId is not null)
        {
            item["orderId"] = new() { S = orderId };
        }
        if (quantity is not null)
        {
            item["quantity"] = new() { N = quantity.Value.ToString(CultureInfo.InvariantCulture) };
        }
        return new TransactWriteItem
        {
            Put = new Put { TableName = table, Item = item, ConditionExpression = "attribute_not_exists(sk)" },
        };
    }

    /// <summary>Whether <paramref name="id"/> looks like a <see cref="SortableId"/>.</summary>
    public static bool IsValidId(string? id) => id is { Length: 30 } && SortableIdPattern().IsMatch(id);

    [System.Text.RegularExpressions.GeneratedRegex(@"\A[0-9]{13}-[0-9a-f]{16}\z", System.Text.RegularExpressions.RegexOptions.CultureInvariant)]
    private static partial System.Text.RegularExpressions.Regex SortableIdPattern();

    /// <summary>Time-ordered and unique: milliseconds since the epoch, then 64 random bits.</summary>
    public static string SortableId(DateTimeOffset at) =>
        $"{at.ToUnixTimeMilliseconds():D13}-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8))}";
}
