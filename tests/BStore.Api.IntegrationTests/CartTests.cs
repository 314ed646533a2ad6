using System.Net;
using BStore.Api.IntegrationTests.Infrastructure;

namespace BStore.Api.IntegrationTests;

/// <summary>
/// The cart's rules end to end: quantities, stock, the 45-line limit, versions and If-Match, prices from the
/// catalog, and exactly one activity event per change (none for a refused one), read straight from DynamoDB.
/// </summary>
[Collection(BStoreCollection.Name)]
public sealed class CartTests(BStoreFixture fixture)
{
    private const string ItemSet = "cart.item_set";
    private const string ItemRemoved = "cart.item_removed";

    private readonly IReadOnlyList<SeedProduct> _inStock = fixture.Seed.InStock(atLeast: 20);

    [Fact]
    public async Task Setting_a_quantity_then_replacing_it_answers_the_new_version_and_records_each_change()
    {
        var shopper = await ShopperSession.CreateAsync(fixture);
        var product = _inStock[0];

        using var first = await shopper.PutItemAsync(product.Id, 2);
        var firstBody = await first.JsonAsync();
        using var second = await shopper.PutItemAsync(product.Id, 5);
        var secondBody = await second.JsonAsync();

        firstBody.GetProperty("productId").GetString().Should().Be(product.Id);
        firstBody.GetProperty("quantity").GetInt32().Should().Be(2);
        firstBody.GetProperty("version").GetInt64().Should().Be(1);
        first.Headers.ETag!.Tag.Should().Be("\"1\"");
        secondBody.GetProperty("quantity").GetInt32().Should().Be(5);
        secondBody.GetProperty("version").GetInt64().Should().Be(2);
        second.Headers.ETag!.Tag.Should().Be("\"2\"");
        var cart = await shopper.CartAsync();
        var line = cart.GetProperty("lines").EnumerateArray().Should().ContainSingle().Subject;
        line.GetProperty("productId").GetString().Should().Be(product.Id);
        line.GetProperty("name").GetString().Should().Be(product.Name);
        line.GetProperty("unitPrice").GetDecimal().Should().Be(product.Price);
        line.GetProperty("quantity").GetInt32().Should().Be(5);
        line.GetProperty("lineTotal").GetDecimal().Should().Be(product.Price * 5);
        line.GetProperty("status").GetString().Should().Be("ok");
        line.GetProperty("availableQuantity").GetInt32().Should().Be(product.Stock);
        cart.GetProperty("subtotal").GetDecimal().Should().Be(product.Price * 5);
        cart.GetProperty("itemCount").GetInt32().Should().Be(5);
        cart.GetProperty("currency").GetString().Should().NotBeNullOrEmpty();
        cart.GetProperty("version").GetInt64().Should().Be(2);
        (await shopper.EventSummaryAsync()).Should().Equal((ItemSet, product.Id, 2), (ItemSet, product.Id, 5));
        var lines = await shopper.ItemsAsync("CART#");
        lines.Should().ContainSingle().Which["quantity"].N.Should().Be("5");
    }

    [Fact]
    public async Task Setting_the_quantity_the_line_already_has_changes_nothing()
    {
        var shopper = await ShopperSession.CreateAsync(fixture);
        var product = _inStock[1];
        (await shopper.SetAsync(product.Id, 3)).Should().Be(1);

        (await shopper.SetAsync(product.Id, 3)).Should().Be(1);

        (await shopper.EventSummaryAsync()).Should().ContainSingle();
    }

    [Fact]
    public async Task The_cart_totals_several_lines_at_catalog_prices()
    {
        var shopper = await ShopperSession.CreateAsync(fixture);
        var (a, b) = (_inStock[2], _inStock[3]);
        await shopper.SetAsync(a.Id, 2);
        await shopper.SetAsync(b.Id, 3);

        var cart = await shopper.CartAsync();

        cart.GetProperty("lines").EnumerateArray().Select(l => l.GetProperty("productId").GetString()).Should().Equal(a.Id, b.Id);
        cart.GetProperty("subtotal").GetDecimal().Should().Be((a.Price * 2) + (b.Price * 3));
        cart.GetProperty("itemCount").GetInt32().Should().Be(5);
    }

    /// <summary>A line can outlive its product or its stock (set earlier, stock sold since): it is flagged, not priced.</summary>
    [Fact]
    public async Task Lines_the_catalog_can_no_longer_fill_are_flagged_and_left_out_of_the_subtotal()
    {
        var shopper = await ShopperSession.CreateAsync(fixture);
        var fine = _inStock[15];
        var scarce = fixture.Seed.WithStock(1);
        await shopper.SetAsync(fine.Id, 2);
        foreach (var (productId, quantity) in new[] { ("zz-discontinued-product", 2), (scarce.Id, 3) })
        {
            await fixture.DynamoDb.PutItemAsync(new Amazon.DynamoDBv2.Model.PutItemRequest
            {
                TableName = "UserActivity",
                Item = new()
                {
                    ["userId"] = new() { S = shopper.UserId },
                    ["sk"] = new() { S = $"CART#{productId}" },
                    ["quantity"] = new() { N = quantity.ToString(System.Globalization.CultureInfo.InvariantCulture) },
                },
            });
        }

        var cart = await shopper.CartAsync();

        var lines = cart.GetProperty("lines").EnumerateArray().ToDictionary(l => l.GetProperty("productId").GetString()!);
        lines.Keys.Should().BeEquivalentTo([fine.Id, scarce.Id, "zz-discontinued-product"]);
        lines[fine.Id].GetProperty("status").GetString().Should().Be("ok");
        lines[scarce.Id].GetProperty("status").GetString().Should().Be("insufficient_stock");
        lines[scarce.Id].GetProperty("availableQuantity").GetInt32().Should().Be(1);
        lines[scarce.Id].GetProperty("unitPrice").GetDecimal().Should().Be(scarce.Price);
        var gone = lines["zz-discontinued-product"];
        gone.GetProperty("status").GetString().Should().Be("unavailable");
        gone.GetProperty("quantity").GetInt32().Should().Be(2);
        gone.GetProperty("unitPrice").ValueKind.Should().Be(System.Text.Json.JsonValueKind.Null);
        gone.GetProperty("availableQuantity").GetInt32().Should().Be(0);
        cart.GetProperty("subtotal").GetDecimal().Should().Be(fine.Price * 2);
    }

    [Fact]
    public async Task Quantity_zero_removes_the_line()
    {
        var shopper = await ShopperSession.CreateAsync(fixture);
        var product = _inStock[4];
        await shopper.SetAsync(product.Id, 3);

        using var response = await shopper.PutItemAsync(product.Id, 0);

        var body = await response.JsonAsync();
        body.GetProperty("quantity").GetInt32().Should().Be(0);
        body.GetProperty("version").GetInt64().Should().Be(2);
        (await shopper.CartAsync()).GetProperty("lines").GetArrayLength().Should().Be(0);
        (await shopper.ItemsAsync("CART#")).Should().BeEmpty();
        (await shopper.EventSummaryAsync()).Should().Equal((ItemSet, product.Id, 3), (ItemRemoved, product.Id, null));
    }

    [Fact]
    public async Task Deleting_an_item_is_idempotent_and_records_one_removal()
    {
        var shopper = await ShopperSession.CreateAsync(fixture);
        var product = _inStock[5];
        await shopper.SetAsync(product.Id, 1);

        using var first = await shopper.SendAsync(HttpMethod.Delete, $"/api/cart/items/{product.Id}");
        var firstBody = await first.JsonAsync();
        using var second = await shopper.SendAsync(HttpMethod.Delete, $"/api/cart/items/{product.Id}");
        var secondBody = await second.JsonAsync();

        firstBody.GetProperty("quantity").GetInt32().Should().Be(0);
        firstBody.GetProperty("version").GetInt64().Should().Be(2);
        first.Headers.ETag!.Tag.Should().Be("\"2\"");
        secondBody.GetProperty("quantity").GetInt32().Should().Be(0);
        secondBody.GetProperty("version").GetInt64().Should().Be(2, "deleting what is not there changes nothing");
        (await shopper.CartAsync()).GetProperty("lines").GetArrayLength().Should().Be(0);
        (await shopper.EventSummaryAsync()).Should().Equal((ItemSet, product.Id, 1), (ItemRemoved, product.Id, null));
    }

    [Fact]
    public async Task Deleting_an_item_that_was_never_in_the_cart_writes_nothing()
    {
        var shopper = await ShopperSession.CreateAsync(fixture);

        using var response = await shopper.SendAsync(HttpMethod.Delete, $"/api/cart/items/{_inStock[6].Id}");

        (await response.JsonAsync()).GetProperty("version").GetInt64().Should().Be(0);
        (await shopper.ItemsAsync()).Should().BeEmpty();
    }

    [Fact]
    public async Task Clearing_the_cart_removes_every_line_in_one_change_and_a_second_clear_changes_nothing()
    {
        var shopper = await ShopperSession.CreateAsync(fixture);
        await shopper.SetAsync(_inStock[7].Id, 1);
        await shopper.SetAsync(_inStock[8].Id, 4);

        using var clear = await shopper.SendAsync(HttpMethod.Delete, "/api/cart");
        using var again = await shopper.SendAsync(HttpMethod.Delete, "/api/cart");

        clear.StatusCode.Should().Be(HttpStatusCode.NoContent);
        clear.Headers.ETag!.Tag.Should().Be("\"3\"");
        again.StatusCode.Should().Be(HttpStatusCode.NoContent);
        again.Headers.ETag!.Tag.Should().Be("\"3\"");
        var cart = await shopper.CartAsync();
        cart.GetProperty("lines").GetArrayLength().Should().Be(0);
        cart.GetProperty("subtotal").GetDecimal().Should().Be(0);
        cart.GetProperty("version").GetInt64().Should().Be(3);
        (await shopper.ItemsAsync("CART#")).Should().BeEmpty();
        (await shopper.EventSummaryAsync()).Select(e => e.Type).Should().Equal(ItemSet, ItemSet, "cart.cleared");
    }

    [Fact]
    public async Task An_unknown_product_is_a_404_and_writes_nothing()
    {
        var shopper = await ShopperSession.CreateAsync(fixture);

        using var response = await shopper.PutItemAsync("no-such-product", 1);

        (await response.ProblemAsync(HttpStatusCode.NotFound)).GetProperty("detail").GetString().Should().Contain("no-such-product");
        (await shopper.ItemsAsync()).Should().BeEmpty();
    }

    [Fact]
    public async Task More_than_the_stock_is_a_409_with_the_available_quantity_and_leaves_the_cart_as_it_was()
    {
        var shopper = await ShopperSession.CreateAsync(fixture);
        var product = fixture.Seed.WithStock(2);
        (await shopper.SetAsync(product.Id, 2)).Should().Be(1, "all of the stock can be put in the cart");
        var before = await shopper.SnapshotAsync();

        using var response = await shopper.PutItemAsync(product.Id, 3);

        var problem = await response.ProblemAsync(HttpStatusCode.Conflict);
        problem.GetProperty("availableQuantity").GetInt32().Should().Be(2);
        (await shopper.SnapshotAsync()).Should().Be(before);
        (await shopper.QuantitiesAsync()).Should().Equal(new Dictionary<string, int> { [product.Id] = 2 });
    }

    [Fact]
    public async Task A_sold_out_product_is_a_409_with_nothing_available_and_writes_nothing()
    {
        var shopper = await ShopperSession.CreateAsync(fixture);

        using var response = await shopper.PutItemAsync(fixture.Seed.SoldOut()[0].Id, 1);

        (await response.ProblemAsync(HttpStatusCode.Conflict)).GetProperty("availableQuantity").GetInt32().Should().Be(0);
        (await shopper.ItemsAsync()).Should().BeEmpty();
    }

    [Theory]
    [InlineData("\"{0}\"")]
    [InlineData("W/\"{0}\"")]
    [InlineData("{0}")]
    public async Task If_Match_with_the_current_version_succeeds_and_the_ETag_is_the_new_version(string format)
    {
        var shopper = await ShopperSession.CreateAsync(fixture);
        var product = _inStock[9];
        using (var created = await shopper.PutItemAsync(product.Id, 1, ifMatch: string.Format(System.Globalization.CultureInfo.InvariantCulture, format, 0)))
        {
            (await created.JsonAsync()).GetProperty("version").GetInt64().Should().Be(1, "version 0 is the cart that does not exist yet");
        }

        using var response = await shopper.PutItemAsync(product.Id, 4, ifMatch: string.Format(System.Globalization.CultureInfo.InvariantCulture, format, 1));

        (await response.JsonAsync()).GetProperty("version").GetInt64().Should().Be(2);
        response.Headers.ETag!.Tag.Should().Be("\"2\"");
        (await shopper.QuantitiesAsync()).Should().Equal(new Dictionary<string, int> { [product.Id] = 4 });
    }

    [Fact]
    public async Task If_Match_with_the_current_version_works_for_removing_and_clearing()
    {
        var shopper = await ShopperSession.CreateAsync(fixture);
        await shopper.SetAsync(_inStock[10].Id, 1);
        await shopper.SetAsync(_inStock[11].Id, 1);

        using var remove = await shopper.SendAsync(HttpMethod.Delete, $"/api/cart/items/{_inStock[10].Id}", ifMatch: "\"2\"");
        using var clear = await shopper.SendAsync(HttpMethod.Delete, "/api/cart", ifMatch: "\"3\"");

        (await remove.JsonAsync()).GetProperty("version").GetInt64().Should().Be(3);
        clear.StatusCode.Should().Be(HttpStatusCode.NoContent);
        clear.Headers.ETag!.Tag.Should().Be("\"4\"");
        (await shopper.CartAsync()).GetProperty("lines").GetArrayLength().Should().Be(0);
    }

    [Theory]
    [InlineData("PUT")]
    [InlineData("DELETE item")]
    [InlineData("DELETE cart")]
    public async Task If_Match_with_a_stale_version_is_a_412_with_the_current_version_and_writes_nothing(string change)
    {
        var shopper = await ShopperSession.CreateAsync(fixture);
        var product = _inStock[12];
        await shopper.SetAsync(product.Id, 1);
        await shopper.SetAsync(product.Id, 2);
        var before = await shopper.SnapshotAsync();

        using var response = change switch
        {
            "PUT" => await shopper.PutItemAsync(product.Id, 5, ifMatch: "\"1\""),
            "DELETE item" => await shopper.SendAsync(HttpMethod.Delete, $"/api/cart/items/{product.Id}", ifMatch: "\"1\""),
            _ => await shopper.SendAsync(HttpMethod.Delete, "/api/cart", ifMatch: "\"1\""),
        };

        (await response.ProblemAsync(HttpStatusCode.PreconditionFailed)).GetProperty("currentVersion").GetInt64().Should().Be(2);
        (await shopper.SnapshotAsync()).Should().Be(before);
    }

    [Theory]
    [InlineData("PUT", "abc")]
    [InlineData("PUT", "\"v1\"")]
    [InlineData("PUT", "-1")]
    [InlineData("PUT", "1.5")]
    [InlineData("PUT", "99999999999999999999")]
    [InlineData("DELETE item", "abc")]
    [InlineData("DELETE cart", "\"one\"")]
    public async Task A_malformed_If_Match_is_a_400_naming_it_and_writes_nothing(string change, string ifMatch)
    {
        var shopper = await ShopperSession.CreateAsync(fixture);
        var product = _inStock[13];
        await shopper.SetAsync(product.Id, 1);
        var before = await shopper.SnapshotAsync();

        using var response = change switch
        {
            "PUT" => await shopper.PutItemAsync(product.Id, 2, ifMatch: ifMatch),
            "DELETE item" => await shopper.SendAsync(HttpMethod.Delete, $"/api/cart/items/{product.Id}", ifMatch: ifMatch),
            _ => await shopper.SendAsync(HttpMethod.Delete, "/api/cart", ifMatch: ifMatch),
        };

        await response.ProblemAsync(HttpStatusCode.BadRequest, "If-Match");
        (await shopper.SnapshotAsync()).Should().Be(before);
    }

    [Fact]
    public async Task A_price_sent_by_the_client_is_refused_and_the_cart_is_priced_from_the_catalog()
    {
        var shopper = await ShopperSession.CreateAsync(fixture);
        var product = _inStock[14];

        using var response = await shopper.SendAsync(HttpMethod.Put, $"/api/cart/items/{product.Id}", "{\"quantity\":1,\"price\":0.01}");

        await response.ProblemAsync(HttpStatusCode.BadRequest, "price");
        (await shopper.ItemsAsync()).Should().BeEmpty();
        await shopper.SetAsync(product.Id, 1);
        var line = (await shopper.CartAsync()).GetProperty("lines")[0];
        line.GetProperty("unitPrice").GetDecimal().Should().Be(product.Price);
        line.GetProperty("lineTotal").GetDecimal().Should().Be(product.Price);
        (await shopper.ItemsAsync("CART#")).Should().ContainSingle().Which.Keys.Should().NotContain(k => k.Contains("price", StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>One full cart (filled by a single merge: moto makes big transactions slow) for every rule about the limit.</summary>
    [Fact]
    public async Task A_cart_holds_at_most_45_products_and_the_46th_is_refused_without_writing_anything()
    {
        var shopper = await ShopperSession.CreateAsync(fixture);
        const int max = 45;
        Api.Cart.CartStore.MaxLines.Should().Be(max);
        var products = fixture.Seed.InStock(atLeast: 2);
        products.Count.Should().BeGreaterThan(max + 1);
        using (var fill = await shopper.MergeAsync([.. products.Take(max).Select(p => (p.Id, 1))]))
        {
            (await fill.JsonAsync()).GetProperty("cart").GetProperty("lines").GetArrayLength().Should().Be(max);
        }
        var full = await shopper.SnapshotAsync();

        using var put = await shopper.PutItemAsync(products[max].Id, 1);
        (await put.ProblemAsync(HttpStatusCode.Conflict)).GetProperty("title").GetString().Should().Be("Cart is full");
        (await shopper.SnapshotAsync()).Should().Be(full);

        using var merge = await shopper.MergeAsync((products[max].Id, 1), (products[0].Id, 1));
        var merged = await merge.JsonAsync();
        CartMergeTests.Adjustments(merged).Should().Equal((products[max].Id, 1, 0));
        var quantities = ShopperSession.Quantities(merged.GetProperty("cart"));
        quantities.Should().HaveCount(max).And.NotContainKey(products[max].Id);
        quantities[products[0].Id].Should().Be(2, "a full cart still takes more of a product it holds");

        (await shopper.SetAsync(products[1].Id, 0)).Should().Be(3, "a line can still be removed");
        (await shopper.SetAsync(products[max].Id, 1)).Should().Be(4, "and then another product fits");
        (await shopper.QuantitiesAsync()).Should().HaveCount(max).And.ContainKey(products[max].Id).And.NotContainKey(products[1].Id);
    }
}
