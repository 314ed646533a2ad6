using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;

namespace BStore.Api.Data;

public static class TableScan
{
    /// <summary>Every item of a small table, read consistently, one Scan per page (a page holds at most 1 MB).</summary>
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
}
