using System.Net;
using System.Net.Http.Json;
using BStore.Api.IntegrationTests.Infrastructure;

namespace BStore.Api.IntegrationTests;

[Collection(BStoreCollection.Name)]
public sealed class CartSmokeTests(BStoreFixture fixture)
{
    [Fact]
    public async Task A_shopper_fills_the_cart_and_reads_it_priced_from_the_catalog()
    {
        var shopper = await fixture.Shoppers.CreateAsync();
        var product = fixture.Seed.Products.First(p => p.Stock > 10);
        using var put = new HttpRequestMessage(HttpMethod.Put, $"/api/cart/items/{product.Id}") { Content = JsonContent.Create(new { quantity = 3 }) };
        put.Headers.Authorization = shopper.Bearer;
        using var putResponse = await fixture.Api.SendAsync(put);
        (await putResponse.JsonAsync()).GetProperty("quantity").GetInt32().Should().Be(3);

        using var get = new HttpRequestMessage(HttpMethod.Get, "/api/cart");
        get.Headers.Authorization = shopper.Bearer;
        using var getResponse = await fixture.Api.SendAsync(get);
        var cart = await getResponse.JsonAsync();
        getResponse.Headers.ETag!.Tag.Should().Be($"\"{cart.GetProperty("version").GetInt64()}\"");

        var line = cart.GetProperty("lines").EnumerateArray().Single();
        line.GetProperty("productId").GetString().Should().Be(product.Id);
        line.GetProperty("unitPrice").GetDecimal().Should().Be(product.Price);
        cart.GetProperty("subtotal").GetDecimal().Should().Be(product.Price * 3);
        cart.GetProperty("version").GetInt64().Should().Be(1);
    }

    [Fact]
    public async Task Without_a_token_the_cart_is_a_401_problem()
    {
        using var response = await fixture.Api.GetAsync("/api/cart");
        using var direct = await fixture.ApiDirect.GetAsync("/api/cart");

        await response.GatewayAnswerAsync(HttpStatusCode.Unauthorized, "Unauthorized"); // API Gateway's JWT authorizer
        await direct.ProblemAsync(HttpStatusCode.Unauthorized);
    }
}
