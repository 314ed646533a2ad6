using System.Net;
using BStore.Api.IntegrationTests.Infrastructure;
using FluentAssertions.Execution;

namespace BStore.Api.IntegrationTests;

/// <summary>
/// CORS: the configured origins (here the Expo web dev server's two addresses) may call the API from a browser with
/// the headers the app sends and read the headers it needs; any other origin gets no CORS header at all.
/// </summary>
[Collection(BStoreCollection.Name)]
public sealed class CorsTests(BStoreFixture fixture)
{
    private readonly string _product = fixture.Seed.InStock(atLeast: 20)[0].Id;

    [Theory]
    [InlineData("http://localhost:8081")]
    [InlineData("http://127.0.0.1:8081")]
    public async Task An_allowed_origin_gets_a_preflight_for_the_apps_methods_and_headers(string origin)
    {
        using var preflight = Preflight($"/api/cart/items/{_product}", origin, "PUT", "authorization, content-type, if-match, idempotency-key");

        using var response = await fixture.Api.SendAsync(preflight);

        response.StatusCode.Should().Be(HttpStatusCode.NoContent);
        Header(response, "Access-Control-Allow-Origin").Should().Be(origin);
        Header(response, "Access-Control-Allow-Methods")!.Split(',', StringSplitOptions.TrimEntries).Should().Contain(["GET", "PUT", "POST", "DELETE"]);
        Header(response, "Access-Control-Allow-Headers")!.Split(',', StringSplitOptions.TrimEntries)
            .Should().Contain(["Authorization", "Content-Type", "If-Match", "Idempotency-Key"]);
        Header(response, "Access-Control-Max-Age").Should().Be("3600");
        Header(response, "Access-Control-Allow-Credentials").Should().BeNull("tokens travel in a header, never in cookies");
    }

    [Fact]
    public async Task An_allowed_origins_requests_and_errors_carry_the_origin_and_the_headers_it_may_read()
    {
        var shopper = await ShopperSession.CreateAsync(fixture);
        const string origin = "http://localhost:8081";
        using var cart = new HttpRequestMessage(HttpMethod.Get, "/api/cart");
        cart.Headers.Authorization = shopper.Account.Bearer;
        cart.Headers.Add("Origin", origin);
        using var anonymous = new HttpRequestMessage(HttpMethod.Get, "/api/cart");
        anonymous.Headers.Add("Origin", origin);

        using var ok = await fixture.Api.SendAsync(cart);
        using var refused = await fixture.Api.SendAsync(anonymous);

        using var scope = new AssertionScope();
        ok.StatusCode.Should().Be(HttpStatusCode.OK);
        ok.Headers.ETag.Should().NotBeNull();
        refused.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        foreach (var response in new[] { ok, refused })
        {
            Header(response, "Access-Control-Allow-Origin").Should().Be(origin);
            Header(response, "Access-Control-Expose-Headers")!.Split(',', StringSplitOptions.TrimEntries).Should().Contain(["ETag", "Location", "Retry-After"]);
            response.Headers.Vary.Should().Contain("Origin");
        }
    }

    [Theory]
    [InlineData("https://evil.example")]
    [InlineData("http://localhost:8082")]
    [InlineData("https://localhost:8081")]
    [InlineData("null")]
    public async Task Any_other_origin_gets_no_CORS_header_on_preflights_or_requests(string origin)
    {
        using var preflight = Preflight("/api/cart", origin, "DELETE", "authorization");
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/products?limit=1");
        request.Headers.Add("Origin", origin);

        using var preflightAnswer = await fixture.Api.SendAsync(preflight);
        using var requestAnswer = await fixture.Api.SendAsync(request);

        using var scope = new AssertionScope();
        foreach (var response in new[] { preflightAnswer, requestAnswer })
        {
            response.Headers.Select(h => h.Key).Where(h => h.StartsWith("Access-Control-", StringComparison.OrdinalIgnoreCase)).Should().BeEmpty();
        }
        requestAnswer.StatusCode.Should().Be(HttpStatusCode.OK, "CORS is the browser's rule: the answer itself is the same, only unreadable by that page");
    }

    private static HttpRequestMessage Preflight(string path, string origin, string method, string headers)
    {
        var request = new HttpRequestMessage(HttpMethod.Options, path);
        request.Headers.Add("Origin", origin);
        request.Headers.Add("Access-Control-Request-Method", method);
        request.Headers.Add("Access-Control-Request-Headers", headers);
        return request;
    }

    private static string? Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? string.Join(", ", values) : null;
}
