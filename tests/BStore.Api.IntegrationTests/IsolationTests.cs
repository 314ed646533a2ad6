using System.Net;
using BStore.Api.IntegrationTests.Infrastructure;

namespace BStore.Api.IntegrationTests;

/// <summary>A shopper sees and changes only their own cart and wishlist, whatever they put in the path.</summary>
[Collection(BStoreCollection.Name)]
public sealed class IsolationTests(BStoreFixture fixture)
{
    [Fact]
    public async Task Another_shopper_sees_nothing_of_a_cart_and_wishlist_and_cannot_change_them()
    {
        var products = fixture.Seed.InStock(atLeast: 20);
        var a = await ShopperSession.CreateAsync(fixture);
        var b = await ShopperSession.CreateAsync(fixture);
        a.UserId.Should().NotBe(b.UserId);
        await a.SetAsync(products[0].Id, 2);
        await a.SetAsync(products[1].Id, 1);
        await a.AddToWishlistAsync(products[2].Id);
        await a.AddToWishlistAsync(products[3].Id);
        var aCart = (await a.CartAsync()).GetRawText();
        var aWishlist = (await a.WishlistAsync()).GetRawText();
        var aItems = await a.SnapshotAsync();
        aItems.Should().Contain($"CART#{products[0].Id}").And.Contain($"WISH#{products[2].Id}");

        var bCart = await b.CartAsync();
        bCart.GetProperty("lines").GetArrayLength().Should().Be(0);
        bCart.GetProperty("version").GetInt64().Should().Be(0);
        (await b.WishlistAsync()).GetProperty("items").GetArrayLength().Should().Be(0);

        (HttpMethod Method, string Path, HttpStatusCode[] Allowed)[] attempts =
        [
            (HttpMethod.Delete, "/api/cart", [HttpStatusCode.NoContent]),
            (HttpMethod.Delete, $"/api/cart/items/{products[0].Id}", [HttpStatusCode.OK]),
            (HttpMethod.Delete, $"/api/cart/items/{products[1].Id}", [HttpStatusCode.OK]),
            (HttpMethod.Delete, $"/api/wishlist/{products[2].Id}", [HttpStatusCode.NoContent]),
            (HttpMethod.Post, $"/api/wishlist/{products[3].Id}/move-to-cart", [HttpStatusCode.NotFound]),
            (HttpMethod.Delete, $"/api/cart/items/{a.UserId}", [HttpStatusCode.OK, HttpStatusCode.BadRequest]),
            (HttpMethod.Get, $"/api/cart?userId={a.UserId}", [HttpStatusCode.OK, HttpStatusCode.BadRequest]),
            (HttpMethod.Get, $"/api/wishlist?userId={a.UserId}", [HttpStatusCode.OK, HttpStatusCode.BadRequest]),
            (HttpMethod.Delete, "/api/cart/items/..%2F..%2Fx", [HttpStatusCode.BadRequest, HttpStatusCode.NotFound]),
            (HttpMethod.Delete, $"/api/cart/items/..%2F{a.UserId}%2FCART", [HttpStatusCode.BadRequest, HttpStatusCode.NotFound]),
            (HttpMethod.Delete, $"/api/cart/items/{products[0].Id.ToUpperInvariant()}", [HttpStatusCode.BadRequest]),
            (HttpMethod.Delete, $"/api/cart/items/{new string('a', 65)}", [HttpStatusCode.BadRequest]),
            (HttpMethod.Delete, $"/api/cart/items/{Uri.EscapeDataString(products[0].Id.Replace('e', 'é'))}", [HttpStatusCode.BadRequest]),
            (HttpMethod.Delete, $"/api/cart/items/{products[0].Id}%00", [HttpStatusCode.BadRequest]), // refused by Kestrel, no problem body
            (HttpMethod.Delete, $"/api/cart/items/{products[0].Id}%2F..", [HttpStatusCode.BadRequest, HttpStatusCode.NotFound]),
            (HttpMethod.Delete, $"/api/wishlist/{products[2].Id.ToUpperInvariant()}", [HttpStatusCode.BadRequest]),
            (HttpMethod.Delete, $"/api/wishlist/WISH%23{products[2].Id}", [HttpStatusCode.BadRequest]),
            (HttpMethod.Delete, $"/api/wishlist/{products[2].Id}%20", [HttpStatusCode.BadRequest]),
        ];
        foreach (var (method, path, allowed) in attempts)
        {
            using var response = await b.SendAsync(method, path);
            var body = await response.Content.ReadAsStringAsync();
            response.StatusCode.Should().BeOneOf(allowed, $"{method} {path}: {body}");
            if ((int)response.StatusCode >= 400 && !path.Contains("%00", StringComparison.Ordinal))
            {
                await response.ProblemAsync(response.StatusCode);
            }
        }
        using (var merge = await b.MergeAsync((products[0].Id, 1)))
        {
            ShopperSession.Quantities((await merge.JsonAsync()).GetProperty("cart")).Should().Equal(new Dictionary<string, int> { [products[0].Id] = 1 });
        }

        (await a.CartAsync()).GetRawText().Should().Be(aCart);
        (await a.WishlistAsync()).GetRawText().Should().Be(aWishlist);
        (await a.SnapshotAsync()).Should().Be(aItems);
        (await b.ItemsAsync("WISH#")).Should().BeEmpty();
        (await b.QuantitiesAsync()).Should().Equal(new Dictionary<string, int> { [products[0].Id] = 1 });
    }

    [Fact]
    public async Task Another_shopper_cannot_reach_an_order_or_a_notification_by_its_id()
    {
        var (a, b) = (await ShopperSession.CreateAsync(fixture), await ShopperSession.CreateAsync(fixture));
        var product = await TestProducts.CreateAsync(fixture, stock: 5);
        await a.SetAsync(product, 1);
        var order = await (await a.CheckoutAsync("isolated")).JsonAsync(HttpStatusCode.Created);
        var orderId = order.GetProperty("id").GetString()!;
        var eventId = (await (await a.SendAsync(HttpMethod.Get, "/api/notifications")).JsonAsync()).GetProperty("items")[0].GetProperty("id").GetString()!;
        // The order workflow keeps writing to A's order, so what is compared is what B could have touched: cancel and read marks.
        await (await b.SendAsync(HttpMethod.Get, $"/api/orders/{orderId}")).ProblemAsync(HttpStatusCode.NotFound);
        await (await b.SendAsync(HttpMethod.Post, $"/api/orders/{orderId}/cancel")).ProblemAsync(HttpStatusCode.NotFound);
        await (await b.SendAsync(HttpMethod.Post, $"/api/notifications/{eventId}/read")).ProblemAsync(HttpStatusCode.NotFound);
        (await b.SendAsync(HttpMethod.Post, "/api/notifications/read-all")).StatusCode.Should().Be(HttpStatusCode.NoContent);
        (await (await b.SendAsync(HttpMethod.Get, "/api/orders")).JsonAsync()).GetProperty("items").GetArrayLength().Should().Be(0);
        (await (await b.SendAsync(HttpMethod.Get, "/api/notifications")).JsonAsync()).GetProperty("items").GetArrayLength().Should().Be(0);

        var after = await (await a.SendAsync(HttpMethod.Get, $"/api/orders/{orderId}")).JsonAsync();
        after.GetProperty("status").GetString().Should().NotBe("cancelled");
        (await TestProducts.StockAsync(fixture, product)).Should().Be(4, "B's cancel released nothing");
        var inbox = await (await a.SendAsync(HttpMethod.Get, "/api/notifications")).JsonAsync();
        inbox.GetProperty("unreadCount").GetInt32().Should().BeGreaterThan(0, "B's read marks did not touch A's inbox");
        inbox.GetProperty("items").EnumerateArray().Single(e => e.GetProperty("id").GetString() == eventId)
            .GetProperty("read").GetBoolean().Should().BeFalse();
    }
}
