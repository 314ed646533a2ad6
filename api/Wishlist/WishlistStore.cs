using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using BStore.Api.Data;
using BStore.Api.Notifications;
using BStore.Api.Hosting;
using Microsoft.Extensions.Options;

namespace BStore.Api.Wishlist;

public sealed record WishlistEntry(string ProductId, DateTimeOffset AddedAt);

/// <summary>The shopper's wishlist: <c>WISH#&lt;productId&gt;</c> items; each change is one transaction with its event.</summary>
public sealed class WishlistStore(IAmazonDynamoDB dynamoDb, IOptions<Data.TableNameSettings> options, ActivityEvents events, TimeProvider time)
{
    public const int MaxEntries = 200;
    private readonly string _table = options.Value.UserActivity;

    public static string Key(string productId) => UserActivityKeys.WishlistPrefix + productId;

    public async Task<IReadOnlyList<WishlistEntry>> ReadAsync(string userId, CancellationToken cancellationToken)
    {
        var query = UserActivityItems.QueryPrefix(_table, userId, UserActivityKeys.WishlistPrefix);
        query.ConsistentRead = true;
        var items = await dynamoDb.QueryAllAsync(query, cancellationToken);
        return [.. items
            .Select(i => new WishlistEntry(
                UserActivityItems.SortKeyOf(i)[UserActivityKeys.WishlistPrefix.Length..],
                DateTimeOffset.Parse(i["addedAt"].S, System.Globalization.CultureInfo.InvariantCulture)))
            .OrderByDescending(e => e.AddedAt)];
    }

    /// <summary>Adds the product; false when it was already there (nothing written, no event).</summary>
    public async Task<bool> AddAsync(string userId, string productId, CancellationToken cancellationToken)
    {
        var item = UserActivityItems.Key(userId, Key(productId));
        item["addedAt"] = new() { S = time.GetUtcNow().ToString("O", System.Globalization.CultureInfo.InvariantCulture) };
        return await TryCommitAsync(
        [
            new TransactWriteItem { Put = new Put { TableName = _table, Item = item, ConditionExpression = "attribute_not_exists(sk)" } },
            events.Put(_table, userId, ActivityTypes.WishlistItemAdded, productId),
        ], cancellationToken);
    }

    /// <summary>Removes the product; false when it was not there (nothing written, no event).</summary>
    public Task<bool> RemoveAsync(string userId, string productId, CancellationToken cancellationToken) => TryCommitAsync(
    [
        new TransactWriteItem
        {
            Delete = new Delete { TableName = _table, Key = UserActivityItems.Key(userId, Key(productId)), ConditionExpression = "attribute_exists(sk)" },
        },
        events.Put(_table, userId, ActivityTypes.WishlistItemRemoved, productId),
    ], cancellationToken);

    public async Task<int> CountAsync(string userId, CancellationToken cancellationToken)
    {
        var query = UserActivityItems.QueryPrefix(_table, userId, UserActivityKeys.WishlistPrefix);
        query.Select = Select.COUNT;
        var response = await dynamoDb.QueryAsync(query, cancellationToken);
        return response.Count ?? 0;
    }

    private async Task<bool> TryCommitAsync(List<TransactWriteItem> writes, CancellationToken cancellationToken)
    {
        try
        {
            await dynamoDb.TransactWriteItemsAsync(new TransactWriteItemsRequest { TransactItems = writes }, cancellationToken);
            return true;
        }
        catch (TransactionCanceledException e) when (e.ConditionFailedAt(0))
        {
            return false;
        }
    }
}
