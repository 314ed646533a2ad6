using System.Net;
using System.Text.Json;
using Amazon.DynamoDBv2.Model;
using BStore.Api.Catalog;
using BStore.Api.IntegrationTests.Infrastructure;

namespace BStore.Api.IntegrationTests;

/// <summary>
/// The API's in-process catalog snapshot (CatalogCache): it answers as the DynamoDB indexes do, is read again on the
/// seeder's stamp, and never lets a stale price or stock decide a checkout. Some tests run an API process of their own
/// with the snapshot off or kept for long, on the same emulator.
/// </summary>
[Collection(BStoreCollection.Name)]
public sealed class CatalogCacheTests(BStoreFixture fixture)
{
    private static readonly Dictionary<string, string?> Uncached = new() { ["BStore__Catalog__CacheSeconds"] = "0" };

    // Kept for ten minutes, the stamp checked every second: only a new stamp makes it read the catalog again.
    private static readonly Dictionary<string, string?> LongLived = new()
    {
        ["BStore__Catalog__CacheSeconds"] = "600", ["BStore__Catalog__StampCheckSeconds"] = "1",
    };

    [Fact]
    public async Task The_snapshot_answers_every_query_as_the_dynamodb_indexes_do_and_cursors_continue_across_the_two()
    {
        // Both sides are APIs of their own, so that the snapshot side never ages out in the middle of a walk.
        await using var uncachedApi = await fixture.StartApiAsync(Uncached);
        await using var cachedApi = await fixture.StartApiAsync(LongLived);
        var (uncached, cached) = (uncachedApi.Client, cachedApi.Client);
        var category = fixture.Seed.Products.GroupBy(p => p.CategoryId).MaxBy(g => g.Count())!.Key;
        var queries =
            from sort in new[] { "name", "price_asc", "price_desc", "newest", "rating" }
            from filter in new[] { "", $"&category={category}" }
            from q in new[] { "", "&q=serum" }
            from price in new[] { "", "&minPrice=10&maxPrice=40" }
            select $"/api/products?limit=7&sort={sort}{filter}{q}{price}";

        var compared = 0;
        foreach (var query in queries)
        {
            var fromSnapshot = await WalkAsync(cached, query, expectSnapshot: true);
            var fromDynamoDb = await WalkAsync(uncached, query, expectSnapshot: false);

            fromSnapshot.Ids.Should().Equal(fromDynamoDb.Ids, query);
            if (fromDynamoDb.FirstCursor is { } dynamoCursor)
            {
                var continued = await WalkAsync(cached, query, expectSnapshot: true, dynamoCursor);
                fromDynamoDb.Ids.Take(7).Concat(continued.Ids).Should().Equal(fromDynamoDb.Ids, $"{query} continued by the snapshot");
            }
            if (fromSnapshot.FirstCursor is { } snapshotCursor)
            {
                var continued = await WalkAsync(uncached, query, expectSnapshot: false, snapshotCursor);
                fromSnapshot.Ids.Take(7).Concat(continued.Ids).Should().Equal(fromDynamoDb.Ids, $"{query} continued by DynamoDB");
            }
            compared += fromSnapshot.Ids.Count;
        }
        compared.Should().BeGreaterThan(200, "the queries cover the catalog several times over");
    }

    [Fact]
    public async Task A_new_catalog_stamp_makes_the_api_read_the_catalog_again_and_until_then_it_answers_from_memory()
    {
        await using var longLivedApi = await fixture.StartApiAsync(LongLived);
        var longLived = longLivedApi.Client;
        await WaitForSnapshotAsync(longLived);
        var category = $"cache-{Guid.NewGuid():N}"[..20];
        var product = await TestProducts.CreateAsync(fixture, stock: 3, name: "Stamp Balm", listedInCategory: category);

        await fixture.WaitForCatalogAsync(); // the fixture's API, kept for 2 s, has read it again by now
        using (var stale = await longLived.GetAsync($"/api/products?category={category}"))
        {
            (await stale.JsonAsync()).Ids().Should().BeEmpty("the long-lived snapshot was read before the product was put");
            stale.Headers.GetValues("X-DynamoDB-Calls").Single().Should().Be("0");
            stale.Headers.Age.Should().NotBeNull();
        }
        (await (await fixture.Api.GetAsync($"/api/products?category={category}")).JsonAsync()).Ids().Should().Equal(product);

        await fixture.DynamoDb.PutItemAsync(new PutItemRequest { TableName = "Products", Item = CatalogVersionItem.NewItem(DateTimeOffset.UtcNow) });

        var started = DateTime.UtcNow;
        IReadOnlyList<string> ids;
        do
        {
            await Task.Delay(200);
            ids = (await (await longLived.GetAsync($"/api/products?category={category}")).JsonAsync()).Ids();
        }
        while (ids.Count == 0 && DateTime.UtcNow - started < TimeSpan.FromSeconds(15));
        ids.Should().Equal(new[] { product }, "a new stamp is seen within StampCheckSeconds (1 s here), then the catalog is read again");
    }

    [Fact]
    public async Task A_stale_snapshot_never_decides_a_checkout_the_current_price_is_charged_and_only_current_stock_refuses()
    {
        await using var longLivedApi = await fixture.StartApiAsync(LongLived);
        var longLived = longLivedApi.Client;
        var category = $"cache-{Guid.NewGuid():N}"[..20];
        var repriced = await TestProducts.CreateAsync(fixture, stock: 5, price: 10m, name: "Repriced Balm", listedInCategory: category);
        var sold = await TestProducts.CreateAsync(fixture, stock: 5, price: 10m, name: "Sold Balm", listedInCategory: category);
        var restocked = await TestProducts.CreateAsync(fixture, stock: 0, price: 10m, name: "Restocked Balm", listedInCategory: category);
        await fixture.DynamoDb.PutItemAsync(new PutItemRequest { TableName = "Products", Item = CatalogVersionItem.NewItem(DateTimeOffset.UtcNow) });
        await WaitForSnapshotAsync(longLived, $"/api/products?category={category}", expectedCount: 3);
        // Changed behind the snapshot's back; the long-lived API will not read the catalog again.
        await SetAsync(repriced, "price", "12");
        await TestProducts.SetStockAsync(fixture, sold, 1);
        await TestProducts.SetStockAsync(fixture, restocked, 4);
        var shopper = await ShopperSession.CreateAsync(fixture);

        (await Send(longLived, shopper, HttpMethod.Put, $"/api/cart/items/{repriced}", "{\"quantity\":2}")).StatusCode.Should().Be(HttpStatusCode.OK);
        (await Send(longLived, shopper, HttpMethod.Put, $"/api/cart/items/{restocked}", "{\"quantity\":2}")).StatusCode
            .Should().Be(HttpStatusCode.OK, "a cart write reads stock consistently, not from the snapshot");
        var cart = await (await Send(longLived, shopper, HttpMethod.Get, "/api/cart")).JsonAsync();
        cart.GetProperty("lines").EnumerateArray().Single(l => l.GetProperty("productId").GetString() == repriced)
            .GetProperty("unitPrice").GetDecimal().Should().Be(10m, "the cart is shown from the snapshot, which is allowed to be behind");

        using var placed = await shopper.CheckoutAsync("stale-1", api: longLived);
        var order = await placed.JsonAsync(HttpStatusCode.Created);
        order.GetProperty("total").GetDecimal().Should().Be(2 * 12m + 2 * 10m, "the price charged is the one stored now");
        (await TestProducts.StockAsync(fixture, repriced)).Should().Be(3);
        (await TestProducts.StockAsync(fixture, restocked)).Should().Be(2, "a refusal the snapshot suggested (stock 0) was checked against the table");

        (await Send(longLived, shopper, HttpMethod.Put, $"/api/cart/items/{sold}", "{\"quantity\":1}")).StatusCode.Should().Be(HttpStatusCode.OK);
        await TestProducts.SetStockAsync(fixture, sold, 0);
        using var refused = await shopper.CheckoutAsync("stale-2", api: longLived);
        var problem = await refused.ProblemAsync(HttpStatusCode.Conflict);
        problem.GetRawText().Should().Contain(sold).And.Contain("insufficient_stock", "the snapshot's stock of 5 did not hide the table's 0");
        (await TestProducts.StockAsync(fixture, sold)).Should().Be(0);
    }

    private sealed record Walk(List<string> Ids, string? FirstCursor);

    /// <summary>Every page of <paramref name="query"/>, from the first or from <paramref name="cursor"/>.</summary>
    private static async Task<Walk> WalkAsync(HttpClient api, string query, bool expectSnapshot, string? cursor = null)
    {
        if (expectSnapshot)
        {
            await WaitForSnapshotAsync(api);
        }
        var ids = new List<string>();
        string? firstCursor = null;
        var path = cursor is null ? query : $"{query}&cursor={Uri.EscapeDataString(cursor)}";
        for (var page = 0; page < 100; page++)
        {
            using var response = await api.GetAsync(path);
            var body = await response.JsonAsync();
            var calls = response.DynamoDbCalls();
            if (expectSnapshot)
            {
                calls.Should().Be(0, $"{path} is answered from the snapshot");
                response.Headers.Age.Should().NotBeNull();
            }
            else
            {
                calls.Should().BeGreaterThan(0, $"{path} is answered from DynamoDB");
                response.Headers.Age.Should().BeNull();
            }
            ids.AddRange(body.Ids());
            if (body.GetProperty("nextCursor") is not { ValueKind: JsonValueKind.String } next)
            {
                return new Walk(ids, firstCursor);
            }
            firstCursor ??= next.GetString();
            path = $"{query}&cursor={Uri.EscapeDataString(next.GetString()!)}";
        }
        throw new InvalidOperationException($"{query} did not end within 100 pages");
    }

    /// <summary>Polls until <paramref name="api"/> answers <paramref name="path"/> from a snapshot, with <paramref name="expectedCount"/> products when given.</summary>
    private static async Task WaitForSnapshotAsync(HttpClient api, string path = "/api/products?limit=1", int? expectedCount = null)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(15);
        while (true)
        {
            using var response = await api.GetAsync(path);
            var ids = (await response.JsonAsync()).Ids();
            if (response.Headers.Age is not null && (expectedCount is null || ids.Count == expectedCount))
            {
                return;
            }
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"{path} was not answered from a snapshot (with {expectedCount} products) within 15 s.");
            }
            await Task.Delay(200);
        }
    }

    private Task SetAsync(string productId, string attribute, string number) =>
        fixture.DynamoDb.UpdateItemAsync(new UpdateItemRequest
        {
            TableName = "Products",
            Key = new() { [ProductItem.Id] = new() { S = productId } },
            UpdateExpression = "SET #a = :v",
            ExpressionAttributeNames = new() { ["#a"] = attribute },
            ExpressionAttributeValues = new() { [":v"] = new() { N = number } },
        });

    private static Task<HttpResponseMessage> Send(HttpClient api, ShopperSession shopper, HttpMethod method, string path, string? body = null) =>
        ShopperSession.SendAsync(api, method, path, shopper.Account.Bearer, body);
}
