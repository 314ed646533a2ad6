using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using BStore.Api.IntegrationTests.Infrastructure;

namespace BStore.Api.IntegrationTests;

/// <summary>
/// The API's public address is the local gateway made from the dev stage template (gateway/), as API Gateway serves the
/// API in AWS: what the template does not route answers 404 without reaching the API, its JWT authorizer refuses what
/// Cognito's would, and CORS comes from the template, not the function.
/// </summary>
[Collection(BStoreCollection.Name)]
public sealed class LocalGatewayTests(BStoreFixture fixture)
{
    [Theory]
    [InlineData("GET", "/health")]
    [InlineData("GET", "/no/such/path")]
    [InlineData("GET", "/api")]
    [InlineData("DELETE", "/api/products")]
    [InlineData("GET", "/api/cart/items")]
    public async Task What_the_template_does_not_route_is_API_Gateways_404(string method, string path)
    {
        using var response = await fixture.Api.SendAsync(new HttpRequestMessage(new HttpMethod(method), path));

        await response.GatewayAnswerAsync(HttpStatusCode.NotFound, "Not Found");
    }

    [Fact]
    public async Task Lambda_events_cannot_be_sent_to_the_public_address_even_as_a_simple_cross_site_request()
    {
        var shopper = await ShopperSession.CreateAsync(fixture);
        var step = new JsonObject { ["orderStep"] = "deliver", ["userId"] = shopper.UserId, ["orderId"] = "1764000000000-0123456789abcdef" };

        foreach (var contentType in new[] { "text/plain", "application/json" })
        {
            using var response = await fixture.Api.PostAsync("/events", new StringContent(step.ToJsonString(), Encoding.UTF8, contentType));
            await response.GatewayAnswerAsync(HttpStatusCode.NotFound, "Not Found");
        }
    }

    [Fact]
    public async Task The_reviews_are_routed_the_list_publicly_and_the_own_review_behind_the_authorizer()
    {
        var product = fixture.Seed.Products[0].Id;

        using var list = await fixture.Api.GetAsync($"/api/products/{product}/reviews");
        (await list.JsonAsync()).GetProperty("items").ValueKind.Should().Be(System.Text.Json.JsonValueKind.Array);
        using var mine = await fixture.Api.GetAsync($"/api/products/{product}/reviews/mine");
        await mine.GatewayAnswerAsync(HttpStatusCode.Unauthorized, "Unauthorized");
    }

    [Fact]
    public async Task The_authorizer_takes_a_current_token_of_the_pool_and_client_and_refuses_the_rest()
    {
        var shopper = await ShopperSession.CreateAsync(fixture);
        var key = await EmulatorSigningKey.LoadAsync();
        var claims = Jwt.Payload(shopper.Account.AccessToken);
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        string Signed(Action<JsonObject> edit)
        {
            var payload = claims.DeepClone().AsObject();
            edit(payload);
            return key.Sign(payload);
        }

        (await GetCartAsync(shopper.Account.AccessToken)).StatusCode.Should().Be(HttpStatusCode.OK);
        (await GetCartAsync(Signed(_ => { }))).StatusCode.Should().Be(HttpStatusCode.OK, "a token the pool's key signed is the pool's");
        var refused = new Dictionary<string, string?>
        {
            ["no token"] = null,
            ["not a JWT"] = "not.a.token",
            ["an altered signature"] = Jwt.WithSignatureCharacterChanged(shopper.Account.AccessToken),
            ["another app client"] = Signed(p => p["client_id"] = "another-client"),
            ["another pool"] = Signed(p => p["iss"] = "https://cognito-idp.us-east-1.amazonaws.com/us-east-1_other"),
            // API Gateway allows no clock skew: a token 5 s past its expiry, which the API's 30 s skew would still take, is refused.
            ["expired 5 s ago"] = Signed(p => p["exp"] = now - 5),
            ["not yet valid"] = Signed(p => p["nbf"] = now + 300),
        };
        foreach (var (name, token) in refused)
        {
            using var response = await GetCartAsync(token);
            await response.GatewayAnswerAsync(HttpStatusCode.Unauthorized, "Unauthorized");
            response.Headers.WwwAuthenticate.Should().NotBeEmpty(name);
        }

        // API Gateway takes an ID token of the client too (its aud is the client id); the API behind it still wants an access token.
        using var idToken = await GetCartAsync(shopper.Account.IdToken);
        await idToken.ProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task CORS_comes_from_the_template_for_preflights_and_answers_alike()
    {
        const string allowed = "http://127.0.0.1:8081";
        using var preflight = new HttpRequestMessage(HttpMethod.Options, "/api/cart/items/x");
        preflight.Headers.TryAddWithoutValidation("Origin", allowed);
        preflight.Headers.TryAddWithoutValidation("Access-Control-Request-Method", "PUT");
        preflight.Headers.TryAddWithoutValidation("Access-Control-Request-Headers", "authorization,content-type,if-match");
        using var allowedPreflight = await fixture.Api.SendAsync(preflight);
        allowedPreflight.StatusCode.Should().Be(HttpStatusCode.NoContent);
        allowedPreflight.Headers.GetValues("Access-Control-Allow-Origin").Should().Equal(allowed);
        allowedPreflight.Headers.GetValues("Access-Control-Allow-Methods").Single().Should().Contain("PUT");
        allowedPreflight.Headers.GetValues("Access-Control-Allow-Headers").Single().ToLowerInvariant().Should().Contain("if-match");

        using var foreign = new HttpRequestMessage(HttpMethod.Options, "/api/cart");
        foreign.Headers.TryAddWithoutValidation("Origin", "https://attacker.example");
        foreign.Headers.TryAddWithoutValidation("Access-Control-Request-Method", "GET");
        using var foreignPreflight = await fixture.Api.SendAsync(foreign);
        foreignPreflight.Headers.Contains("Access-Control-Allow-Origin").Should().BeFalse();

        using var page = new HttpRequestMessage(HttpMethod.Get, "/api/products?limit=1");
        page.Headers.TryAddWithoutValidation("Origin", allowed);
        using var answer = await fixture.Api.SendAsync(page);
        answer.StatusCode.Should().Be(HttpStatusCode.OK);
        answer.Headers.GetValues("Access-Control-Allow-Origin").Should().Equal(allowed);
        answer.Headers.GetValues("Access-Control-Expose-Headers").Single().Should().Contain("ETag");
    }

    [Fact]
    public async Task The_config_names_the_public_address_not_the_process_behind_it()
    {
        var config = await (await fixture.Api.GetAsync("/api/config")).JsonAsync();

        config.GetProperty("apiBaseUrl").GetString().Should().Be(fixture.Api.BaseAddress!.ToString().TrimEnd('/'));
    }

    private Task<HttpResponseMessage> GetCartAsync(string? token) =>
        ShopperSession.SendAsync(fixture.Api, HttpMethod.Get, "/api/cart", token is null ? null : new AuthenticationHeaderValue("Bearer", token));
}
