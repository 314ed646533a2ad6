using System.Globalization;
using System.Net;
using Amazon.DynamoDBv2.Model;
using BStore.Api.IntegrationTests.Infrastructure;
using BStore.Api.Promotions;

namespace BStore.Api.IntegrationTests;

/// <summary>Promo codes: previews on the caller's cart, redemption inside checkout, limits under racing checkouts.</summary>
[Collection(BStoreCollection.Name)]
public sealed class PromotionsTests(BStoreFixture fixture)
{

    [Fact]
    public async Task A_preview_shows_the_discount_on_the_cart_or_why_the_code_does_not_apply()
    {
        var shopper = await ShopperSession.CreateAsync(fixture);
        await shopper.SetAsync(await TestProducts.CreateAsync(fixture, stock: 5, price: 12.50m), 2);

        var welcome = await (await shopper.SendAsync(HttpMethod.Get, "/api/promotions/welcome10")).JsonAsync();
        (welcome.GetProperty("code").GetString(), welcome.GetProperty("applicable").GetBoolean()).Should().Be(("WELCOME10", true));
        (welcome.GetProperty("subtotal").GetDecimal(), welcome.GetProperty("discount").GetDecimal(), welcome.GetProperty("total").GetDecimal())
            .Should().Be((25.00m, 2.50m, 22.50m));

        var glow = await (await shopper.SendAsync(HttpMethod.Get, "/api/promotions/GLOW5")).JsonAsync();
        glow.GetProperty("applicable").GetBoolean().Should().BeFalse();
        glow.GetProperty("reason").GetString().Should().Contain("at least 30.00");
        glow.GetProperty("discount").GetDecimal().Should().Be(0m);
        (await (await shopper.SendAsync(HttpMethod.Get, "/api/promotions/SUMMER25")).JsonAsync()).GetProperty("reason").GetString().Should().Contain("expired");

        await (await shopper.SendAsync(HttpMethod.Get, "/api/promotions/NOSUCHCODE")).ProblemAsync(HttpStatusCode.NotFound);
        await (await shopper.SendAsync(HttpMethod.Get, "/api/promotions/not-a-code")).ProblemAsync(HttpStatusCode.BadRequest, "code");
        (await ShopperSession.SendAsync(fixture.Api, HttpMethod.Get, "/api/promotions/WELCOME10", null)).StatusCode.Should().Be(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Checkout_redeems_a_code_once_per_shopper_and_a_cancelled_order_gives_it_back()
    {
        var shopper = await ShopperSession.CreateAsync(fixture);
        var product = await TestProducts.CreateAsync(fixture, stock: 10, price: 20m);
        await shopper.SetAsync(product, 2);

        var order = await (await shopper.CheckoutAsync("with-code", OrdersTests.Body(promoCode: "welcome10"))).JsonAsync(HttpStatusCode.Created);
        (order.GetProperty("promoCode").GetString(), order.GetProperty("subtotal").GetDecimal(), order.GetProperty("discount").GetDecimal(),
            order.GetProperty("total").GetDecimal()).Should().Be(("WELCOME10", 40m, 4m, 36m));

        await shopper.SetAsync(product, 1);
        var again = await (await shopper.CheckoutAsync("code-again", OrdersTests.Body(promoCode: "WELCOME10"))).ProblemAsync(HttpStatusCode.UnprocessableEntity);
        again.GetProperty("errors").GetProperty("promoCode")[0].GetString().Should().Contain("already used");
        (await shopper.QuantitiesAsync()).Should().ContainKey(product, "the refused checkout took nothing");

        (await shopper.SendAsync(HttpMethod.Post, $"/api/orders/{order.GetProperty("id").GetString()}/cancel")).StatusCode.Should().Be(HttpStatusCode.OK);
        var preview = await (await shopper.SendAsync(HttpMethod.Get, "/api/promotions/WELCOME10")).JsonAsync();
        preview.GetProperty("applicable").GetBoolean().Should().BeTrue("cancelling the order gave the use back");
        (await shopper.CheckoutAsync("code-after-cancel", OrdersTests.Body(promoCode: "WELCOME10"))).StatusCode.Should().Be(HttpStatusCode.Created);
    }

    [Fact]
    public async Task Racing_checkouts_cannot_redeem_a_code_beyond_its_limit()
    {
        const int limit = 2, racers = 12;
        var code = $"RACE{Random.Shared.Next(100000, 999999).ToString(CultureInfo.InvariantCulture)}";
        await fixture.DynamoDb.PutItemAsync(new PutItemRequest
        {
            TableName = "Products",
            Item = PromotionItems.NewItem(new Promotion(code, "Race", Promotion.Percent, 20, DateTimeOffset.UtcNow.AddDays(-1),
                DateTimeOffset.UtcNow.AddDays(1), MinSubtotal: 0, MaxRedemptions: limit, MaxPerShopper: 1)),
        });
        var product = await TestProducts.CreateAsync(fixture, stock: 100);
        var shoppers = await Task.WhenAll(Enumerable.Range(0, racers).Select(_ => ShopperSession.CreateAsync(fixture)));
        foreach (var shopper in shoppers)
        {
            await shopper.SetAsync(product, 1);
        }

        var answers = await Task.WhenAll(shoppers.Select(s => s.CheckoutAsync("race", OrdersTests.Body(promoCode: code))));

        answers.Count(a => a.StatusCode == HttpStatusCode.Created).Should().Be(limit);
        answers.Should().OnlyContain(a => a.StatusCode == HttpStatusCode.Created || a.StatusCode == HttpStatusCode.UnprocessableEntity
            || a.StatusCode == HttpStatusCode.Conflict);
        var stored = await fixture.DynamoDb.GetItemAsync(new GetItemRequest { TableName = "Products", Key = PromotionItems.Key(code), ConsistentRead = true });
        stored.Item["redeemed"].N.Should().Be(limit.ToString(CultureInfo.InvariantCulture));
        (await TestProducts.StockAsync(fixture, product)).Should().Be(100 - limit, "only the orders that got the code were placed");
    }
}
