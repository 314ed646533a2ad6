using System.Net;
using System.Net.Http.Headers;

namespace BStore.Api.IntegrationTests.Infrastructure;

/// <summary>Arranges "this shopper received these products", the condition for reviewing them.</summary>
public static class DeliveredOrders
{
    /// <summary>Places a real order of one of each product through the API and, unless told otherwise, waits for the order workflow to deliver it.</summary>
    public static async Task<string> PlaceAsync(BStoreFixture fixture, ShopperSession shopper, IReadOnlyList<string> productIds, bool delivered = true)
    {
        foreach (var productId in productIds)
        {
            await shopper.SetAsync(productId, 1);
        }
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/orders") { Content = new StringContent(OrdersTests.Body()) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        request.Headers.Authorization = shopper.Account.Bearer;
        request.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString("N"));
        using var response = await fixture.Api.SendAsync(request);
        var orderId = (await response.JsonAsync(HttpStatusCode.Created)).GetProperty("id").GetString()!;
        if (delivered)
        {
            await shopper.WaitForOrderAsync(orderId, "delivered");
        }
        return orderId;
    }

    public static Task<string> PlaceAsync(BStoreFixture fixture, ShopperSession shopper, string productId, bool delivered = true) =>
        PlaceAsync(fixture, shopper, [productId], delivered);
}
