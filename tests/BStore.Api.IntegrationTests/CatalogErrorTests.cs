using System.Net;
using System.Text;
using BStore.Api.IntegrationTests.Infrastructure;

namespace BStore.Api.IntegrationTests;

/// <summary>Bad input answers a 4xx problem naming the problem; nothing a client sends produces a 500.</summary>
[Collection(BStoreCollection.Name)]
public sealed class CatalogErrorTests(BStoreFixture fixture)
{
    private readonly HttpClient _api = fixture.Api;

    [Theory]
    [InlineData("/api/products?limit=0", "limit")]
    [InlineData("/api/products?limit=101", "limit")]
    [InlineData("/api/products?limit=100000000000000000000", "limit")]
    [InlineData("/api/products?limit=ten", "limit")]
    [InlineData("/api/products?limit=-5", "limit")]
    [InlineData("/api/products?sort=cheapest", "sort")]
    [InlineData("/api/products?minPrice=-1", "minPrice")]
    [InlineData("/api/products?minPrice=1e3", "minPrice")]
    [InlineData("/api/products?maxPrice=NaN", "maxPrice")]
    [InlineData("/api/products?maxPrice=99999999", "maxPrice")]
    [InlineData("/api/products?minPrice=50&maxPrice=10", "minPrice")]
    [InlineData("/api/products?category=Skin%20Care", "category")]
    [InlineData("/api/products?category=..%2F..%2Fetc", "category")]
    [InlineData("/api/products?q=%00serum", "q")]
    [InlineData("/api/products?q=%21%21%21", "q")]
    [InlineData("/api/products?color=red", "color")]
    [InlineData("/api/products?limit=5&limit=6", "limit")]
    [InlineData("/api/products?cursor=not-a-cursor", "cursor")]
    [InlineData("/api/products?cursor=eyJpZCI6InZpdGFtaW4tYyJ9.c2lnbmF0dXJl", "cursor")]
    [InlineData("/api/categories?page=2", "page")]
    [InlineData("/api/config?debug=true", "debug")]
    [InlineData("/api/products/vitamin-c-brightening-serum?fields=all", "fields")]
    [InlineData("/api/products/Vitamin_C", "id")]
    public async Task Malformed_queries_are_400_problems_naming_the_field(string path, string field)
    {
        using var response = await _api.GetAsync(path);

        await response.ProblemAsync(HttpStatusCode.BadRequest, field);
    }

    [Fact]
    public async Task A_search_longer_than_100_characters_is_rejected()
    {
        using var response = await _api.GetAsync($"/api/products?q={new string('a', 101)}");

        await response.ProblemAsync(HttpStatusCode.BadRequest, "q");
    }

    [Fact]
    public async Task An_overlong_product_id_is_rejected()
    {
        using var response = await _api.GetAsync($"/api/products/{new string('a', 65)}");

        await response.ProblemAsync(HttpStatusCode.BadRequest, "id");
    }

    [Fact]
    public async Task Several_bad_fields_are_all_reported_at_once()
    {
        using var response = await _api.GetAsync("/api/products?limit=0&sort=x&minPrice=-1");

        var problem = await response.ProblemAsync(HttpStatusCode.BadRequest);
        problem.GetProperty("errors").EnumerateObject().Select(e => e.Name).Should().BeEquivalentTo(["limit", "sort", "minPrice"]);
    }

    [Fact]
    public async Task An_unknown_product_is_a_404_problem()
    {
        using var response = await _api.GetAsync("/api/products/no-such-product");

        var problem = await response.ProblemAsync(HttpStatusCode.NotFound);
        problem.GetProperty("detail").GetString().Should().Contain("no-such-product");
    }

    [Theory]
    [InlineData("POST", "/api/products")]
    [InlineData("DELETE", "/api/products/vitamin-c-brightening-serum")]
    [InlineData("PUT", "/api/categories")]
    public async Task A_wrong_method_is_a_405_problem(string method, string path)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), path)
        {
            Content = new StringContent("{\"name\":\"x\"}", Encoding.UTF8, "application/json"),
        };
        // The API's own answer: through API Gateway, a method or path without a route is its 404 (LocalGatewayTests).
        using var response = await fixture.ApiDirect.SendAsync(request);

        await response.ProblemAsync(HttpStatusCode.MethodNotAllowed);
        response.Content.Headers.Allow.Should().Contain("GET");
    }

    /// <summary>Regression (found by OpenApiFuzzTests): with an Accept header naming neither JSON type, these were text/plain.</summary>
    [Theory]
    [InlineData("DELETE", "/api/categories", "text/html", HttpStatusCode.MethodNotAllowed)]
    [InlineData("OPTIONS", "/api/cart/merge", "text/html", HttpStatusCode.MethodNotAllowed)]
    [InlineData("GET", "/api/nothing-here", "application/xml", HttpStatusCode.NotFound)]
    public async Task A_wrong_method_or_an_unknown_route_is_a_problem_whatever_the_client_accepts(string method, string path, string accept, HttpStatusCode status)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), path);
        request.Headers.TryAddWithoutValidation("Accept", accept);
        // The API's own answer: through API Gateway, a method or path without a route is its 404 (LocalGatewayTests).
        using var response = await fixture.ApiDirect.SendAsync(request);

        await response.ProblemAsync(status);
    }

    [Theory]
    [InlineData("/api/nothing-here")]
    [InlineData("/api/products/a/b")]
    [InlineData("/")]
    public async Task An_unknown_route_is_a_404_problem(string path)
    {
        // The API's own answer: through API Gateway, a method or path without a route is its 404 (LocalGatewayTests).
        using var response = await fixture.ApiDirect.GetAsync(path);

        await response.ProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Hostile_query_strings_never_produce_a_server_error()
    {
        string[] values =
        [
            "%FF%FE", "%C0%AF", "%E2%80%AE", "'%20OR%201=1--", "<script>", "%F0%9F%92%84", new string('%', 3), "a%20" + new string('b', 3000),
            "${jndi:x}", "..%2F..%2F", "%5Cu0000", "[]", "{}", "null", "true",
        ];
        string[] parameters = ["q", "category", "minPrice", "maxPrice", "sort", "limit", "cursor"];
        foreach (var parameter in parameters)
        {
            foreach (var value in values)
            {
                using var response = await _api.GetAsync($"/api/products?{parameter}={value}");
                ((int)response.StatusCode).Should().BeOneOf([200, 400], $"{parameter}={value}");
                if (response.StatusCode == HttpStatusCode.BadRequest)
                {
                    await response.ProblemAsync(HttpStatusCode.BadRequest, parameter);
                }
            }
        }
    }
}
