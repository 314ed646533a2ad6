using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using BStore.Api.IntegrationTests.Infrastructure;

namespace BStore.Api.IntegrationTests;

/// <summary>Checkout, the order list and detail, and cancellation against the emulator.</summary>
[Collection(BStoreCollection.Name)]
public sealed class OrdersTests(BStoreFixture fixture)
{
    public static readonly JsonObject Address = new()
    {
        ["fullName"] = "Ana Lima", ["line1"] = "12 Rue des Fleurs", ["city"] = "Lyon", ["postalCode"] = "69001", ["country"] = "FR",
    };

    public static string Body(JsonObject? address = null, string? promoCode = null, string? paymentMethod = null)
    {
        var body = new JsonObject { ["shippingAddress"] = (address ?? Address).DeepClone() };
        if (promoCode is not null)
        {
            body["promoCode"] = promoCode;
        }
        if (paymentMethod is not null)
        {
            body["paymentMethod"] = paymentMethod;
        }
        return body.ToJsonString();
    }

    [Fact]
    public async Task Checkout_prices_the_cart_from_the_catalog_reserves_stock_empties_the_cart_and_lists_the_order()
    {
        var shopper = await ShopperSession.CreateAsync(fixture);
        var (lipBalm, serum) = (await TestProducts.CreateAsync(fixture, stock: 5, price: 12.50m), await TestProducts.CreateAsync(fixture, stock: 3, price: 30m, name: "Test Serum"));
        await shopper.SetAsync(lipBalm, 2);
        await shopper.SetAsync(serum, 1);

        using var response = await shopper.CheckoutAsync("first-order");

        var order = await response.JsonAsync(HttpStatusCode.Created);
        response.Headers.Location!.ToString().Should().Be($"/api/orders/{order.GetProperty("id").GetString()}");
        order.GetProperty("status").GetString().Should().Be("placed");
        order.GetProperty("subtotal").GetDecimal().Should().Be(55m);
        order.GetProperty("total").GetDecimal().Should().Be(55m);
        order.GetProperty("discount").GetDecimal().Should().Be(0m);
        order.GetProperty("currency").GetString().Should().Be("USD");
        order.GetProperty("lines").EnumerateArray().Select(l => (l.GetProperty("productId").GetString(), l.GetProperty("quantity").GetInt32(), l.GetProperty("lineTotal").GetDecimal()))
            .Should().BeEquivalentTo([(lipBalm, 2, 25m), (serum, 1, 30m)]);
        order.GetProperty("shippingAddress").GetProperty("city").GetString().Should().Be("Lyon");
        order.GetProperty("timeline").EnumerateArray().Select(t => t.GetProperty("status").GetString()).Should().Equal("placed");

        (await shopper.QuantitiesAsync()).Should().BeEmpty("checkout empties the cart");
        (await TestProducts.StockAsync(fixture, lipBalm)).Should().Be(3);
        (await TestProducts.StockAsync(fixture, serum)).Should().Be(2);
        var product = await (await fixture.Api.GetAsync($"/api/products/{lipBalm}")).JsonAsync();
        product.GetProperty("availableQuantity").GetInt32().Should().Be(3, "availability reflects the reservation at once");

        var id = order.GetProperty("id").GetString();
        var detail = await (await shopper.SendAsync(HttpMethod.Get, $"/api/orders/{id}")).JsonAsync();
        // The order workflow may have moved it on already (OrderLifecycleTests follows it); what was placed stays.
        foreach (var field in new[] { "id", "lines", "subtotal", "discount", "total", "currency", "shippingAddress", "createdAt" })
        {
            detail.GetProperty(field).GetRawText().Should().Be(order.GetProperty(field).GetRawText(), field);
        }
        detail.GetProperty("timeline")[0].GetRawText().Should().Be(order.GetProperty("timeline")[0].GetRawText());
        var list = await (await shopper.SendAsync(HttpMethod.Get, "/api/orders")).JsonAsync();
        list.GetProperty("items").EnumerateArray().Should().ContainSingle()
            .Which.GetProperty("itemCount").GetInt32().Should().Be(3);
        var inbox = await (await shopper.SendAsync(HttpMethod.Get, "/api/notifications")).JsonAsync();
        inbox.GetProperty("items").EnumerateArray().Select(e => e.GetProperty("type").GetString()).Should().Contain("order.placed");
    }

    [Fact]
    public async Task A_retry_with_the_same_key_answers_the_same_order_once_and_another_body_with_that_key_is_422()
    {
        var shopper = await ShopperSession.CreateAsync(fixture);
        var product = await TestProducts.CreateAsync(fixture, stock: 5);
        await shopper.SetAsync(product, 2);

        var first = await (await shopper.CheckoutAsync("retry-me")).JsonAsync(HttpStatusCode.Created);
        var again = await (await shopper.CheckoutAsync("retry-me")).JsonAsync(HttpStatusCode.OK);
        // The same order, as placed; the order workflow may have moved its status on in between.
        foreach (var field in new[] { "id", "lines", "total", "shippingAddress", "createdAt" })
        {
            again.GetProperty(field).GetRawText().Should().Be(first.GetProperty(field).GetRawText(), field);
        }
        (await TestProducts.StockAsync(fixture, product)).Should().Be(3, "the retry reserved nothing more");

        await shopper.SetAsync(product, 1);
        var otherAddress = Address.DeepClone().AsObject();
        otherAddress["city"] = "Paris";
        using var reused = await shopper.CheckoutAsync("retry-me", Body(otherAddress));
        await reused.ProblemAsync(HttpStatusCode.UnprocessableEntity);
        (await shopper.QuantitiesAsync()).Should().Equal(new Dictionary<string, int> { [product] = 1 }, "the refused order took nothing");
        (await TestProducts.StockAsync(fixture, product)).Should().Be(3);

        var second = await (await shopper.CheckoutAsync("a-new-key")).JsonAsync(HttpStatusCode.Created);
        second.GetProperty("id").GetString().Should().NotBe(first.GetProperty("id").GetString());
        var list = await (await shopper.SendAsync(HttpMethod.Get, "/api/orders")).JsonAsync();
        list.Ids().Should().Equal(second.GetProperty("id").GetString(), first.GetProperty("id").GetString());
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("has spaces")]
    [InlineData("dot.ted")]
    [InlineData("a-key-that-is-far-too-long-0123456789012345678901234567890123456789")]
    public async Task Checkout_without_a_proper_idempotency_key_is_a_400_and_takes_nothing(string? key)
    {
        var shopper = await ShopperSession.CreateAsync(fixture);
        var product = await TestProducts.CreateAsync(fixture, stock: 5);
        await shopper.SetAsync(product, 1);

        await (await shopper.CheckoutAsync(key)).ProblemAsync(HttpStatusCode.BadRequest, "Idempotency-Key");

        (await shopper.QuantitiesAsync()).Should().ContainKey(product);
        (await TestProducts.StockAsync(fixture, product)).Should().Be(5);
    }

    public static TheoryData<string, string> BadBodies => new()
    {
        { "{}", "shippingAddress" },
        { Body(new JsonObject { ["fullName"] = "Ana", ["line1"] = "1 Road", ["city"] = "Lyon", ["postalCode"] = "69001", ["country"] = "France" }), "shippingAddress.country" },
        { Body(new JsonObject { ["line1"] = "1 Road", ["city"] = "Lyon", ["postalCode"] = "69001", ["country"] = "FR" }), "shippingAddress.fullName" },
        { Body(new JsonObject { ["fullName"] = new string('a', 101), ["line1"] = "1 Road", ["city"] = "Lyon", ["postalCode"] = "69001", ["country"] = "FR" }), "shippingAddress.fullName" },
        { Body(new JsonObject { ["fullName"] = "Ana\u0000", ["line1"] = "1 Road", ["city"] = "Lyon", ["postalCode"] = "69001", ["country"] = "FR" }), "shippingAddress.fullName" },
        { Body(promoCode: "NOT-A-CODE"), "promoCode" },
        { """{"shippingAddress":{"fullName":"Ana","line1":"1 Road","city":"Lyon","postalCode":"69001","country":"FR"},"total":1}""", "total" },
    };

    [Theory]
    [MemberData(nameof(BadBodies))]
    public async Task A_bad_body_is_a_400_naming_the_field_and_takes_nothing(string body, string field)
    {
        var shopper = await ShopperSession.CreateAsync(fixture);
        var product = await TestProducts.CreateAsync(fixture, stock: 5);
        await shopper.SetAsync(product, 1);

        await (await shopper.CheckoutAsync(Guid.NewGuid().ToString("N"), body)).ProblemAsync(HttpStatusCode.BadRequest, field);

        (await shopper.QuantitiesAsync()).Should().ContainKey(product);
        (await TestProducts.StockAsync(fixture, product)).Should().Be(5);
        (await shopper.ItemsAsync("ORDER#")).Should().BeEmpty();
    }

    [Fact]
    public async Task An_empty_cart_or_a_line_beyond_the_stock_left_is_a_409_naming_the_lines()
    {
        var shopper = await ShopperSession.CreateAsync(fixture);
        await (await shopper.CheckoutAsync("empty")).ProblemAsync(HttpStatusCode.Conflict);

        var (scarce, plenty) = (await TestProducts.CreateAsync(fixture, stock: 4), await TestProducts.CreateAsync(fixture, stock: 9));
        await shopper.SetAsync(scarce, 3);
        await shopper.SetAsync(plenty, 1);
        await TestProducts.SetStockAsync(fixture, scarce, 2); // someone else bought some meanwhile

        var problem = await (await shopper.CheckoutAsync("too-many")).ProblemAsync(HttpStatusCode.Conflict);

        problem.GetProperty("lines").EnumerateArray().Should().ContainSingle().Which.GetRawText().Should()
            .Be(JsonSerializer.Serialize(new { productId = scarce, reason = "insufficient_stock", requested = 3, available = 2 }));
        (await shopper.QuantitiesAsync()).Should().Equal(new Dictionary<string, int> { [scarce] = 3, [plenty] = 1 });
        (await TestProducts.StockAsync(fixture, plenty)).Should().Be(9);
    }

    [Fact]
    public async Task Fifty_concurrent_checkouts_of_a_product_with_ten_in_stock_sell_exactly_ten()
    {
        const int stock = 10, buyers = 50;
        var product = await TestProducts.CreateAsync(fixture, stock: stock);
        var shoppers = await Task.WhenAll(Enumerable.Range(0, buyers).Select(_ => ShopperSession.CreateAsync(fixture)));
        foreach (var shopper in shoppers)
        {
            await shopper.SetAsync(product, 1);
        }

        var answers = await Task.WhenAll(shoppers.Select(s => s.CheckoutAsync("sale-day")));

        var statuses = string.Join(", ", answers.GroupBy(a => a.StatusCode).Select(g => $"{g.Count()} × {(int)g.Key}"));
        answers.Count(a => a.StatusCode == HttpStatusCode.Created).Should().Be(stock, statuses);
        answers.Count(a => a.StatusCode == HttpStatusCode.Conflict).Should().Be(buyers - stock, statuses);
        answers.Should().OnlyContain(a => a.StatusCode == HttpStatusCode.Created || a.StatusCode == HttpStatusCode.Conflict);
        (await TestProducts.StockAsync(fixture, product)).Should().Be(0);
        var orders = 0;
        foreach (var shopper in shoppers)
        {
            orders += (await shopper.ItemsAsync("ORDER#")).Count;
        }
        orders.Should().Be(stock, "every order is one that reserved stock");
    }

    [Fact]
    public async Task Cancelling_before_shipping_puts_the_stock_back_once_and_after_shipping_is_a_409()
    {
        var shopper = await ShopperSession.CreateAsync(fixture);
        var product = await TestProducts.CreateAsync(fixture, stock: 6);
        await shopper.SetAsync(product, 4);
        var id = (await (await shopper.CheckoutAsync("to-cancel")).JsonAsync(HttpStatusCode.Created)).GetProperty("id").GetString();
        (await TestProducts.StockAsync(fixture, product)).Should().Be(2);

        var cancelled = await (await shopper.SendAsync(HttpMethod.Post, $"/api/orders/{id}/cancel")).JsonAsync();
        cancelled.GetProperty("status").GetString().Should().Be("cancelled");
        var timeline = cancelled.GetProperty("timeline").EnumerateArray().ToList();
        timeline[0].GetProperty("status").GetString().Should().Be("placed");
        timeline[^1].GetProperty("status").GetString().Should().Be("cancelled");
        timeline[^1].GetProperty("reason").GetString().Should().Be("cancelled_by_shopper");
        cancelled.GetProperty("paymentStatus").GetString().Should().BeOneOf(
            ["not_charged", "refunded"], "a cancelled order is never left waiting for a charge (refunded if the workflow charged first)");
        (await TestProducts.StockAsync(fixture, product)).Should().Be(6);

        var again = await (await shopper.SendAsync(HttpMethod.Post, $"/api/orders/{id}/cancel")).JsonAsync();
        again.GetProperty("status").GetString().Should().Be("cancelled");
        (await TestProducts.StockAsync(fixture, product)).Should().Be(6, "a second cancel releases nothing");

        await shopper.SetAsync(product, 1);
        var shippedId = (await (await shopper.CheckoutAsync("shipped")).JsonAsync(HttpStatusCode.Created)).GetProperty("id").GetString()!;
        await shopper.WaitForOrderAsync(shippedId, "shipped", "delivered");
        await (await shopper.SendAsync(HttpMethod.Post, $"/api/orders/{shippedId}/cancel")).ProblemAsync(HttpStatusCode.Conflict);
        (await TestProducts.StockAsync(fixture, product)).Should().Be(5);
    }

    [Fact]
    public async Task Another_shopper_can_neither_see_nor_cancel_an_order_and_bad_ids_are_400()
    {
        var (owner, other) = (await ShopperSession.CreateAsync(fixture), await ShopperSession.CreateAsync(fixture));
        var product = await TestProducts.CreateAsync(fixture, stock: 3);
        await owner.SetAsync(product, 1);
        var id = (await (await owner.CheckoutAsync("mine")).JsonAsync(HttpStatusCode.Created)).GetProperty("id").GetString();

        await (await other.SendAsync(HttpMethod.Get, $"/api/orders/{id}")).ProblemAsync(HttpStatusCode.NotFound);
        await (await other.SendAsync(HttpMethod.Post, $"/api/orders/{id}/cancel")).ProblemAsync(HttpStatusCode.NotFound);
        (await (await other.SendAsync(HttpMethod.Get, "/api/orders")).JsonAsync()).GetProperty("items").GetArrayLength().Should().Be(0);
        (await (await owner.SendAsync(HttpMethod.Get, $"/api/orders/{id}")).JsonAsync()).GetProperty("id").GetString().Should().Be(id);

        await (await owner.SendAsync(HttpMethod.Get, "/api/orders/not-an-order")).ProblemAsync(HttpStatusCode.BadRequest, "id");
        await (await owner.SendAsync(HttpMethod.Get, "/api/orders?cursor=%%%")).ProblemAsync(HttpStatusCode.BadRequest, "cursor");
        await (await owner.SendAsync(HttpMethod.Get, "/api/orders?limit=0")).ProblemAsync(HttpStatusCode.BadRequest, "limit");
        (await ShopperSession.SendAsync(fixture.Api, HttpMethod.Get, "/api/orders", null)).StatusCode.Should().Be(HttpStatusCode.Unauthorized);
    }
}
