using System.Net;
using System.Net.Http.Headers;
using BStore.Api.IntegrationTests.Infrastructure;

namespace BStore.Api.IntegrationTests;

/// <summary>
/// Rate limits, on an API process of their own with tiny ones (3 writes per shopper, 5 anonymous requests per
/// address, per hour): past its limit a client gets a 429 problem with Retry-After and nothing is written; one
/// shopper's exhaustion limits no other shopper; a forged X-Forwarded-For does not open a new allowance.
/// </summary>
[Collection(BStoreCollection.Name)]
public sealed class RateLimitTests(BStoreFixture fixture) : IAsyncLifetime
{
    private const int ShopperWrites = 3;
    private const int AnonymousRequests = 5;

    private readonly IReadOnlyList<SeedProduct> _products = fixture.Seed.InStock(atLeast: 20);
    private ApiProcess _api = null!;
    private ApiProcess _gateway = null!;

    public async Task InitializeAsync()
    {
        _api = await fixture.StartApiAsync(new Dictionary<string, string?>
        {
            ["BStore__Limits__ShopperWrites__PermitLimit"] = $"{ShopperWrites}",
            ["BStore__Limits__ShopperWrites__WindowSeconds"] = "3600",
            ["BStore__Limits__AnonymousPerAddress__PermitLimit"] = $"{AnonymousRequests}",
            ["BStore__Limits__AnonymousPerAddress__WindowSeconds"] = "3600",
        });
        _gateway = await fixture.StartGatewayAsync(FreePorts.Next(), _api.Client.BaseAddress!);
    }

    public async Task DisposeAsync()
    {
        await _gateway.DisposeAsync();
        await _api.DisposeAsync();
    }

    [Fact]
    public async Task A_shopper_past_their_write_limit_gets_a_429_problem_with_Retry_After_and_other_shoppers_do_not()
    {
        var ana = new ShopperSession(fixture, await fixture.Shoppers.CreateAsync());
        var ben = new ShopperSession(fixture, await fixture.Shoppers.CreateAsync());

        var allowed = new List<HttpStatusCode>();
        for (var i = 0; i < ShopperWrites; i++)
        {
            using var write = await WishAsync(ana, _products[i].Id);
            allowed.Add(write.StatusCode);
        }
        using var refused = await WishAsync(ana, _products[ShopperWrites].Id);
        using var otherShopper = await WishAsync(ben, _products[0].Id);
        using var read = await ShopperSession.SendAsync(_api.Client, HttpMethod.Get, "/api/wishlist", ana.Account.Bearer);

        allowed.Should().AllBeEquivalentTo(HttpStatusCode.NoContent);
        var problem = await refused.ProblemAsync(HttpStatusCode.TooManyRequests);
        problem.GetProperty("title").GetString().Should().Be("Too many requests");
        refused.Headers.RetryAfter!.Delta!.Value.Should().BeGreaterThanOrEqualTo(TimeSpan.FromSeconds(1)).And.BeLessThanOrEqualTo(TimeSpan.FromHours(1));
        otherShopper.StatusCode.Should().Be(HttpStatusCode.NoContent, "each shopper has a bucket of their own");
        read.StatusCode.Should().Be(HttpStatusCode.OK, "reads of a signed-in shopper are not limited");
        (await ana.ItemsAsync("WISH#")).Should().HaveCount(ShopperWrites, "the refused write wrote nothing");
    }

    [Fact]
    public async Task Requests_without_a_valid_token_are_limited_per_address_and_a_forged_forwarded_address_changes_nothing()
    {
        var shopper = await fixture.Shoppers.CreateAsync();

        var allowed = new List<HttpStatusCode>();
        // The gateway's readiness check (GET /api/config through it) was this address's first request.
        for (var i = 1; i < AnonymousRequests; i++)
        {
            using var config = await _api.Client.GetAsync("/api/config");
            allowed.Add(config.StatusCode);
        }
        using var refused = await _api.Client.GetAsync("/api/config");
        using var forged = new HttpRequestMessage(HttpMethod.Get, "/api/products?limit=1");
        forged.Headers.Add("X-Forwarded-For", "203.0.113.7");
        forged.Headers.Accept.ParseAdd("text/html");
        // Through API Gateway (the template's TrustForwardedFor): it appends the caller's real address after the forged one.
        using var forgedAnswer = await _gateway.Client.SendAsync(forged);
        using var badToken = await ShopperSession.SendAsync(_api.Client, HttpMethod.Get, "/api/cart", new AuthenticationHeaderValue("Bearer", "not-a-token"));
        using var signedIn = await ShopperSession.SendAsync(_api.Client, HttpMethod.Get, "/api/cart", shopper.Bearer);
        using var health = await _api.Client.GetAsync("/health");

        allowed.Should().AllBeEquivalentTo(HttpStatusCode.OK);
        await refused.ProblemAsync(HttpStatusCode.TooManyRequests);
        refused.Headers.RetryAfter!.Delta!.Value.Should().BeGreaterThanOrEqualTo(TimeSpan.FromSeconds(1));
        await forgedAnswer.ProblemAsync(HttpStatusCode.TooManyRequests);
        await badToken.ProblemAsync(HttpStatusCode.TooManyRequests);
        signedIn.StatusCode.Should().Be(HttpStatusCode.OK, "a signed-in shopper's reads are not counted against the address");
        health.StatusCode.Should().Be(HttpStatusCode.OK, "only /api is limited");
    }

    private Task<HttpResponseMessage> WishAsync(ShopperSession shopper, string productId) =>
        ShopperSession.SendAsync(_api.Client, HttpMethod.Put, $"/api/wishlist/{productId}", shopper.Account.Bearer);
}
