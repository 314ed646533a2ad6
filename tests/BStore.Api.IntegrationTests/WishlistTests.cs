using System.Net;
using System.Text.Json.Nodes;
using Amazon.DynamoDBv2.Model;
using BStore.Api.IntegrationTests.Infrastructure;

namespace BStore.Api.IntegrationTests;

/// <summary>The wishlist: idempotent adds and removals, newest first with catalog data, and moving an entry into the cart.</summary>
[Collection(BStoreCollection.Name)]
public sealed class WishlistTests(BStoreFixture fixture)
{
    private readonly IReadOnlyList<SeedProduct> _inStock = fixture.Seed.InStock(atLeast: 20);

    [Fact]
    public async Task Adding_twice_keeps_one_entry_and_records_one_event()
    {
        var shopper = await ShopperSession.CreateAsync(fixture);
        var product = _inStock[0];

        await shopper.AddToWishlistAsync(product.Id);
        await shopper.AddToWishlistAsync(product.Id);

        (await shopper.WishlistAsync()).GetProperty("items").EnumerateArray().Select(i => i.GetProperty("productId").GetString()).Should().Equal(product.Id);
        (await shopper.ItemsAsync("WISH#")).Should().ContainSingle();
        (await shopper.EventSummaryAsync()).Should().Equal(("wishlist.item_added", product.Id, null));
    }

    [Fact]
    public async Task An_unknown_product_is_a_404_and_writes_nothing()
    {
        var shopper = await ShopperSession.CreateAsync(fixture);

        using var response = await shopper.SendAsync(HttpMethod.Put, "/api/wishlist/no-such-product");

        (await response.ProblemAsync(HttpStatusCode.NotFound)).GetProperty("detail").GetString().Should().Contain("no-such-product");
        (await shopper.ItemsAsync()).Should().BeEmpty();
    }

    [Fact]
    public async Task The_wishlist_lists_newest_first_with_product_data()
    {
        var shopper = await ShopperSession.CreateAsync(fixture);
        var soldOut = fixture.Seed.SoldOut()[0];
        var lowStock = fixture.Seed.WithStock(2);
        SeedProduct[] added = [_inStock[1], soldOut, lowStock, _inStock[2]];
        foreach (var product in added)
        {
            await shopper.AddToWishlistAsync(product.Id);
            await Task.Delay(5); // distinct addedAt even on a coarse clock
        }

        var items = (await shopper.WishlistAsync()).GetProperty("items").EnumerateArray().ToList();

        items.Select(i => i.GetProperty("productId").GetString()).Should().Equal(added.Reverse().Select(p => p.Id));
        items.Select(i => i.GetProperty("addedAt").GetDateTimeOffset()).Should().BeInDescendingOrder();
        foreach (var (item, product) in items.Zip(added.Reverse()))
        {
            item.GetProperty("name").GetString().Should().Be(product.Name);
            item.GetProperty("brand").GetString().Should().Be(product.Brand);
            item.GetProperty("price").GetDecimal().Should().Be(product.Price);
            item.GetProperty("currency").GetString().Should().NotBeNullOrEmpty();
            item.GetProperty("imageUrl").GetString().Should().NotBeNullOrEmpty();
        }
        items.Select(i => i.GetProperty("availability").GetString()).Should().Equal("in_stock", "low_stock", "out_of_stock", "in_stock");
    }

    [Fact]
    public async Task Removing_is_idempotent_and_records_one_event()
    {
        var shopper = await ShopperSession.CreateAsync(fixture);
        var (kept, removed) = (_inStock[3], _inStock[4]);
        await shopper.AddToWishlistAsync(kept.Id);
        await shopper.AddToWishlistAsync(removed.Id);

        using var first = await shopper.SendAsync(HttpMethod.Delete, $"/api/wishlist/{removed.Id}");
        using var second = await shopper.SendAsync(HttpMethod.Delete, $"/api/wishlist/{removed.Id}");
        using var never = await shopper.SendAsync(HttpMethod.Delete, $"/api/wishlist/{_inStock[5].Id}");

        first.StatusCode.Should().Be(HttpStatusCode.NoContent);
        second.StatusCode.Should().Be(HttpStatusCode.NoContent);
        never.StatusCode.Should().Be(HttpStatusCode.NoContent);
        (await shopper.WishlistAsync()).GetProperty("items").EnumerateArray().Select(i => i.GetProperty("productId").GetString()).Should().Equal(kept.Id);
        (await shopper.EventSummaryAsync()).Select(e => (e.Type, e.ProductId)).Should().Equal(
            ("wishlist.item_added", kept.Id), ("wishlist.item_added", removed.Id), ("wishlist.item_removed", removed.Id));
    }

    [Fact]
    public async Task Moving_to_the_cart_removes_the_entry_adds_one_to_the_cart_and_records_one_event()
    {
        var shopper = await ShopperSession.CreateAsync(fixture);
        var product = _inStock[6];
        await shopper.SetAsync(product.Id, 2);
        await shopper.AddToWishlistAsync(product.Id);
        var eventsBefore = (await shopper.EventsAsync()).Count;

        using var response = await shopper.SendAsync(HttpMethod.Post, $"/api/wishlist/{product.Id}/move-to-cart");

        var body = await response.JsonAsync();
        body.GetProperty("productId").GetString().Should().Be(product.Id);
        body.GetProperty("quantity").GetInt32().Should().Be(3);
        body.GetProperty("version").GetInt64().Should().Be(2);
        response.Headers.ETag!.Tag.Should().Be("\"2\"");
        (await shopper.WishlistAsync()).GetProperty("items").GetArrayLength().Should().Be(0);
        (await shopper.ItemsAsync("WISH#")).Should().BeEmpty();
        (await shopper.QuantitiesAsync()).Should().Equal(new Dictionary<string, int> { [product.Id] = 3 });
        var events = await shopper.EventSummaryAsync();
        events.Should().HaveCount(eventsBefore + 1);
        events[^1].Should().Be(("wishlist.item_moved_to_cart", product.Id, 3));
    }

    [Fact]
    public async Task Moving_a_product_that_is_not_in_the_wishlist_is_a_404_and_writes_nothing()
    {
        var shopper = await ShopperSession.CreateAsync(fixture);
        await shopper.AddToWishlistAsync(_inStock[7].Id);
        var before = await shopper.SnapshotAsync();

        using var response = await shopper.SendAsync(HttpMethod.Post, $"/api/wishlist/{_inStock[8].Id}/move-to-cart");

        await response.ProblemAsync(HttpStatusCode.NotFound);
        (await shopper.SnapshotAsync()).Should().Be(before);
    }

    [Fact]
    public async Task Moving_a_sold_out_product_is_a_409_and_the_entry_stays()
    {
        var shopper = await ShopperSession.CreateAsync(fixture);
        var soldOut = fixture.Seed.SoldOut()[0];
        await shopper.AddToWishlistAsync(soldOut.Id);
        var before = await shopper.SnapshotAsync();

        using var response = await shopper.SendAsync(HttpMethod.Post, $"/api/wishlist/{soldOut.Id}/move-to-cart");

        (await response.ProblemAsync(HttpStatusCode.Conflict)).GetProperty("availableQuantity").GetInt32().Should().Be(0);
        (await shopper.SnapshotAsync()).Should().Be(before);
        (await shopper.WishlistAsync()).GetProperty("items").EnumerateArray().Select(i => i.GetProperty("productId").GetString()).Should().Equal(soldOut.Id);
    }

    [Fact]
    public async Task Moving_when_the_cart_already_holds_all_the_stock_is_a_409_and_the_entry_stays()
    {
        var shopper = await ShopperSession.CreateAsync(fixture);
        var product = fixture.Seed.WithStock(1);
        await shopper.SetAsync(product.Id, 1);
        await shopper.AddToWishlistAsync(product.Id);
        var before = await shopper.SnapshotAsync();

        using var response = await shopper.SendAsync(HttpMethod.Post, $"/api/wishlist/{product.Id}/move-to-cart");

        (await response.ProblemAsync(HttpStatusCode.Conflict)).GetProperty("availableQuantity").GetInt32().Should().Be(1);
        (await shopper.SnapshotAsync()).Should().Be(before);
    }

    /// <summary>
    /// A full wishlist (200 entries) refuses a new product, but adding one that is already there stays idempotent. The
    /// other 199 entries are written straight to the table (WISH#, docs/data-model.md) and removed afterwards.
    /// </summary>
    [Fact]
    public async Task A_full_wishlist_refuses_a_new_product_but_adding_one_already_there_is_still_idempotent()
    {
        var shopper = await ShopperSession.CreateAsync(fixture);
        var (kept, other) = (_inStock[9], _inStock[10]);
        await shopper.AddToWishlistAsync(kept.Id);
        var fillers = Enumerable.Range(0, 199).Select(i => $"WISH#zz-filler-{i:D3}").ToList();
        await WriteAsync(fillers.Select(sk => new WriteRequest(new PutRequest(new()
        {
            ["userId"] = new() { S = shopper.UserId },
            ["sk"] = new() { S = sk },
            ["addedAt"] = new() { S = "2020-01-01T00:00:00.0000000+00:00" },
        }))));
        try
        {
            using var added = await shopper.SendAsync(HttpMethod.Put, $"/api/wishlist/{other.Id}");
            using var again = await shopper.SendAsync(HttpMethod.Put, $"/api/wishlist/{kept.Id}");

            (await added.ProblemAsync(HttpStatusCode.Conflict)).GetProperty("title").GetString().Should().Be("Wishlist is full");
            again.StatusCode.Should().Be(HttpStatusCode.NoContent, "PUT is idempotent: the product is already in the wishlist: {0}", await again.Content.ReadAsStringAsync());
            (await shopper.ItemsAsync("WISH#")).Should().HaveCount(200);
            var document = JsonNode.Parse(await fixture.Api.GetStringAsync("/openapi/v1.json"))!;
            document["paths"]!["/api/wishlist/{productId}"]!["put"]!["responses"]!.AsObject().Should().ContainKey("409",
                "clients read from the document what the API answers");
        }
        finally
        {
            await WriteAsync(fillers.Select(sk => new WriteRequest(new DeleteRequest(new()
            {
                ["userId"] = new() { S = shopper.UserId },
                ["sk"] = new() { S = sk },
            }))));
        }
    }

    private async Task WriteAsync(IEnumerable<WriteRequest> writes)
    {
        foreach (var chunk in writes.Chunk(25))
        {
            var pending = new Dictionary<string, List<WriteRequest>> { ["UserActivity"] = [.. chunk] };
            while (pending.Count > 0)
            {
                pending = (await fixture.DynamoDb.BatchWriteItemAsync(new BatchWriteItemRequest { RequestItems = pending })).UnprocessedItems ?? [];
            }
        }
    }
}
