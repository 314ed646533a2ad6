using System.Net;
using BStore.Api.IntegrationTests.Infrastructure;
using FluentAssertions.Execution;

namespace BStore.Api.IntegrationTests;

/// <summary>
/// Every answer of the API, success or error, carries the headers of a JSON API and names no server software. The answers
/// API Gateway gives by itself (404 for an unrouted path, 401 from its JWT authorizer) never reach the API and carry
/// none of them: HTTP APIs cannot add headers to their own answers, which hold only <c>{"message": ...}</c>.
/// </summary>
[Collection(BStoreCollection.Name)]
public sealed class SecurityHeadersTests(BStoreFixture fixture)
{
    [Fact]
    public async Task Every_kind_of_answer_carries_the_security_headers_and_no_server_name()
    {
        var shopper = await ShopperSession.CreateAsync(fixture);
        var product = fixture.Seed.Products[0].Id;
        var answers = new List<(string Name, HttpResponseMessage Response)>
        {
            ("catalog 200", await fixture.Api.GetAsync("/api/products?limit=1")),
            ("product 404", await fixture.Api.GetAsync("/api/products/no-such-product")),
            ("bad query 400", await fixture.Api.GetAsync("/api/products?limit=0")),
            ("unknown path 404", await fixture.ApiDirect.GetAsync("/no/such/path")),
            ("no token 401", await fixture.ApiDirect.GetAsync("/api/cart")),
            ("health 200", await fixture.ApiDirect.GetAsync("/health")),
            ("openapi 200", await fixture.Api.GetAsync("/openapi/v1.json")),
            ("cart 200", await shopper.SendAsync(HttpMethod.Get, "/api/cart")),
            ("cart line 400", await shopper.SendAsync(HttpMethod.Put, $"/api/cart/items/{product}", "{\"quantity\":-1}")),
        };

        using var scope = new AssertionScope();
        foreach (var (name, response) in answers)
        {
            scope.Context = new Lazy<string>(() => name);
            response.Headers.GetValues("X-Content-Type-Options").Should().Equal("nosniff");
            response.Headers.GetValues("X-Frame-Options").Should().Equal("DENY");
            response.Headers.GetValues("Referrer-Policy").Should().Equal("no-referrer");
            response.Headers.GetValues("Content-Security-Policy").Should().Equal("default-src 'none'; frame-ancestors 'none'");
            response.Headers.GetValues("Strict-Transport-Security").Single().Should().StartWith("max-age=31536000");
            response.Headers.Server.Should().BeEmpty("the answer names no server software");
            response.Dispose();
        }
    }

    [Fact]
    public async Task A_shoppers_data_is_never_stored_by_caches_while_the_catalog_stays_cacheable()
    {
        var shopper = await ShopperSession.CreateAsync(fixture);

        using var cart = await shopper.SendAsync(HttpMethod.Get, "/api/cart");
        using var orders = await shopper.SendAsync(HttpMethod.Get, "/api/orders");
        using var catalog = await fixture.Api.GetAsync("/api/products?limit=1");

        cart.StatusCode.Should().Be(HttpStatusCode.OK);
        cart.Headers.CacheControl!.NoStore.Should().BeTrue();
        orders.Headers.CacheControl!.NoStore.Should().BeTrue();
        catalog.Headers.CacheControl!.Public.Should().BeTrue();
        catalog.Headers.CacheControl.MaxAge.Should().Be(TimeSpan.FromSeconds(30));
    }
}
