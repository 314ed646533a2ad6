using System.Net;
using System.Net.Http.Headers;
using Amazon.DynamoDBv2.Model;

namespace BStore.Api.IntegrationTests.Infrastructure;

/// <summary>Arranges "this shopper received these products", the condition for reviewing them.</summary>
public static class DeliveredOrders
{
    /// <summary>Places a real order of one of each product through the API and, unless told otherwise, marks it delivered.</summary>
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
            await MarkDeliveredAsync(fixture, shopper.UserId, orderId);
        }
        return orderId;
    }

    public static Task<string> PlaceAsync(BStoreFixture fixture, ShopperSession shopper, string productId, bool delivered = true) =>
        PlaceAsync(fixture, shopper, [productId], delivered);

    /// <summary>
    /// TEST ARRANGEMENT, not the product's behaviour: the order workflow that moves orders to 'delivered' is not on this
    /// branch yet, so the order's status is set directly in the emulator's table. Once the workflow runs in the tests'
    /// emulator, replace this with waiting for the order to reach 'delivered' through GET /api/orders/{id}.
    /// </summary>
    public static Task MarkDeliveredAsync(BStoreFixture fixture, string userId, string orderId) =>
        fixture.DynamoDb.UpdateItemAsync(new UpdateItemRequest
        {
            TableName = "UserActivity",
            Key = new() { ["userId"] = new() { S = userId }, ["sk"] = new() { S = "ORDER#" + orderId } },
            UpdateExpression = "SET #status = :delivered",
            ConditionExpression = "attribute_exists(sk)",
            ExpressionAttributeNames = new() { ["#status"] = "status" },
            ExpressionAttributeValues = new() { [":delivered"] = new() { S = "delivered" } },
        });
}
