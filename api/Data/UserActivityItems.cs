using System.Globalization;
using Amazon.DynamoDBv2.Model;

namespace BStore.Api.Data;

/// <summary>Keys and key queries of items in a shopper's UserActivity partition (sort keys: <see cref="UserActivityKeys"/>).</summary>
public static class UserActivityItems
{
    public static Dictionary<string, AttributeValue> Key(string userId, string sortKey) => new()
    {
        [UserActivityKeys.PartitionKey] = new() { S = userId },
        [UserActivityKeys.SortKey] = new() { S = sortKey },
    };

    public static string SortKeyOf(Dictionary<string, AttributeValue> item) => item[UserActivityKeys.SortKey].S;

    /// <summary>A query of the shopper's items whose sort key starts with <paramref name="prefix"/> (values <c>:u</c>, <c>:prefix</c>).</summary>
    public static QueryRequest QueryPrefix(string table, string userId, string prefix) => new()
    {
        TableName = table,
        KeyConditionExpression = $"{UserActivityKeys.PartitionKey} = :u AND begins_with({UserActivityKeys.SortKey}, :prefix)",
        ExpressionAttributeValues = new() { [":u"] = new() { S = userId }, [":prefix"] = new() { S = prefix } },
    };
}

/// <summary>Numbers as DynamoDB takes them: text in the invariant culture.</summary>
public static class DynamoNumbers
{
    public static string N(long value) => value.ToString(CultureInfo.InvariantCulture);
}
