using Amazon.DynamoDBv2.Model;
using BStore.Api.IntegrationTests.Infrastructure;
using Xunit.Abstractions;

namespace BStore.Api.IntegrationTests;

[Collection(BStoreCollection.Name)]
public sealed class AaScratchCount(BStoreFixture fixture, ITestOutputHelper output)
{
    [Fact]
    public async Task Count()
    {
        var items = new List<Dictionary<string, AttributeValue>>();
        Dictionary<string, AttributeValue>? start = null;
        do
        {
            var page = await fixture.DynamoDb.ScanAsync(new ScanRequest { TableName = "UserActivity", ExclusiveStartKey = start });
            items.AddRange(page.Items ?? []);
            start = page.LastEvaluatedKey is { Count: > 0 } n ? n : null;
        } while (start is not null);
        output.WriteLine($"total {items.Count}; users {items.Select(i => i["userId"].S).Distinct().Count()}");
        foreach (var g in items.GroupBy(i => i["sk"].S.Split('#')[0])) output.WriteLine($"{g.Key}: {g.Count()}");
        foreach (var g in items.GroupBy(i => i["userId"].S).OrderByDescending(g => g.Count()).Take(5)) output.WriteLine($"{g.Key}: {g.Count()}");
    }
}
