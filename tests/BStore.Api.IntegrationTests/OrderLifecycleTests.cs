using System.Diagnostics;
using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using BStore.Api.IntegrationTests.Infrastructure;

namespace BStore.Api.IntegrationTests;

/// <summary>
/// The order workflow (Step Functions, Standard) executing on the emulator: the pipe starts it from the order.placed
/// event, each step runs in the API under test through the emulator's Lambda invocation, waits are
/// <see cref="BStoreFixture.OrderWaitSeconds"/>.
/// </summary>
[Collection(BStoreCollection.Name)]
[Trait("Build", "Aot")]
public sealed class OrderLifecycleTests(BStoreFixture fixture)
{

    [Fact]
    public async Task A_paid_order_goes_placed_confirmed_packed_shipped_delivered_and_the_shopper_hears_of_each_step()
    {
        var shopper = await ShopperSession.CreateAsync(fixture);
        var product = await TestProducts.CreateAsync(fixture, stock: 5);
        await shopper.SetAsync(product, 2);
        var clock = Stopwatch.StartNew();

        var placed = await (await shopper.CheckoutAsync("to-deliver")).JsonAsync(HttpStatusCode.Created);
        placed.GetProperty("paymentStatus").GetString().Should().Be("pending");
        var id = placed.GetProperty("id").GetString()!;
        var delivered = await shopper.WaitForOrderAsync(id, "delivered", "cancelled");

        delivered.GetProperty("status").GetString().Should().Be("delivered");
        delivered.GetProperty("paymentStatus").GetString().Should().Be("paid");
        var timeline = delivered.GetProperty("timeline").EnumerateArray().ToList();
        timeline.Select(t => t.GetProperty("status").GetString()).Should().Equal("placed", "confirmed", "packed", "shipped", "delivered");
        var times = timeline.Select(t => t.GetProperty("at").GetDateTimeOffset()).ToList();
        times.Should().BeInAscendingOrder();
        (times[2] - times[1]).Should().BeGreaterThanOrEqualTo(TimeSpan.FromSeconds(BStoreFixture.OrderWaitSeconds - 0.5), "the workflow waits before packing");
        clock.Elapsed.Should().BeLessThan(TimeSpan.FromSeconds(60));
        (await TestProducts.StockAsync(fixture, product)).Should().Be(3, "a delivered order keeps its stock");

        var types = (await shopper.EventSummaryAsync()).Select(e => e.Type).ToList();
        types.Should().ContainInOrder("order.placed", "order.confirmed", "order.packed", "order.shipped", "order.delivered");
        types.Count(t => t == "order.shipped").Should().Be(1, "each step is recorded once");
        var inbox = await (await shopper.SendAsync(HttpMethod.Get, "/api/notifications")).JsonAsync();
        inbox.GetProperty("items")[0].GetProperty("message").GetString().Should().Contain("delivered");
        await (await shopper.SendAsync(HttpMethod.Post, $"/api/orders/{id}/cancel")).ProblemAsync(HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task A_declined_payment_cancels_the_order_releases_its_stock_and_gives_the_promo_code_back()
    {
        var shopper = await ShopperSession.CreateAsync(fixture);
        var product = await TestProducts.CreateAsync(fixture, stock: 4, price: 20m);
        await shopper.SetAsync(product, 3);

        var placed = await (await shopper.CheckoutAsync("declined", OrdersTests.Body(promoCode: "WELCOME10", paymentMethod: "pm_card_chargeDeclined")))
            .JsonAsync(HttpStatusCode.Created);
        // No look at the reserved stock here: the decline may already have given it back (OrdersTests covers the reservation).
        var order = await shopper.WaitForOrderAsync(placed.GetProperty("id").GetString()!, "cancelled", "confirmed", "delivered");

        order.GetProperty("status").GetString().Should().Be("cancelled");
        order.GetProperty("paymentStatus").GetString().Should().Be("declined");
        order.GetProperty("timeline").EnumerateArray().Select(t => (t.GetProperty("status").GetString(), t.TryGetProperty("reason", out var r) ? r.GetString() : null))
            .Should().Equal(("placed", null), ("cancelled", "payment_declined"));
        (await TestProducts.StockAsync(fixture, product)).Should().Be(4, "the reserved stock is back on the shelf");
        (await (await shopper.SendAsync(HttpMethod.Get, "/api/promotions/WELCOME10")).JsonAsync()).GetProperty("applicable").GetBoolean()
            .Should().BeTrue("the shopper's use of the code was given back");
        var types = (await shopper.EventSummaryAsync()).Select(e => e.Type).ToList();
        types.Should().Contain("order.payment_declined").And.NotContain("order.confirmed").And.NotContain("order.refunded");
    }

    [Fact]
    public async Task Cancelling_a_paid_order_refunds_it_and_the_workflow_stops_there()
    {
        var shopper = await ShopperSession.CreateAsync(fixture);
        var product = await TestProducts.CreateAsync(fixture, stock: 3);
        await shopper.SetAsync(product, 1);
        var id = (await (await shopper.CheckoutAsync("paid-then-cancelled")).JsonAsync(HttpStatusCode.Created)).GetProperty("id").GetString()!;
        await shopper.WaitForOrderAsync(id, "confirmed", "packed");

        var cancelled = await (await shopper.SendAsync(HttpMethod.Post, $"/api/orders/{id}/cancel")).JsonAsync();

        cancelled.GetProperty("status").GetString().Should().Be("cancelled");
        cancelled.GetProperty("paymentStatus").GetString().Should().Be("refunded");
        (await TestProducts.StockAsync(fixture, product)).Should().Be(3);
        // The workflow may have packed it between the wait and the cancel: what follows holds for what the order went through.
        var steps = cancelled.GetProperty("timeline").EnumerateArray().Select(t => t.GetProperty("status").GetString()).ToList();
        string.Join(",", steps).Should().BeOneOf("placed,confirmed,cancelled", "placed,confirmed,packed,cancelled");
        // The workflow's next step finds the order cancelled and ends the workflow there.
        var stepAfterCancel = new Regex($@"Order step (pack|ship) of {id}: cancelled");
        await Eventually.TrueAsync(() => stepAfterCancel.IsMatch(fixture.ApiOutput), $"the workflow's step after the cancel of {id}");
        var later = await (await shopper.SendAsync(HttpMethod.Get, $"/api/orders/{id}")).JsonAsync();
        later.GetProperty("status").GetString().Should().Be("cancelled", "the workflow does not ship a cancelled order");
        later.GetProperty("paymentStatus").GetString().Should().Be("refunded");
        later.GetProperty("timeline").GetRawText().Should().Be(cancelled.GetProperty("timeline").GetRawText());
        var types = (await shopper.EventSummaryAsync()).Select(e => e.Type).ToList();
        types.Count(t => t == "order.refunded").Should().Be(1, "the refund is made once, whoever sees the cancel first");
        types.Count(t => t == "order.packed").Should().Be(steps.Contains("packed") ? 1 : 0, "an order is packed only if packed before the cancel");
        types.Should().NotContain("order.shipped");
    }

    [Fact]
    public async Task A_redelivered_step_changes_nothing_and_abandoning_an_order_compensates_it()
    {
        var shopper = await ShopperSession.CreateAsync(fixture);
        var product = await TestProducts.CreateAsync(fixture, stock: 4);
        await shopper.SetAsync(product, 2);
        var delivered = (await (await shopper.CheckoutAsync("redelivered")).JsonAsync(HttpStatusCode.Created)).GetProperty("id").GetString()!;
        await shopper.WaitForOrderAsync(delivered, "delivered");
        var before = await shopper.SnapshotAsync();

        foreach (var step in new[] { "pay", "pack", "ship", "deliver" })
        {
            var answer = await (await StepAsync(step, shopper.UserId, delivered)).JsonAsync();
            answer.GetProperty("status").GetString().Should().Be(step switch { "pay" => "confirmed", "pack" => "packed", "ship" => "shipped", _ => "delivered" });
        }
        (await (await StepAsync("abandon", shopper.UserId, delivered)).JsonAsync()).GetProperty("status").GetString().Should().Be("delivered");
        (await shopper.SnapshotAsync()).Should().Be(before, "a step the order is past writes nothing, and a delivered order is not abandoned");

        await shopper.SetAsync(product, 1);
        var stuck = (await (await shopper.CheckoutAsync("abandoned")).JsonAsync(HttpStatusCode.Created)).GetProperty("id").GetString()!;
        await shopper.WaitForOrderAsync(stuck, "confirmed", "packed");
        (await (await StepAsync("abandon", shopper.UserId, stuck)).JsonAsync()).GetProperty("status").GetString().Should().Be("cancelled");
        var order = await (await shopper.SendAsync(HttpMethod.Get, $"/api/orders/{stuck}")).JsonAsync();
        order.GetProperty("timeline").EnumerateArray().Last().GetProperty("reason").GetString().Should().Be("fulfilment_failed");
        order.GetProperty("paymentStatus").GetString().Should().Be("refunded");
        (await TestProducts.StockAsync(fixture, product)).Should().Be(2, "the abandoned order's unit is back; the delivered two are not");
    }

    [Theory]
    [InlineData("""{"orderStep":"explode","userId":"u","orderId":"1764000000000-0123456789abcdef"}""", "orderStep")]
    [InlineData("""{"orderStep":"pay","orderId":"1764000000000-0123456789abcdef"}""", "userId")]
    [InlineData("""{"orderStep":"pay","userId":"u\u0001","orderId":"1764000000000-0123456789abcdef"}""", "userId")]
    [InlineData("""{"orderStep":"pay","userId":"u","orderId":"../../etc"}""", "orderId")]
    [InlineData("""{"orderStep":7,"userId":"u","orderId":"1764000000000-0123456789abcdef"}""", "orderStep")]
    public async Task A_malformed_step_is_a_400_naming_the_field(string body, string field)
    {
        using var response = await LambdaEventRequests.PostAsync(fixture, body);
        await response.ProblemAsync(HttpStatusCode.BadRequest, field);
    }

    [Fact]
    public async Task A_step_for_an_order_that_does_not_exist_answers_missing_and_writes_nothing()
    {
        var shopper = await ShopperSession.CreateAsync(fixture);
        var answer = await (await StepAsync("pay", shopper.UserId, "1764000000000-0123456789abcdef")).JsonAsync();
        answer.GetProperty("status").GetString().Should().Be("missing");
        (await shopper.ItemsAsync()).Should().BeEmpty();
    }

    /// <summary>A step as the workflow's Lambda invocation delivers it, sent again by hand.</summary>
    private Task<HttpResponseMessage> StepAsync(string step, string userId, string orderId)
    {
        var body = new JsonObject { ["orderStep"] = step, ["userId"] = userId, ["orderId"] = orderId }.ToJsonString();
        return LambdaEventRequests.PostAsync(fixture, body);
    }
}
