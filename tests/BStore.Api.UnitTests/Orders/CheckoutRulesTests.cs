using BStore.Api.Cart;
using BStore.Api.Catalog;
using BStore.Api.Orders;
using BStore.Api.Promotions;

namespace BStore.Api.UnitTests.Orders;

public class CheckoutRulesTests
{
    private static readonly DateTimeOffset Now = new(2027, 3, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly ShippingAddress Address = new("Ana", "1 Main St", null, "Lisbon", null, "1000-001", "PT", null);

    private static Product Product(string id, decimal price, int stock) =>
        new(id, $"Name of {id}", "Brand", "", "oils", price, "EUR", stock, [], [], Now.AddDays(-10));

    private static readonly Dictionary<string, Product> Catalog = new(StringComparer.Ordinal)
    {
        ["b-serum"] = Product("b-serum", 12.50m, 3),
        ["a-oil"] = Product("a-oil", 4.99m, 10),
    };

    private static StoredCart Cart(params (string Id, int Quantity)[] lines) => new(7, [.. lines.Select(l => new StoredCartLine(l.Id, l.Quantity))]);

    [Fact]
    public void Lines_gone_from_the_catalog_or_above_the_stock_cannot_be_bought()
    {
        var problems = CheckoutRules.Problems(Cart(("b-serum", 4), ("gone", 1), ("a-oil", 10)), Catalog);

        problems.Should().Equal(
            new CheckoutLineProblem("b-serum", "insufficient_stock", 4, 3),
            new CheckoutLineProblem("gone", "unavailable", 1, 0));
    }

    [Fact]
    public void A_negative_stock_is_shown_as_none_available() =>
        CheckoutRules.Problems(Cart(("x", 1)), new Dictionary<string, Product> { ["x"] = Product("x", 1m, -2) })
            .Should().ContainSingle().Which.Available.Should().Be(0);

    [Fact]
    public void The_order_has_the_lines_by_product_id_at_catalog_prices_and_starts_placed()
    {
        var order = CheckoutRules.Price(Cart(("b-serum", 2), ("a-oil", 3)), Catalog, Address, "order-1", Now);

        order.Lines.Should().Equal(
            new OrderLineResponse("a-oil", "Name of a-oil", 4.99m, 3, 14.97m),
            new OrderLineResponse("b-serum", "Name of b-serum", 12.50m, 2, 25.00m));
        (order.Id, order.Status, order.Subtotal, order.Discount, order.Total, order.Currency).Should().Be(("order-1", OrderStatuses.Placed, 39.97m, 0m, 39.97m, "EUR"));
        order.Timeline.Should().Equal(new OrderStatusChange(OrderStatuses.Placed, Now));
        (order.PromoCode, order.PaymentStatus, order.CreatedAt).Should().Be(((string?)null, PaymentStatuses.Pending, Now));
    }

    private static OrderResponse Priced() => CheckoutRules.Price(Cart(("b-serum", 2)), Catalog, Address, "order-1", Now); // 25.00

    private static Promotion Code(decimal minSubtotal = 0, int maxPerShopper = 1) =>
        new("SPRING", "Spring", Promotion.Percent, 10, Now.AddDays(-1), Now.AddDays(1), minSubtotal, null, maxPerShopper);

    [Fact]
    public void An_applicable_code_takes_its_discount_off_the_total()
    {
        var (order, refusal) = CheckoutRules.ApplyPromotion(Priced(), "SPRING", Code(), uses: 0, Now);

        refusal.Should().BeNull();
        (order.PromoCode, order.Subtotal, order.Discount, order.Total).Should().Be(("SPRING", 25.00m, 2.50m, 22.50m));
    }

    [Fact]
    public void An_unknown_code_is_refused_by_name_and_the_order_is_unchanged()
    {
        var priced = Priced();

        var (order, refusal) = CheckoutRules.ApplyPromotion(priced, "NOPE", null, uses: 0, Now);

        refusal.Should().Be(new CheckoutResult(CheckoutOutcome.PromoUnknown, PromoProblem: "There is no promo code NOPE."));
        order.Should().BeSameAs(priced);
    }

    [Fact]
    public void A_code_that_does_not_apply_is_refused_with_its_reason()
    {
        CheckoutRules.ApplyPromotion(Priced(), "SPRING", Code(minSubtotal: 30), uses: 0, Now).Refusal
            .Should().Be(new CheckoutResult(CheckoutOutcome.PromoNotApplicable, PromoProblem: "SPRING needs a subtotal of at least 30.00."));
        CheckoutRules.ApplyPromotion(Priced(), "SPRING", Code(maxPerShopper: 1), uses: 1, Now).Refusal!.Outcome
            .Should().Be(CheckoutOutcome.PromoNotApplicable);
        CheckoutRules.ApplyPromotion(Priced(), "SPRING", Code(), uses: 0, Now.AddDays(2)).Refusal!.PromoProblem
            .Should().Be("SPRING expired on 2027-03-02.");
    }
}
