using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using BStore.Api.IntegrationTests.Infrastructure;

namespace BStore.Api.IntegrationTests;

/// <summary>The in-app inbox: every cart and wishlist change, newest first, with read state and an unread count.</summary>
[Collection(BStoreCollection.Name)]
public sealed class NotificationsTests(BStoreFixture fixture)
{
    [Fact]
    public async Task Each_change_appears_newest_first_in_words_with_an_unread_count()
    {
        var shopper = await fixture.Shoppers.CreateAsync();
        var (first, second) = (fixture.Seed.Products.First(p => p.Stock > 5), fixture.Seed.Products.Last(p => p.Stock > 5));
        await SendAsync(shopper, HttpMethod.Put, $"/api/cart/items/{first.Id}", new { quantity = 2 });
        await SendAsync(shopper, HttpMethod.Put, $"/api/wishlist/{second.Id}");
        await SendAsync(shopper, HttpMethod.Delete, $"/api/cart/items/{first.Id}");

        var inbox = await GetAsync(shopper, "/api/notifications");

        var items = inbox.GetProperty("items").EnumerateArray().ToList();
        items.Select(i => i.GetProperty("type").GetString()).Should().Equal("cart.item_removed", "wishlist.item_added", "cart.item_set");
        items[2].GetProperty("message").GetString().Should().Be($"{first.Name}: 2 in your cart.");
        items[1].GetProperty("message").GetString().Should().Be($"{second.Name} was added to your wishlist.");
        items.Should().OnlyContain(i => !i.GetProperty("read").GetBoolean());
        inbox.GetProperty("unreadCount").GetInt32().Should().Be(3);
    }

    [Fact]
    public async Task Reading_one_and_reading_all_update_the_unread_count()
    {
        var shopper = await fixture.Shoppers.CreateAsync();
        foreach (var product in fixture.Seed.Products.Where(p => p.Stock > 5).Take(3))
        {
            await SendAsync(shopper, HttpMethod.Put, $"/api/wishlist/{product.Id}");
        }
        var newest = (await GetAsync(shopper, "/api/notifications")).GetProperty("items")[0].GetProperty("id").GetString();

        (await SendAsync(shopper, HttpMethod.Post, $"/api/notifications/{newest}/read")).Should().Be(HttpStatusCode.NoContent);
        var afterOne = await GetAsync(shopper, "/api/notifications");
        (await SendAsync(shopper, HttpMethod.Post, "/api/notifications/read-all")).Should().Be(HttpStatusCode.NoContent);
        var afterAll = await GetAsync(shopper, "/api/notifications");

        afterOne.GetProperty("unreadCount").GetInt32().Should().Be(2);
        afterOne.GetProperty("items")[0].GetProperty("read").GetBoolean().Should().BeTrue();
        afterAll.GetProperty("unreadCount").GetInt32().Should().Be(0);
        afterAll.GetProperty("items").EnumerateArray().Should().OnlyContain(i => i.GetProperty("read").GetBoolean());
    }

    [Fact]
    public async Task Pages_follow_the_cursor_without_repeats()
    {
        var shopper = await fixture.Shoppers.CreateAsync();
        var products = fixture.Seed.Products.Where(p => p.Stock > 5).Take(5).ToList();
        foreach (var product in products)
        {
            await SendAsync(shopper, HttpMethod.Put, $"/api/wishlist/{product.Id}");
        }

        var first = await GetAsync(shopper, "/api/notifications?limit=2");
        var second = await GetAsync(shopper, $"/api/notifications?limit=2&cursor={first.GetProperty("nextCursor").GetString()}");
        var third = await GetAsync(shopper, $"/api/notifications?limit=2&cursor={second.GetProperty("nextCursor").GetString()}");

        var ids = new[] { first, second, third }.SelectMany(p => p.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("productId").GetString())).ToList();
        ids.Should().Equal(products.Select(p => p.Id).Reverse());
        third.GetProperty("nextCursor").ValueKind.Should().Be(JsonValueKind.Null);
    }

    [Fact]
    public async Task One_shopper_cannot_see_or_mark_another_shoppers_notifications()
    {
        var (ana, ben) = (await fixture.Shoppers.CreateAsync(), await fixture.Shoppers.CreateAsync());
        await SendAsync(ana, HttpMethod.Put, $"/api/wishlist/{fixture.Seed.Products[0].Id}");
        var anasId = (await GetAsync(ana, "/api/notifications")).GetProperty("items")[0].GetProperty("id").GetString();

        var bens = await GetAsync(ben, "/api/notifications");
        using var markAnas = new HttpRequestMessage(HttpMethod.Post, $"/api/notifications/{anasId}/read");
        markAnas.Headers.Authorization = ben.Bearer;

        bens.GetProperty("items").GetArrayLength().Should().Be(0);
        await (await fixture.Api.SendAsync(markAnas)).ProblemAsync(HttpStatusCode.NotFound);
        (await GetAsync(ana, "/api/notifications")).GetProperty("unreadCount").GetInt32().Should().Be(1);
    }

    [Theory]
    [InlineData("/api/notifications?limit=0", "limit")]
    [InlineData("/api/notifications?limit=51", "limit")]
    [InlineData("/api/notifications?cursor=bm90LWFuLWlk", "cursor")]
    [InlineData("/api/notifications?cursor=%%%", "cursor")]
    [InlineData("/api/notifications?page=2", "page")]
    public async Task Bad_queries_are_400_problems(string path, string field)
    {
        var shopper = await fixture.Shoppers.CreateAsync();
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Authorization = shopper.Bearer;

        await (await fixture.Api.SendAsync(request)).ProblemAsync(HttpStatusCode.BadRequest, field);
    }

    [Fact]
    public async Task An_id_that_is_not_a_notification_id_is_a_400()
    {
        var shopper = await fixture.Shoppers.CreateAsync();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/notifications/..%2Fprofile/read");
        request.Headers.Authorization = shopper.Bearer;

        ((int)(await fixture.Api.SendAsync(request)).StatusCode).Should().BeOneOf(400, 404);
    }

    private async Task<HttpStatusCode> SendAsync(ShopperAccount shopper, HttpMethod method, string path, object? body = null)
    {
        using var request = new HttpRequestMessage(method, path) { Content = body is null ? null : JsonContent.Create(body) };
        request.Headers.Authorization = shopper.Bearer;
        using var response = await fixture.Api.SendAsync(request);
        ((int)response.StatusCode).Should().BeLessThan(300, await response.Content.ReadAsStringAsync());
        return response.StatusCode;
    }

    private async Task<JsonElement> GetAsync(ShopperAccount shopper, string path)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Authorization = shopper.Bearer;
        return await (await fixture.Api.SendAsync(request)).JsonAsync();
    }
}
