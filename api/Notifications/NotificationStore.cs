using System.Globalization;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using BStore.Api.Data;
using BStore.Api.Hosting;
using Microsoft.Extensions.Options;

namespace BStore.Api.Notifications;

public sealed record StoredEvent(string Id, string Type, string? ProductId, int? Quantity, DateTimeOffset At, bool Read);

/// <summary>
/// The inbox: the shopper's activity events, newest first. Read state is an event's <c>readAt</c>, or the
/// profile's <c>readAllUpTo</c> key (everything up to it is read), so "read all" is one write.
/// </summary>
public sealed class NotificationStore(IAmazonDynamoDB dynamoDb, IOptions<Data.TableNameSettings> options, TimeProvider time)
{
    private readonly string _table = options.Value.UserActivity;

    public async Task<(IReadOnlyList<StoredEvent> Events, string? NextId, int Unread)> ReadAsync(
        string userId, int limit, string? afterId, CancellationToken cancellationToken)
    {
        var readAllUpTo = await ReadAllUpToAsync(userId, cancellationToken);
        var query = UserActivityItems.QueryPrefix(_table, userId, UserActivityKeys.EventPrefix);
        query.ScanIndexForward = false;
        query.Limit = limit + 1;
        query.ExclusiveStartKey = afterId is null ? null : UserActivityItems.Key(userId, UserActivityKeys.EventPrefix + afterId);
        var page = await dynamoDb.QueryAsync(query, cancellationToken);
        var items = page.Items ?? [];
        var events = items.Take(limit).Select(i => ToEvent(i, readAllUpTo)).ToList();
        var unread = await CountUnreadAsync(userId, readAllUpTo, cancellationToken);
        return (events, items.Count > limit ? events[^1].Id : null, unread);
    }

    /// <summary>Marks one event read; false when the shopper has no such event.</summary>
    public async Task<bool> MarkReadAsync(string userId, string id, CancellationToken cancellationToken)
    {
        try
        {
            await dynamoDb.UpdateItemAsync(new UpdateItemRequest
            {
                TableName = _table,
                Key = UserActivityItems.Key(userId, UserActivityKeys.EventPrefix + id),
                UpdateExpression = "SET readAt = if_not_exists(readAt, :now)",
                ConditionExpression = "attribute_exists(sk)",
                ExpressionAttributeValues = new() { [":now"] = new() { S = time.GetUtcNow().ToString("O", CultureInfo.InvariantCulture) } },
            }, cancellationToken);
            return true;
        }
        catch (ConditionalCheckFailedException)
        {
            return false;
        }
    }

    /// <summary>Everything up to now is read: one write, however many events there are.</summary>
    public Task MarkAllReadAsync(string userId, CancellationToken cancellationToken) =>
        dynamoDb.UpdateItemAsync(new UpdateItemRequest
        {
            TableName = _table,
            Key = UserActivityItems.Key(userId, UserActivityKeys.Profile),
            UpdateExpression = "SET readAllUpTo = :key",
            ExpressionAttributeValues = new() { [":key"] = new() { S = $"{UserActivityKeys.EventPrefix}{time.GetUtcNow().ToUnixTimeMilliseconds():D13}-ffffffffffffffff" } },
        }, cancellationToken);

    private async Task<string> ReadAllUpToAsync(string userId, CancellationToken cancellationToken)
    {
        var profile = await dynamoDb.GetItemAsync(new GetItemRequest
        {
            TableName = _table,
            Key = UserActivityItems.Key(userId, UserActivityKeys.Profile),
            ConsistentRead = true,
        }, cancellationToken);
        return profile.Item?.GetValueOrDefault("readAllUpTo")?.S ?? UserActivityKeys.EventPrefix;
    }

    private async Task<int> CountUnreadAsync(string userId, string readAllUpTo, CancellationToken cancellationToken)
    {
        var count = 0;
        await foreach (var page in dynamoDb.QueryPagesAsync(new QueryRequest
        {
            TableName = _table,
            KeyConditionExpression = $"{UserActivityKeys.PartitionKey} = :u AND {UserActivityKeys.SortKey} BETWEEN :after AND :last",
            FilterExpression = "attribute_not_exists(readAt)",
            ExpressionAttributeValues = new()
            {
                [":u"] = new() { S = userId },
                [":after"] = new() { S = readAllUpTo },
                [":last"] = new() { S = UserActivityKeys.EventPrefix + "~" },
            },
            Select = Select.COUNT,
        }, cancellationToken))
        {
            count += page.Count ?? 0;
        }
        return count;
    }

    private static StoredEvent ToEvent(Dictionary<string, AttributeValue> item, string readAllUpTo)
    {
        var sk = UserActivityItems.SortKeyOf(item);
        return new StoredEvent(
            sk[UserActivityKeys.EventPrefix.Length..],
            item["type"].S,
            item.GetValueOrDefault("productId")?.S,
            item.GetValueOrDefault("quantity")?.N is { } n ? int.Parse(n, CultureInfo.InvariantCulture) : null,
            DateTimeOffset.Parse(item["at"].S, CultureInfo.InvariantCulture),
            item.ContainsKey("readAt") || string.CompareOrdinal(sk, readAllUpTo) <= 0);
    }

}
