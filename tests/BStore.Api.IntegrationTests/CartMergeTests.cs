using System.Net;
using System.Text.Json;
using BStore.Api.IntegrationTests.Infrastructure;

namespace BStore.Api.IntegrationTests;

/// <summary>POST /api/cart/merge: a guest cart kept on the device is added to the account's cart.</summary>
[Collection(BStoreCollection.Name)]
public sealed class CartMergeTests(BStoreFixture fixture)
{
    private readonly IReadOnlyList<SeedProduct> _plenty = fixture.Seed.InStock(atLeast: 120);

    [Fact]
    public async Task Merging_adds_to_the_quantities_already_in_the_cart_in_one_change()
    {
        var shopper = await ShopperSession.CreateAsync(fixture);
        var (a, b) = (_plenty[0], _plenty[1]);
        await shopper.SetAsync(a.Id, 2);

        using var response = await shopper.MergeAsync((a.Id, 3), (b.Id, 1));

        var body = await response.JsonAsync();
        var cart = body.GetProperty("cart");
        ShopperSession.Quantities(cart).Should().Equal(new Dictionary<string, int> { [a.Id] = 5, [b.Id] = 1 });
        cart.GetProperty("subtotal").GetDecimal().Should().Be((a.Price * 5) + b.Price);
        cart.GetProperty("version").GetInt64().Should().Be(2);
        body.GetProperty("unknownProductIds").GetArrayLength().Should().Be(0);
        body.GetProperty("adjusted").GetArrayLength().Should().Be(0);
        ShopperSession.Quantities(await shopper.CartAsync()).Should().Equal(ShopperSession.Quantities(cart));
        var events = await shopper.EventSummaryAsync();
        events.Should().HaveCount(2);
        events[1].Should().Be(("cart.merged", null, 2), "one event for the merge, counting the lines it wrote");
    }

    [Fact]
    public async Task Merging_caps_a_line_at_the_stock_and_reports_the_adjustment()
    {
        var shopper = await ShopperSession.CreateAsync(fixture);
        var product = fixture.Seed.WithStock(4);
        await shopper.SetAsync(product.Id, 1);

        using var response = await shopper.MergeAsync((product.Id, 5));

        var body = await response.JsonAsync();
        ShopperSession.Quantities(body.GetProperty("cart")).Should().Equal(new Dictionary<string, int> { [product.Id] = 4 });
        Adjustments(body).Should().Equal((product.Id, 6, 4));
    }

    [Fact]
    public async Task Merging_caps_a_line_at_99_and_reports_the_adjustment()
    {
        var shopper = await ShopperSession.CreateAsync(fixture);
        var product = _plenty[2];
        await shopper.SetAsync(product.Id, 60);

        using var response = await shopper.MergeAsync((product.Id, 60));

        var body = await response.JsonAsync();
        ShopperSession.Quantities(body.GetProperty("cart")).Should().Equal(new Dictionary<string, int> { [product.Id] = 99 });
        Adjustments(body).Should().Equal((product.Id, 120, 99));
    }

    [Fact]
    public async Task A_sold_out_product_is_reported_as_adjusted_to_nothing_and_not_added()
    {
        var shopper = await ShopperSession.CreateAsync(fixture);
        var soldOut = fixture.Seed.SoldOut()[0];

        using var response = await shopper.MergeAsync((soldOut.Id, 2), (_plenty[3].Id, 1));

        var body = await response.JsonAsync();
        ShopperSession.Quantities(body.GetProperty("cart")).Should().Equal(new Dictionary<string, int> { [_plenty[3].Id] = 1 });
        Adjustments(body).Should().Equal((soldOut.Id, 2, 0));
        (await shopper.ItemsAsync("CART#")).Should().ContainSingle();
    }

    [Fact]
    public async Task Unknown_products_are_reported_and_the_rest_is_merged()
    {
        var shopper = await ShopperSession.CreateAsync(fixture);
        var product = _plenty[4];

        using var response = await shopper.MergeAsync(("no-such-product", 2), (product.Id, 1), ("discontinued-thing", 1));

        var body = await response.JsonAsync();
        body.GetProperty("unknownProductIds").EnumerateArray().Select(e => e.GetString()).Should().BeEquivalentTo(["discontinued-thing", "no-such-product"]);
        ShopperSession.Quantities(body.GetProperty("cart")).Should().Equal(new Dictionary<string, int> { [product.Id] = 1 });
        (await shopper.ItemsAsync("CART#")).Select(i => i["sk"].S).Should().Equal($"CART#{product.Id}");
    }

    [Fact]
    public async Task A_merge_of_only_unknown_products_changes_nothing()
    {
        var shopper = await ShopperSession.CreateAsync(fixture);

        using var response = await shopper.MergeAsync(("no-such-product", 2));

        var body = await response.JsonAsync();
        body.GetProperty("unknownProductIds").EnumerateArray().Select(e => e.GetString()).Should().Equal("no-such-product");
        body.GetProperty("cart").GetProperty("version").GetInt64().Should().Be(0);
        (await shopper.ItemsAsync()).Should().BeEmpty();
    }

    [Fact]
    public async Task Duplicate_ids_in_one_merge_are_summed()
    {
        var shopper = await ShopperSession.CreateAsync(fixture);
        var product = _plenty[5];

        using var response = await shopper.MergeAsync((product.Id, 1), (product.Id, 2), (product.Id, 4));

        var body = await response.JsonAsync();
        ShopperSession.Quantities(body.GetProperty("cart")).Should().Equal(new Dictionary<string, int> { [product.Id] = 7 });
        body.GetProperty("adjusted").GetArrayLength().Should().Be(0);
        (await shopper.EventsAsync()).Should().ContainSingle();
    }

    /// <summary>Duplicates summing past 99 are capped like any other line, and the cap is reported like any other.</summary>
    [Fact]
    public async Task Duplicate_ids_summing_past_99_are_capped_and_reported_as_adjusted()
    {
        var shopper = await ShopperSession.CreateAsync(fixture);
        var product = _plenty[7];

        using var response = await shopper.MergeAsync((product.Id, 60), (product.Id, 60));

        var body = await response.JsonAsync();
        ShopperSession.Quantities(body.GetProperty("cart")).Should().Equal(new Dictionary<string, int> { [product.Id] = 99 });
        Adjustments(body).Should().Equal([(product.Id, 120, 99)], "the guest cart asked for 120 and got 99: {0}", body.GetRawText());
    }

    [Fact]
    public async Task More_lines_than_a_cart_holds_is_a_400_naming_items_and_writes_nothing()
    {
        var shopper = await ShopperSession.CreateAsync(fixture);
        var items = Enumerable.Range(0, Api.Cart.CartStore.MaxLines + 1).Select(i => (fixture.Seed.InStock()[i % 20].Id, 1)).ToArray();

        using var response = await shopper.MergeAsync(items);

        await response.ProblemAsync(HttpStatusCode.BadRequest, "items");
        (await shopper.ItemsAsync()).Should().BeEmpty();
    }

    [Fact]
    public async Task An_empty_merge_answers_the_cart_unchanged()
    {
        var shopper = await ShopperSession.CreateAsync(fixture);
        var product = _plenty[6];
        await shopper.SetAsync(product.Id, 2);
        var before = await shopper.SnapshotAsync();

        using var response = await shopper.MergeAsync();

        var body = await response.JsonAsync();
        ShopperSession.Quantities(body.GetProperty("cart")).Should().Equal(new Dictionary<string, int> { [product.Id] = 2 });
        body.GetProperty("cart").GetProperty("version").GetInt64().Should().Be(1);
        (await shopper.SnapshotAsync()).Should().Be(before);
    }

    [Fact]
    public async Task Merging_quantities_the_cart_already_covers_changes_nothing()
    {
        var shopper = await ShopperSession.CreateAsync(fixture);
        var product = fixture.Seed.WithStock(3);
        await shopper.SetAsync(product.Id, 3);
        var before = await shopper.SnapshotAsync();

        using var response = await shopper.MergeAsync((product.Id, 2));

        var body = await response.JsonAsync();
        Adjustments(body).Should().Equal((product.Id, 5, 3));
        body.GetProperty("cart").GetProperty("version").GetInt64().Should().Be(1);
        (await shopper.SnapshotAsync()).Should().Be(before);
    }

    public static List<(string ProductId, int Requested, int Quantity)> Adjustments(JsonElement body) =>
        [.. body.GetProperty("adjusted").EnumerateArray().Select(a => (
            a.GetProperty("productId").GetString()!, a.GetProperty("requested").GetInt32(), a.GetProperty("quantity").GetInt32()))];
}
