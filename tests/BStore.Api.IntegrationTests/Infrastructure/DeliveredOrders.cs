using System.Net;
using Amazon.DynamoDBv2.Model;
using BStore.Api.Notifications;
using BStore.Api.Orders;

namespace BStore.Api.IntegrationTests.Infrastructure;

/// <summary>Arranges "this shopper received these products", the condition for reviewing them.</summary>
public static class DeliveredOrders
{
    /// <summary>Places a real order of one of each product through the API (the order workflow then delivers it); its id.</summary>
    public static async Task<string> PlaceAsync(ShopperSession shopper, params string[] productIds)
    {
        foreach (var productId in productIds)
        {
            await shopper.SetAsync(productId, 1);
        }
        using var response = await shopper.CheckoutAsync(Guid.NewGuid().ToString("N"));
        return (await response.JsonAsync(HttpStatusCode.Created)).GetProperty("id").GetString()!;
    }

    /// <summary>
    /// Puts an order of one of each product, already delivered and paid, straight into the shopper's partition as the API
    /// stores it (<see cref="OrderItems.ToItem"/>), for tests that need a delivered order but are not about the workflow
    /// that delivers one (it takes several seconds; OrderLifecycleTests and the reviews' not-yet-delivered test go through it).
    /// </summary>
    public static async Task<string> SeedAsync(BStoreFixture fixture, ShopperSession shopper, params string[] productIds)
    {
        var placedAt = DateTimeOffset.UtcNow;
        var orderId = ActivityEvents.SortableId(placedAt);
        var lines = productIds.Select(id => new OrderLineResponse(id, "Test Lip Balm", 12.50m, 1, 12.50m)).ToList();
        var subtotal = lines.Sum(l => l.LineTotal);
        var timeline = new[] { "placed", "confirmed", "packed", "shipped", "delivered" }
            .Select((status, i) => new OrderStatusChange(status, placedAt.AddMilliseconds(i))).ToList();
        var address = new ShippingAddress("Test Shopper", "1 Test Street", null, "Testville", null, "12345", "US", null);
        var order = new OrderResponse(orderId, OrderStatuses.Delivered, lines, subtotal, 0m, subtotal, "USD", null, address, timeline,
            placedAt, PaymentStatuses.Paid);
        await fixture.DynamoDb.PutItemAsync(new PutItemRequest
        {
            TableName = "UserActivity",
            Item = OrderItems.ToItem(shopper.UserId, order, idempotencyKey: Guid.NewGuid().ToString("N"), paymentMethod: "pm_card_visa"),
        });
        return orderId;
    }
}
