using BStore.Api.Cart;
using BStore.Api.Catalog;
using BStore.Api.Promotions;

namespace BStore.Api.Orders;

/// <summary>
/// What checkout decides, apart from how it is stored: which lines cannot be bought, what the order costs, and what a
/// promo code takes off. Pure functions of the cart and the figures read; <see cref="OrderStore"/> writes the result in one
/// transaction conditioned on those same figures (stock, price, the code's limits), so a decision taken on figures that
/// moved fails there and is taken again.
/// </summary>
public static class CheckoutRules
{
    /// <summary>The lines that cannot be bought: products gone from the catalog, or with less stock than the cart holds.</summary>
    public static List<CheckoutLineProblem> Problems(StoredCart cart, IReadOnlyDictionary<string, Product> products) =>
    [
        .. cart.Lines.Select(line => products.TryGetValue(line.ProductId, out var product)
            ? line.Quantity <= product.Stock ? null : new CheckoutLineProblem(line.ProductId, "insufficient_stock", line.Quantity, Math.Max(product.Stock, 0))
            : new CheckoutLineProblem(line.ProductId, "unavailable", line.Quantity, 0))
            .OfType<CheckoutLineProblem>(),
    ];

    /// <summary>The order for a cart with no <see cref="Problems"/>: lines by product id at the catalog's prices, no discount yet.</summary>
    public static OrderResponse Price(
        StoredCart cart, IReadOnlyDictionary<string, Product> products, ShippingAddress address, string orderId, DateTimeOffset now)
    {
        var lines = cart.Lines.OrderBy(l => l.ProductId, StringComparer.Ordinal).Select(line =>
        {
            var product = products[line.ProductId];
            return new OrderLineResponse(product.Id, product.Name, product.Price, line.Quantity, product.Price * line.Quantity);
        }).ToList();
        var subtotal = lines.Sum(l => l.LineTotal);
        return new OrderResponse(
            orderId, OrderStatuses.Placed, lines, subtotal, Discount: 0, Total: subtotal,
            products[lines[0].ProductId].Currency, PromoCode: null, address, [new OrderStatusChange(OrderStatuses.Placed, now)], now);
    }

    /// <summary>
    /// The order with <paramref name="code"/> applied, or why not: the code does not exist (<paramref name="promotion"/> is
    /// null), or does not apply to this subtotal for a shopper who used it <paramref name="uses"/> times.
    /// </summary>
    public static (OrderResponse Order, CheckoutResult? Refusal) ApplyPromotion(
        OrderResponse order, string code, Promotion? promotion, int uses, DateTimeOffset now)
    {
        if (promotion is null)
        {
            return (order, new CheckoutResult(CheckoutOutcome.PromoUnknown, PromoProblem: $"There is no promo code {code}."));
        }
        if (promotion.WhyNot(order.Subtotal, uses, now) is { } reason)
        {
            return (order, new CheckoutResult(CheckoutOutcome.PromoNotApplicable, PromoProblem: reason));
        }
        var discount = promotion.DiscountOn(order.Subtotal);
        return (order with { PromoCode = code, Discount = discount, Total = order.Subtotal - discount }, null);
    }
}
