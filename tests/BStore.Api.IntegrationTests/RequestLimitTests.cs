using System.Diagnostics;
using System.Net;
using System.Text;
using BStore.Api.IntegrationTests.Infrastructure;

namespace BStore.Api.IntegrationTests;

/// <summary>
/// The global limits (BStore:Limits) at their defaults: oversized bodies and headers and over-deep JSON are 4xx
/// problems that name the limit, answered before authentication and with nothing written; a request that outlasts
/// the request timeout is a 503 with Retry-After, and the API answers again once its data store does.
/// </summary>
[Collection(BStoreCollection.Name)]
public sealed class RequestLimitTests(BStoreFixture fixture)
{
    private readonly string _product = fixture.Seed.InStock(atLeast: 20)[0].Id;

    [Fact]
    public async Task A_body_over_64_KB_is_a_413_problem_on_any_route_before_authentication()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/cart/merge")
        {
            Content = new StringContent("{\"items\":[" + new string(' ', 70 * 1024) + "]}", Encoding.UTF8, "application/json"),
        };
        request.Headers.Accept.ParseAdd("text/html"); // a problem all the same

        // Directly: through API Gateway, its JWT authorizer refuses a request without a token before the API reads it.
        using var anonymous = await fixture.ApiDirect.SendAsync(request);
        var problem = await anonymous.ProblemAsync(HttpStatusCode.RequestEntityTooLarge);

        problem.GetProperty("detail").GetString().Should().Contain("65536 bytes");
        anonymous.Headers.WwwAuthenticate.Should().BeEmpty("the size is refused before the token is even looked at");
    }

    [Fact]
    public async Task A_body_over_64_KB_on_a_route_that_reads_none_is_refused_and_writes_nothing()
    {
        var shopper = await ShopperSession.CreateAsync(fixture);

        using var response = await shopper.SendAsync(HttpMethod.Put, $"/api/wishlist/{_product}", new string('x', 70 * 1024), contentType: "text/plain");

        await response.ProblemAsync(HttpStatusCode.RequestEntityTooLarge);
        (await shopper.ItemsAsync()).Should().BeEmpty();
    }

    /// <summary>
    /// Regression (found by OpenApiFuzzTests once it went through the gateway): the adapter, like the local gateway, sends
    /// the whole body; the API answered 413 and closed the connection with the body unread, and the reset that closing
    /// sends could destroy the answer, which reached the client as a 500.
    /// </summary>
    [Fact]
    public async Task Bodies_up_to_Lambdas_payload_limit_are_refused_with_a_413_every_time_through_the_gateway()
    {
        var shopper = await ShopperSession.CreateAsync(fixture);
        var statuses = new List<HttpStatusCode>();

        foreach (var size in Enumerable.Repeat(new[] { 256 * 1024, 1024 * 1024, 5 * 1024 * 1024 }, 8).SelectMany(s => s))
        {
            using var response = await shopper.SendAsync(HttpMethod.Put, $"/api/cart/items/{_product}", "{\"quantity\":1" + new string(' ', size) + "}");
            statuses.Add(response.StatusCode);
        }

        statuses.Should().OnlyContain(s => s == HttpStatusCode.RequestEntityTooLarge);
        (await shopper.QuantitiesAsync()).Should().BeEmpty();
    }

    [Theory]
    [InlineData("nested arrays in an unknown field", "{\"quantity\":1,\"x\":[[[[[[[[[[1]]]]]]]]]]}")]
    [InlineData("nested objects in a known field", "{\"quantity\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":1}}}}}}}}}")]
    [InlineData("8 000 opening brackets", "[")]
    public async Task A_JSON_body_nested_deeper_than_8_is_a_400_that_names_the_depth_and_writes_nothing(string name, string body)
    {
        var shopper = await ShopperSession.CreateAsync(fixture);
        if (body == "[")
        {
            body = new string('[', 8000);
        }

        using var response = await shopper.SendAsync(HttpMethod.Put, $"/api/cart/items/{_product}", body);

        var problem = await response.ProblemAsync(HttpStatusCode.BadRequest, field: "body");
        problem.GetProperty("errors").GetProperty("body")[0].GetString().Should().Contain("depth of 8", name);
        (await shopper.ItemsAsync()).Should().BeEmpty();
    }

    [Fact]
    public async Task A_JSON_body_at_the_deepest_real_shape_is_accepted()
    {
        var shopper = await ShopperSession.CreateAsync(fixture);

        using var response = await shopper.MergeAsync((_product, 1));

        (await response.JsonAsync()).GetProperty("cart").GetProperty("lines").GetArrayLength().Should().Be(1);
    }

    [Fact]
    public async Task Headers_over_16_KB_or_over_64_of_them_are_a_431_problem()
    {
        using var large = new HttpRequestMessage(HttpMethod.Get, "/api/products?limit=1");
        large.Headers.TryAddWithoutValidation("X-Padding", new string('a', 17 * 1024)).Should().BeTrue();
        large.Headers.Accept.ParseAdd("text/plain");
        using var many = new HttpRequestMessage(HttpMethod.Get, "/api/products?limit=1");
        for (var i = 0; i < 70; i++)
        {
            many.Headers.TryAddWithoutValidation($"X-Header-{i}", "value").Should().BeTrue();
        }
        using var justBelow = new HttpRequestMessage(HttpMethod.Get, "/api/products?limit=1");
        justBelow.Headers.TryAddWithoutValidation("X-Padding", new string('a', 15 * 1024)).Should().BeTrue();

        using var largeAnswer = await fixture.Api.SendAsync(large);
        using var manyAnswer = await fixture.Api.SendAsync(many);
        using var justBelowAnswer = await fixture.Api.SendAsync(justBelow);

        (await largeAnswer.ProblemAsync(HttpStatusCode.RequestHeaderFieldsTooLarge)).GetProperty("detail").GetString().Should().Contain("16384 bytes");
        await manyAnswer.ProblemAsync(HttpStatusCode.RequestHeaderFieldsTooLarge);
        justBelowAnswer.StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Headers_past_twice_the_limit_are_refused_by_the_server_with_a_431_not_a_reset()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/products?limit=1");
        request.Headers.TryAddWithoutValidation("X-Padding", new string('a', 40 * 1024)).Should().BeTrue();

        using var response = await fixture.Api.SendAsync(request);

        response.StatusCode.Should().Be(HttpStatusCode.RequestHeaderFieldsTooLarge);
    }

    [Fact]
    public async Task A_request_that_outlasts_the_timeout_is_a_503_with_Retry_After_and_the_API_recovers()
    {
        await using var proxy = new StallingProxy(fixture.EmulatorUrl);
        await using var api = await fixture.StartApiAsync(new Dictionary<string, string?>
        {
            ["BStore__Aws__ServiceUrl"] = proxy.Url.ToString().TrimEnd('/'),
            ["BStore__Limits__RequestTimeoutSeconds"] = "1",
        });
        var shopper = await fixture.Shoppers.CreateAsync();
        using (var warm = await ShopperSession.SendAsync(api.Client, HttpMethod.Get, "/api/cart", shopper.Bearer))
        {
            warm.StatusCode.Should().Be(HttpStatusCode.OK, "the token's keys are fetched before the data store stalls");
        }

        proxy.Stall();
        var clock = Stopwatch.StartNew();
        using var stalled = await ShopperSession.SendAsync(api.Client, HttpMethod.Get, "/api/cart", shopper.Bearer);
        clock.Stop();
        proxy.Resume();
        using var after = await ShopperSession.SendAsync(api.Client, HttpMethod.Get, "/api/cart", shopper.Bearer);

        var problem = await stalled.ProblemAsync(HttpStatusCode.ServiceUnavailable);
        problem.GetProperty("title").GetString().Should().Be("Request timed out");
        stalled.Headers.RetryAfter!.Delta.Should().BeGreaterThan(TimeSpan.Zero);
        clock.Elapsed.Should().BeLessThan(TimeSpan.FromSeconds(4), "the timeout (1 s), not the SDK's own (5 s per try), ends the request");
        after.StatusCode.Should().Be(HttpStatusCode.OK, await after.Content.ReadAsStringAsync());
    }
}
