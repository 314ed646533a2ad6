using System.Globalization;
using Amazon.DynamoDBv2.Model;
using BStore.Api.Data;

namespace BStore.Api.Reviews;

/// <summary>
/// How reviews are stored (docs/data-model.md): <c>REVIEW#&lt;productId&gt;</c> in the reviewer's UserActivity partition, so one
/// shopper has at most one review per product by key; <c>reviewProductId</c> + <c>createdAt</c> put it in the sparse
/// ReviewsByProduct index, which lists a product's reviews.
/// </summary>
public static class ReviewItems
{
    public const string ProductId = "reviewProductId";
    public const string CreatedAt = "createdAt";
    public const string UpdatedAt = "updatedAt";
    public const string Rating = "rating";
    public const string Title = "title";
    public const string Body = "body";
    public const string DisplayName = "displayName";
    public const string VerifiedPurchase = "verifiedPurchase";
    public const string OrderId = "orderId";

    public static Dictionary<string, AttributeValue> Key(string userId, string productId) => UserActivityItems.Key(userId, UserActivityKeys.ReviewPrefix + productId);

    public static Dictionary<string, AttributeValue> ToItem(
        string userId, string productId, ReviewText text, string displayName, string createdAt, string updatedAt, string? orderId)
    {
        var item = Key(userId, productId);
        item[ProductId] = new() { S = productId };
        item[CreatedAt] = new() { S = createdAt };
        item[UpdatedAt] = new() { S = updatedAt };
        item[Rating] = new() { N = DynamoNumbers.N(text.Rating) };
        item[Title] = new() { S = text.Title };
        item[Body] = new() { S = text.Body };
        item[DisplayName] = new() { S = displayName };
        item[VerifiedPurchase] = new() { BOOL = true };
        if (orderId is not null)
        {
            item[OrderId] = new() { S = orderId };
        }
        return item;
    }

    public static int RatingOf(Dictionary<string, AttributeValue> item) => int.Parse(item[Rating].N, CultureInfo.InvariantCulture);

    public static ReviewResponse ToReview(Dictionary<string, AttributeValue> item) => new(
        item[ProductId].S,
        item[DisplayName].S,
        RatingOf(item),
        item[Title].S,
        item[Body].S,
        Timestamp(item[CreatedAt]),
        Timestamp(item[UpdatedAt]),
        item.GetValueOrDefault(VerifiedPurchase)?.BOOL == true);

    private static DateTimeOffset Timestamp(AttributeValue value) => DateTimeOffset.Parse(value.S, CultureInfo.InvariantCulture);
}
