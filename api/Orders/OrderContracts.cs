using System.Text.Json;
using System.Text.Json.Serialization;

namespace BStore.Api.Orders;

/// <summary>What checkout is asked for. <c>paymentMethod</c> is the provider's payment method id (default <c>pm_card_visa</c>).</summary>
public sealed record PlaceOrderRequest(ShippingAddress? ShippingAddress, string? PromoCode, string? PaymentMethod = null);

/// <summary>Where an order goes. Country is an ISO 3166-1 alpha-2 code.</summary>
public sealed record ShippingAddress(
    string? FullName, string? Line1, string? Line2, string? City, string? Region, string? PostalCode, string? Country, string? Phone);

public sealed record OrderLineResponse(string ProductId, string Name, decimal UnitPrice, int Quantity, decimal LineTotal);

/// <summary>One step of an order's life; <c>reason</c> says why it was cancelled (see <see cref="CancelReasons"/>).</summary>
public sealed record OrderStatusChange(string Status, DateTimeOffset At, string? Reason = null);

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
    DateTimeOffset CreatedAt,
    string PaymentStatus = PaymentStatuses.Pending);

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

    /// <summary>How far along the way placed → confirmed → packed → shipped → delivered; cancelled is off the way (-1).</summary>
    public static int Progress(string status) => status switch
    {
        Placed => 0, Confirmed => 1, Packed => 2, Shipped => 3, Delivered => 4, _ => -1,
    };

    /// <summary>Until it ships, an order can be cancelled and its stock goes back on the shelf.</summary>
    public static readonly IReadOnlySet<string> Cancellable = new HashSet<string>(StringComparer.Ordinal) { Placed, Confirmed, Packed };
}

/// <summary>
/// Where the money is: <c>pending</c> until the workflow charges, then <c>paid</c> or <c>declined</c>; after a cancel
/// <c>refunded</c>, or <c>not_charged</c> when it was cancelled before the charge.
/// </summary>
public static class PaymentStatuses
{
    public const string Pending = "pending";
    public const string Paid = "paid";
    public const string Declined = "declined";
    public const string Refunded = "refunded";
    public const string NotCharged = "not_charged";
}

public static class CancelReasons
{
    public const string ByShopper = "cancelled_by_shopper";
    public const string PaymentDeclined = "payment_declined";
    public const string FulfilmentFailed = "fulfilment_failed";
}

/// <summary>Answers, source-generated (Native AOT has no reflection).</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(OrderResponse))]
[JsonSerializable(typeof(OrderPageResponse))]
[JsonSerializable(typeof(OrderStepResult))]
[JsonSerializable(typeof(List<CheckoutLineProblem>))]
public sealed partial class OrdersJsonContext : JsonSerializerContext;

/// <summary>Request bodies, strict (<see cref="Http.JsonBody"/>): unknown fields and numbers in strings are errors.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow, NumberHandling = JsonNumberHandling.Strict, AllowTrailingCommas = false, MaxDepth = 64)]
[JsonSerializable(typeof(PlaceOrderRequest))]
public sealed partial class OrdersRequestJsonContext : JsonSerializerContext;
