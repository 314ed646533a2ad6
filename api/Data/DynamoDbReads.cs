using System.Runtime.CompilerServices;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;

namespace BStore.Api.Data;

/// <summary>Reads that take more than one DynamoDB call: every page of a Query or Scan, every key of a BatchGetItem.</summary>
public static class DynamoDbReads
{
    /// <summary>The pages of <paramref name="request"/>, one Query each, at most <paramref name="maxPages"/>; stop early by leaving the loop.</summary>
    public static async IAsyncEnumerable<QueryResponse> QueryPagesAsync(
        this IAmazonDynamoDB dynamoDb, QueryRequest request, [EnumeratorCancellation] CancellationToken cancellationToken, int maxPages = int.MaxValue)
    {
        for (var pages = 0; pages < maxPages; pages++)
        {
            var page = await dynamoDb.QueryAsync(request, cancellationToken);
            yield return page;
            request.ExclusiveStartKey = page.LastEvaluatedKey is { Count: > 0 } next ? next : null;
            if (request.ExclusiveStartKey is null)
            {
                yield break;
            }
        }
    }

    /// <summary>Every item <paramref name="request"/> matches, one Query per page (a page holds at most 1 MB).</summary>
    public static async Task<List<Dictionary<string, AttributeValue>>> QueryAllAsync(
        this IAmazonDynamoDB dynamoDb, QueryRequest request, CancellationToken cancellationToken)
    {
        var items = new List<Dictionary<string, AttributeValue>>();
        await foreach (var page in dynamoDb.QueryPagesAsync(request, cancellationToken))
        {
            items.AddRange(page.Items ?? []);
        }
        return items;
    }

    /// <summary>Every item of a small table, read consistently, one Scan per page.</summary>
    public static async Task<List<Dictionary<string, AttributeValue>>> ScanAllAsync(
        this IAmazonDynamoDB dynamoDb, string table, CancellationToken cancellationToken)
    {
        var items = new List<Dictionary<string, AttributeValue>>();
        Dictionary<string, AttributeValue>? start = null;
        do
        {
            var page = await dynamoDb.ScanAsync(
                new ScanRequest { TableName = table, ExclusiveStartKey = start, ConsistentRead = true }, cancellationToken);
            items.AddRange(page.Items ?? []);
            start = page.LastEvaluatedKey is { Count: > 0 } next ? next : null;
        }
        while (start is not null);
        return items;
    }

    /// <summary>
    /// Every item of <paramref name="request"/> (at most 100 keys), by table. Keys DynamoDB leaves unprocessed (it does
    /// when throttled) are asked for again after a wait of <see cref="RetryPolicy.Throttled"/>; when some are still
    /// unprocessed after its last attempt, throws <see cref="ProvisionedThroughputExceededException"/> (answered 503).
    /// </summary>
    public static async Task<Dictionary<string, List<Dictionary<string, AttributeValue>>>> BatchGetAllAsync(
        this IAmazonDynamoDB dynamoDb, Dictionary<string, KeysAndAttributes> request, CancellationToken cancellationToken,
        RetryPolicy? retries = null)
    {
        retries ??= RetryPolicy.Throttled;
        var found = request.Keys.ToDictionary(table => table, _ => new List<Dictionary<string, AttributeValue>>(), StringComparer.Ordinal);
        for (var attempt = 1; ; attempt++)
        {
            var response = await dynamoDb.BatchGetItemAsync(new BatchGetItemRequest { RequestItems = request }, cancellationToken);
            foreach (var (table, items) in response.Responses ?? [])
            {
                (found.TryGetValue(table, out var list) ? list : found[table] = []).AddRange(items);
            }
            if (response.UnprocessedKeys is not { Count: > 0 } unprocessed)
            {
                return found;
            }
            if (attempt == retries.Attempts)
            {
                throw new ProvisionedThroughputExceededException(
                    $"BatchGetItem left {unprocessed.Values.Sum(k => k.Keys?.Count ?? 0)} keys unprocessed after {attempt} attempts.");
            }
            await retries.WaitBeforeAsync(attempt, cancellationToken);
            request = unprocessed;
        }
    }
}
