namespace BStore.Api.Orders;

public sealed record PlaceOrderRequest(ShippingAddress? ShippingAddress, string? PromoCode);

/// <summary>Where an order goes. Country is an ISO 3166-1 alpha-2 code.</summary>
public sealed record ShippingAddress(
    string? FullName, string? Line1, string? Line2, string? City, string? Region, string? PostalCode, string? Country, string? Phone);

public sealed record OrderLineResponse(string ProductId, string Name, decimal UnitPrice, int Quantity, decimal LineTotal);

public sealed record OrderStatusChange(string Status, DateTimeOffset At);

/// <summary>An order as placed: prices, discount and total computed on the server when it was placed.</summary>
public sealed record OrderResponse(
    string Id,
    string Status,
    IReadOnlyList<OrderLineResponse> Lines,
    decimal Subtotal,
    decimal Discount,
    decimal Total,
    string Currency,
    string? PromoCode,
    ShippingAddress ShippingAddress,
    IReadOnlyList<OrderStatusChange> Timeline,
    DateTimeOffset CreatedAt);

public sealed record OrderSummaryResponse(string Id, string Status, int ItemCount, decimal Total, string Currency, DateTimeOffset CreatedAt);

public sealed record OrderPageResponse(IReadOnlyList<OrderSummaryResponse> Items, string? NextCursor);

/// <summary>A cart line checkout could not take: <c>unavailable</c> (left the catalog) or <c>insufficient_stock</c>.</summary>
public sealed record CheckoutLineProblem(string ProductId, string Reason, int Requested, int Available);

public static class OrderStatuses
{
    public const string Placed = "placed";
    public const string Confirmed = "confirmed";
    public const string Packed = "packed";
    public const string Shipped = "shipped";
    public const string Delivered = "delivered";
    public const string Cancelled = "cancelled";

    /// <summary>Until it ships, an order can be cancelled and its stock goes back on the shelf.</summary>
    public static readonly IReadOnlySet<string> Cancellable = new HashSet<string>(StringComparer.Ordinal) { Placed, Confirmed, Packed };
}
