namespace BStore.Api.Data;

/// <summary>
/// The keys of the UserActivity table (docs/data-model.md): its key attributes, and the sort key of every kind of item
/// a shopper's partition holds. The one place these are spelled; a new kind of item gets its prefix here.
/// No AWS SDK types: the CDK app links this file (the workflows' stream filters match these prefixes).
/// </summary>
public static class UserActivityKeys
{
    public const string PartitionKey = "userId";
    public const string SortKey = "sk";

    /// <summary>The shopper's profile: email, notification choices, <c>readAllUpTo</c>.</summary>
    public const string Profile = "PROFILE";

    /// <summary>The cart header: <c>version</c> and <c>lineCount</c>.</summary>
    public const string CartHeader = "CART";

    public const string CartLinePrefix = "CART#";
    public const string WishlistPrefix = "WISH#";
    public const string OrderPrefix = "ORDER#";
    public const string IdempotencyPrefix = "IDEMPOTENCY#";
    public const string EventPrefix = "EVENT#";
    public const string ReviewPrefix = "REVIEW#";

    /// <summary>How often the shopper used a promo code (<c>PROMO#CODE</c>).</summary>
    public const string PromoUsePrefix = "PROMO#";
}
