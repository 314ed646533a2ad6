using System.Net;

namespace BStore.Api.IntegrationTests.Infrastructure;

/// <summary>Arranges "this shopper received these products", the condition for reviewing them.</summary>
public static class DeliveredOrders
{
    /// <summary>Places a real order of one of each product through the API and, unless told otherwise, waits for the order workflow to deliver it.</summary>
    public static async Task<string> PlaceAsync(ShopperSession shopper, IReadOnlyList<string> productIds, bool delivered = true)
    {
        foreach (var productId in productIds)
        {
            await shopper.SetAsync(productId, 1);
        }
        using var response = await shopper.CheckoutAsync(Guid.NewGuid().ToString("N"));
        var orderId = (await response.JsonAsync(HttpStatusCode.Created)).GetProperty("id").GetString()!;
        if (delivered)
        {
            await shopper.WaitForOrderAsync(orderId, "delivered");
        }
        return orderId;
    }

    public static Task<string> PlaceAsync(ShopperSession shopper, string productId, bool delivered = true) =>
        PlaceAsync(shopper, [productId], delivered);
}
