using System.Globalization;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using BStore.Api.Catalog;
using BStore.Api.Data;
using BStore.Api.Hosting;
using BStore.Api.Orders;
using Microsoft.Extensions.Options;

namespace BStore.Api.Reviews;

public enum ReviewOutcome { Created, Updated, Deleted, ProductNotFound, ReviewNotFound, NotPurchased, NotDelivered, Busy }

public sealed record ReviewWrite(ReviewOutcome Outcome, ReviewResponse? Review = null);

public sealed record ReviewPage(IReadOnlyList<ReviewResponse> Reviews, ReviewPosition? Next);

/// <summary>
/// Reviews and their products' rating aggregates. Every change is one TransactWriteItems: the review item, conditioned on the
/// review as it was read (absent, or the same rating and creation time), and the product's <c>ratingSum</c>/<c>ratingCount</c>
/// changed by ADD. The aggregate is never computed from a read, so concurrent reviews of one product can conflict (and are
/// retried) but never lose or double a count.
/// </summary>
public sealed class ReviewStore(IAmazonDynamoDB dynamoDb, IOptions<TableNameSettings> options, TimeProvider time)
{
    public const int Attempts = 6;
    private static readonly RetryPolicy Retries = RetryPolicy.Conflicts with { Attempts = Attempts };
    private readonly TableNameSettings _tables = options.Value;

    /// <summary>One page of the product's reviews, newest first: one Query of the ReviewsByProduct index.</summary>
    public async Task<ReviewPage> ListAsync(string productId, int limit, ReviewPosition? after, CancellationToken cancellationToken)
    {
        var response = await dynamoDb.QueryAsync(new QueryRequest
        {
            TableName = _tables.UserActivity,
            IndexName = UserActivityIndexes.ReviewsByProduct,
            KeyConditionExpression = "#product = :product",
            ExpressionAttributeNames = new() { ["#product"] = ReviewItems.ProductId },
            ExpressionAttributeValues = new() { [":product"] = new() { S = productId } },
            ScanIndexForward = false,
            Limit = limit + 1, // one more tells whether another page exists
            ExclusiveStartKey = after is null ? null : IndexKey(productId, after),
        }, cancellationToken);
        var items = response.Items ?? [];
        if (items.Count > limit)
        {
            var page = items.GetRange(0, limit);
            return new(page.ConvertAll(ReviewItems.ToReview), PositionOf(page[^1]));
        }
        return new(items.ConvertAll(ReviewItems.ToReview), response.LastEvaluatedKey is { Count: > 0 } last ? PositionOf(last) : null);
    }

    public async Task<ReviewResponse?> GetAsync(string userId, string productId, CancellationToken cancellationToken)
    {
        var response = await dynamoDb.GetItemAsync(new GetItemRequest
        {
            TableName = _tables.UserActivity, Key = ReviewItems.Key(userId, productId), ConsistentRead = true,
        }, cancellationToken);
        return response.Item is { Count: > 0 } item ? ReviewItems.ToReview(item) : null;
    }

    /// <summary>Creates or replaces the shopper's review. A first review needs a delivered order containing the product.</summary>
    public async Task<ReviewWrite> PutAsync(string userId, string productId, ReviewText text, CancellationToken cancellationToken)
    {
        string? qualifyingOrder = null;
        var eligible = false;
        return await Retries.RunAsync<ReviewWrite>(async _ =>
        {
            var (productExists, existing, profile) = await ReadAsync(userId, productId, cancellationToken);
            if (!productExists)
            {
                return new ReviewWrite(ReviewOutcome.ProductNotFound);
            }
            if (existing is null && !eligible)
            {
                var (refusal, orderId) = await EligibilityAsync(userId, productId, cancellationToken);
                if (refusal is not null)
                {
                    return new ReviewWrite(refusal.Value);
                }
                (eligible, qualifyingOrder) = (true, orderId);
            }

            var now = time.GetUtcNow().ToString("O", CultureInfo.InvariantCulture);
            var item = ReviewItems.ToItem(userId, productId, text, ReviewerNames.From(profile?.GetValueOrDefault("email")?.S),
                createdAt: existing?[ReviewItems.CreatedAt].S ?? now, updatedAt: now,
                orderId: existing?.GetValueOrDefault(ReviewItems.OrderId)?.S ?? qualifyingOrder);
            var put = new Put { TableName = _tables.UserActivity, Item = item };
            if (existing is null)
            {
                put.ConditionExpression = "attribute_not_exists(sk)";
            }
            else
            {
                ConditionOnUnchanged(existing, out var condition, out var names, out var values);
                (put.ConditionExpression, put.ExpressionAttributeNames, put.ExpressionAttributeValues) = (condition, names, values);
            }
            var writes = new List<TransactWriteItem> { new() { Put = put } };
            var ratingChange = text.Rating - (existing is null ? 0 : ReviewItems.RatingOf(existing));
            if (existing is null || ratingChange != 0)
            {
                writes.Add(AggregateUpdate(productId, ratingChange, existing is null ? 1 : 0));
            }

            return await TryCommitAsync(writes, cancellationToken) switch
            {
                Commit.Done => new ReviewWrite(existing is null ? ReviewOutcome.Created : ReviewOutcome.Updated, ReviewItems.ToReview(item)),
                Commit.ProductGone => new ReviewWrite(ReviewOutcome.ProductNotFound),
                _ => Attempt<ReviewWrite>.Again,
            };
        }, () => new(ReviewOutcome.Busy), cancellationToken);
    }

    /// <summary>Deletes the shopper's review and takes its rating out of the product's aggregate.</summary>
    public async Task<ReviewOutcome> DeleteAsync(string userId, string productId, CancellationToken cancellationToken)
    {
        var productGone = false;
        return await Retries.RunAsync<ReviewOutcome>(async _ =>
        {
            var existing = (await dynamoDb.GetItemAsync(new GetItemRequest
            {
                TableName = _tables.UserActivity, Key = ReviewItems.Key(userId, productId), ConsistentRead = true,
            }, cancellationToken)).Item;
            if (existing is not { Count: > 0 })
            {
                return ReviewOutcome.ReviewNotFound;
            }
            ConditionOnUnchanged(existing, out var condition, out var names, out var values);
            var writes = new List<TransactWriteItem>
            {
                new()
                {
                    Delete = new Delete
                    {
                        TableName = _tables.UserActivity, Key = ReviewItems.Key(userId, productId),
                        ConditionExpression = condition, ExpressionAttributeNames = names, ExpressionAttributeValues = values,
                    },
                },
            };
            if (!productGone)
            {
                writes.Add(AggregateUpdate(productId, -ReviewItems.RatingOf(existing), -1));
            }
            switch (await TryCommitAsync(writes, cancellationToken))
            {
                case Commit.Done:
                    return ReviewOutcome.Deleted;
                case Commit.ProductGone:
                    productGone = true; // nothing left to adjust; the review still goes
                    break;
            }
            return Attempt<ReviewOutcome>.Again;
        }, () => ReviewOutcome.Busy, cancellationToken);
    }

    private enum Commit { Done, Retry, ProductGone }

    private async Task<Commit> TryCommitAsync(List<TransactWriteItem> writes, CancellationToken cancellationToken)
    {
        try
        {
            await dynamoDb.TransactWriteItemsAsync(new TransactWriteItemsRequest { TransactItems = writes }, cancellationToken);
            return Commit.Done;
        }
        catch (TransactionCanceledException e) when (writes.Count > 1 && e.ConditionFailedAt(1))
        {
            return Commit.ProductGone;
        }
        catch (Exception e) when (e is TransactionCanceledException or TransactionConflictException)
        {
            // The review changed since it was read (another device of the same shopper) or another review of the product
            // committed at the same moment: read again and retry, a few times.
            return Commit.Retry;
        }
    }

    /// <summary>The product (exists?), the shopper's review of it and their profile (for the shown name), in one BatchGetItem.</summary>
    private async Task<(bool ProductExists, Dictionary<string, AttributeValue>? Review, Dictionary<string, AttributeValue>? Profile)> ReadAsync(
        string userId, string productId, CancellationToken cancellationToken)
    {
        var found = await dynamoDb.BatchGetAllAsync(new()
        {
            [_tables.Products] = new()
            {
                Keys = [new() { [ProductItem.Id] = new() { S = productId } }],
                ProjectionExpression = "#id",
                ExpressionAttributeNames = new() { ["#id"] = ProductItem.Id },
                ConsistentRead = true,
            },
            [_tables.UserActivity] = new()
            {
                Keys = [ReviewItems.Key(userId, productId), UserActivityItems.Key(userId, UserActivityKeys.Profile)],
                ConsistentRead = true,
            },
        }, cancellationToken);
        var activity = found[_tables.UserActivity];
        return (found[_tables.Products].Count > 0,
            activity.FirstOrDefault(i => UserActivityItems.SortKeyOf(i) == UserActivityKeys.ReviewPrefix + productId),
            activity.FirstOrDefault(i => UserActivityItems.SortKeyOf(i) == UserActivityKeys.Profile));
    }

    /// <summary>Null and the qualifying order when one of the shopper's delivered orders contains the product; else why not.</summary>
    private async Task<(ReviewOutcome? Refusal, string? OrderId)> EligibilityAsync(string userId, string productId, CancellationToken cancellationToken)
    {
        var undelivered = false;
        var query = UserActivityItems.QueryPrefix(_tables.UserActivity, userId, UserActivityKeys.OrderPrefix);
        query.ProjectionExpression = "orderId, #status, #lines";
        query.ExpressionAttributeNames = new() { ["#status"] = "status", ["#lines"] = "lines" };
        query.ConsistentRead = true;
        await foreach (var page in dynamoDb.QueryPagesAsync(query, cancellationToken))
        {
            foreach (var order in page.Items ?? [])
            {
                var contains = order.GetValueOrDefault("lines")?.L?.Any(l => l.M?.GetValueOrDefault("productId")?.S == productId) == true;
                if (!contains)
                {
                    continue;
                }
                if (order.GetValueOrDefault("status")?.S == OrderStatuses.Delivered)
                {
                    return (null, order.GetValueOrDefault("orderId")?.S);
                }
                undelivered = true;
            }
        }
        return (undelivered ? ReviewOutcome.NotDelivered : ReviewOutcome.NotPurchased, null);
    }

    private TransactWriteItem AggregateUpdate(string productId, int sumChange, int countChange) => new() { Update = new()
    {
        TableName = _tables.Products,
        Key = new() { [ProductItem.Id] = new() { S = productId } },
        UpdateExpression = "ADD #sum :sum, #count :count",
        ConditionExpression = "attribute_exists(#id)", // never create a stub product
        ExpressionAttributeNames = new() { ["#sum"] = ProductItem.RatingSum, ["#count"] = ProductItem.RatingCount, ["#id"] = ProductItem.Id },
        ExpressionAttributeValues = new() { [":sum"] = new() { N = DynamoNumbers.N(sumChange) }, [":count"] = new() { N = DynamoNumbers.N(countChange) } },
    } };

    /// <summary>The review is still the one that was read: same rating (the aggregate change depends on it) and creation time.</summary>
    private static void ConditionOnUnchanged(
        Dictionary<string, AttributeValue> existing, out string condition, out Dictionary<string, string> names, out Dictionary<string, AttributeValue> values)
    {
        condition = "#rating = :oldRating AND #created = :created";
        names = new() { ["#rating"] = ReviewItems.Rating, ["#created"] = ReviewItems.CreatedAt };
        values = new() { [":oldRating"] = existing[ReviewItems.Rating], [":created"] = existing[ReviewItems.CreatedAt] };
    }

    private static Dictionary<string, AttributeValue> IndexKey(string productId, ReviewPosition position) => new()
    {
        [UserActivityKeys.PartitionKey] = new() { S = position.UserId },
        [UserActivityKeys.SortKey] = new() { S = UserActivityKeys.ReviewPrefix + productId },
        [ReviewItems.ProductId] = new() { S = productId },
        [ReviewItems.CreatedAt] = new() { S = position.CreatedAt },
    };

    private static ReviewPosition PositionOf(Dictionary<string, AttributeValue> item) => new(item[UserActivityKeys.PartitionKey].S, item[ReviewItems.CreatedAt].S);
}
