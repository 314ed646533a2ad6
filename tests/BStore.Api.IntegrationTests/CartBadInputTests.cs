using System.Net;
using BStore.Api.IntegrationTests.Infrastructure;

namespace BStore.Api.IntegrationTests;

/// <summary>
/// Whatever a client sends to a shopper route, a bad request is a 4xx problem naming the field, never a 500,
/// and writes nothing: no cart line, no cart header, no activity event.
/// </summary>
[Collection(BStoreCollection.Name)]
public sealed class CartBadInputTests(BStoreFixture fixture)
{
    private const string Json = ShopperSession.Json;

    private readonly string _product = fixture.Seed.InStock(atLeast: 20)[0].Id;

    public static TheoryData<string, string?, string, int, string?> QuantityBodies => new()
    {
        // name, body, content type, status, field the problem names
        { "malformed JSON", "{\"quantity\":", Json, 400, null },
        { "not JSON at all", "quantity=2", Json, 400, null },
        { "trailing comma", "{\"quantity\":2,}", Json, 400, null },
        { "array instead of object", "[{\"quantity\":2}]", Json, 400, "body" },
        { "JSON null", "null", Json, 400, "body" },
        { "a bare number", "2", Json, 400, "body" },
        { "empty body", "", Json, 400, "body" },
        { "empty object", "{}", Json, 400, "quantity" },
        { "quantity as a string", "{\"quantity\":\"2\"}", Json, 400, "quantity" },
        { "fractional quantity", "{\"quantity\":2.5}", Json, 400, "quantity" },
        { "boolean quantity", "{\"quantity\":true}", Json, 400, "quantity" },
        { "null quantity", "{\"quantity\":null}", Json, 400, "quantity" },
        { "object quantity", "{\"quantity\":{\"value\":2}}", Json, 400, "quantity" },
        { "negative", "{\"quantity\":-1}", Json, 400, "quantity" },
        { "100", "{\"quantity\":100}", Json, 400, "quantity" },
        { "1e20", "{\"quantity\":1e20}", Json, 400, "quantity" },
        { "99999999999", "{\"quantity\":99999999999}", Json, 400, "quantity" },
        { "int32 overflow", "{\"quantity\":2147483648}", Json, 400, "quantity" },
        { "unknown field", "{\"quantity\":1,\"price\":0.01}", Json, 400, "price" },
        { "misspelt field", "{\"qty\":1}", Json, 400, "qty" },
        { "deeply nested", "{\"quantity\":1,\"x\":" + new string('[', 200) + new string(']', 200) + "}", Json, 400, null },
        { "deeply nested value", "{\"quantity\":" + new string('[', 200) + new string(']', 200) + "}", Json, 400, null },
        { "text/plain", "{\"quantity\":1}", "text/plain", 415, null },
        { "form", "quantity=1", "application/x-www-form-urlencoded", 415, null },
        { "no content type", null, Json, 415, null },
        { "20 KB body", "{\"quantity\":1," + string.Join(',', Enumerable.Range(0, 1000).Select(i => $"\"f{i:D4}\":\"xxxxxxx\"")) + "}", Json, 413, null },
        { "20 KB of whitespace", "{\"quantity\":1" + new string(' ', 20 * 1024) + "}", Json, 413, null },
    };

    [Theory]
    [MemberData(nameof(QuantityBodies))]
    public async Task A_bad_quantity_body_is_a_4xx_problem_and_writes_nothing(string name, string? body, string contentType, int status, string? field)
    {
        var shopper = await ShopperSession.CreateAsync(fixture);

        using var response = await shopper.SendAsync(HttpMethod.Put, $"/api/cart/items/{_product}", body, contentType);

        await response.ProblemAsync((HttpStatusCode)status, field);
        (await shopper.ItemsAsync()).Should().BeEmpty(name);
    }

    public static TheoryData<string, string?, string, int, string?> MergeBodies => new()
    {
        { "malformed JSON", "{\"items\":[", Json, 400, null },
        { "array instead of object", "[]", Json, 400, "body" },
        { "empty body", "", Json, 400, "body" },
        { "no items", "{}", Json, 400, "items" },
        { "items null", "{\"items\":null}", Json, 400, "items" },
        { "items an object", "{\"items\":{}}", Json, 400, "items" },
        { "null line", "{\"items\":[null]}", Json, 400, "items[0].productId" },
        { "missing product id", "{\"items\":[{\"quantity\":1}]}", Json, 400, "items[0].productId" },
        { "invalid product id", "{\"items\":[{\"productId\":\"Vitamin_C\",\"quantity\":1}]}", Json, 400, "items[0].productId" },
        { "missing quantity", "{\"items\":[{\"productId\":\"a-b\"}]}", Json, 400, "items[0].quantity" },
        { "quantity 0", "{\"items\":[{\"productId\":\"a-b\",\"quantity\":0}]}", Json, 400, "items[0].quantity" },
        { "quantity 100", "{\"items\":[{\"productId\":\"a-b\",\"quantity\":100}]}", Json, 400, "items[0].quantity" },
        { "quantity as a string", "{\"items\":[{\"productId\":\"a-b\",\"quantity\":\"1\"}]}", Json, 400, "items[0].quantity" },
        { "huge quantity", "{\"items\":[{\"productId\":\"a-b\",\"quantity\":1e20}]}", Json, 400, "items[0].quantity" },
        { "unknown line field", "{\"items\":[{\"productId\":\"a-b\",\"quantity\":1,\"price\":0.01}]}", Json, 400, "items[0].price" },
        { "unknown top-level field", "{\"items\":[],\"userId\":\"someone-else\"}", Json, 400, "userId" },
        { "deeply nested", "{\"items\":" + new string('[', 200) + new string(']', 200) + "}", Json, 400, null },
        { "text/plain", "{\"items\":[]}", "text/plain", 415, null },
        { "20 KB body", "{\"items\":[" + string.Join(',', Enumerable.Range(0, 500).Select(i => $"{{\"productId\":\"product-{i:D5}\",\"quantity\":1}}")) + "]}", Json, 413, null },
    };

    [Fact]
    public async Task A_body_over_16_KB_sent_without_a_length_is_a_413_and_writes_nothing()
    {
        var shopper = await ShopperSession.CreateAsync(fixture);
        var body = "{\"quantity\":1" + new string(' ', 20 * 1024) + "}";

        using var response = await shopper.SendAsync(HttpMethod.Put, $"/api/cart/items/{_product}", body, chunked: true);

        await response.ProblemAsync(HttpStatusCode.RequestEntityTooLarge);
        (await shopper.ItemsAsync()).Should().BeEmpty();
    }

    [Theory]
    [MemberData(nameof(MergeBodies))]
    public async Task A_bad_merge_body_is_a_4xx_problem_and_writes_nothing(string name, string? body, string contentType, int status, string? field)
    {
        var shopper = await ShopperSession.CreateAsync(fixture);

        using var response = await shopper.SendAsync(HttpMethod.Post, "/api/cart/merge", body, contentType);

        await response.ProblemAsync((HttpStatusCode)status, field);
        (await shopper.ItemsAsync()).Should().BeEmpty(name);
    }

    /// <summary>
    /// Regression (found by OpenApiFuzzTests): the message was the serializer's, which named the API's own types
    /// ("UnmappedJsonProperty, price, BStore.Api.Cart.SetQuantityRequest" under UseSystemResourceKeys).
    /// </summary>
    [Theory]
    [InlineData("PUT", "{\"quantity\":1,\"price\":0.01}", "price")]
    [InlineData("PUT", "{\"quantity\":\"many\"}", "quantity")]
    [InlineData("MERGE", "{\"items\":[{\"productId\":\"a-b\",\"quantity\":1,\"price\":0.01}]}", "items[0].price")]
    public async Task A_body_the_serializer_cannot_read_is_a_problem_that_names_the_field_but_none_of_the_APIs_types(string route, string body, string field)
    {
        var shopper = await ShopperSession.CreateAsync(fixture);

        using var response = route == "PUT"
            ? await shopper.SendAsync(HttpMethod.Put, $"/api/cart/items/{_product}", body)
            : await shopper.SendAsync(HttpMethod.Post, "/api/cart/merge", body);

        var problem = await response.ProblemAsync(HttpStatusCode.BadRequest, field);
        problem.GetProperty("errors").GetProperty(field)[0].GetString().Should().StartWith("The body is not valid here (line 1, byte ")
            .And.NotContainAny("BStore", "System.", "Unmapped", "Deserialize", "Path:");
        (await shopper.ItemsAsync()).Should().BeEmpty();
    }

    [Fact]
    public async Task A_merge_where_one_line_of_several_is_invalid_writes_none_of_them()
    {
        var shopper = await ShopperSession.CreateAsync(fixture);
        var body = $"{{\"items\":[{{\"productId\":\"{_product}\",\"quantity\":1}},{{\"productId\":\"{_product}\",\"quantity\":0}}]}}";

        using var response = await shopper.SendAsync(HttpMethod.Post, "/api/cart/merge", body);

        await response.ProblemAsync(HttpStatusCode.BadRequest, "items[1].quantity");
        (await shopper.ItemsAsync()).Should().BeEmpty();
    }

    /// <summary>Path segments as sent on the wire (already percent-encoded where needed).</summary>
    public static TheoryData<string> InvalidIds => new(
    [
        "Vitamin-C", "vitamin_c", "vitamin--c", "-vitamin", "vitamin-", "vitamin%20c", "caf%C3%A9", "%E2%80%AEabc", "a.b",
        new string('a', 65), "..%2F..%2Fetc", "%2E%2E%5Cx", "CART", "x%23y", "1%3D1",
    ]);

    [Theory]
    [MemberData(nameof(InvalidIds))]
    public async Task An_invalid_product_id_in_the_path_is_a_400_naming_productId_on_every_route_and_writes_nothing(string id)
    {
        var shopper = await ShopperSession.CreateAsync(fixture);
        (HttpMethod Method, string Path, string? Body)[] routes =
        [
            (HttpMethod.Put, $"/api/cart/items/{id}", "{\"quantity\":1}"),
            (HttpMethod.Delete, $"/api/cart/items/{id}", null),
            (HttpMethod.Put, $"/api/wishlist/{id}", null),
            (HttpMethod.Delete, $"/api/wishlist/{id}", null),
            (HttpMethod.Post, $"/api/wishlist/{id}/move-to-cart", null),
        ];

        foreach (var (method, path, body) in routes)
        {
            using var response = await shopper.SendAsync(method, path, body);
            await response.ProblemAsync(HttpStatusCode.BadRequest, "productId");
        }
        (await shopper.ItemsAsync()).Should().BeEmpty();
    }

    /// <summary>A NUL in the path is refused by the HTTP server itself, before any endpoint runs (so without a problem body).</summary>
    [Fact]
    public async Task A_NUL_character_in_the_product_id_is_a_400_and_writes_nothing()
    {
        var shopper = await ShopperSession.CreateAsync(fixture);

        using var put = await shopper.SendAsync(HttpMethod.Put, $"/api/cart/items/{_product}%00", "{\"quantity\":1}");
        using var wish = await shopper.SendAsync(HttpMethod.Put, $"/api/wishlist/{_product}%00");

        put.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        wish.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await shopper.ItemsAsync()).Should().BeEmpty();
    }

    [Fact]
    public async Task Hostile_bodies_never_produce_a_server_error()
    {
        var shopper = await ShopperSession.CreateAsync(fixture);
        string[] bodies =
        [
            "\uFEFF{\"quantity\":1}", "{\"quantity\":1}{\"quantity\":2}", "{\"quantity\":1,\"quantity\":2}", "{\"quantity\":0x10}", "{\"quantity\":+1}",
            "{\"quantity\":01}", "{\"quantity\":NaN}", "{\"quantity\":Infinity}", "{'quantity':1}", "{\"quantity\":1 /* c */}", "{\"\\u0071uantity\":1}",
            "{\"Quantity\":1}", "{\"quantity\":\"\\ud800\"}", "\"\\u0000\"", "{\"quantity\":-0}", "{\"quantity\":1e2}", "{\"quantity\":1.0}",
        ];
        foreach (var body in bodies)
        {
            using var response = await shopper.SendAsync(HttpMethod.Put, $"/api/cart/items/{_product}", body);
            ((int)response.StatusCode).Should().BeOneOf([200, 400], body);
            if (response.StatusCode == HttpStatusCode.BadRequest)
            {
                await response.ProblemAsync(HttpStatusCode.BadRequest);
            }
        }
    }
}
