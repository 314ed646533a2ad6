using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using BStore.Api.IntegrationTests.Infrastructure;

namespace BStore.Api.IntegrationTests;

/// <summary>
/// Every operation of api/openapi.json (the document the deployed routes are made from) called once with a valid
/// request, answered with a documented success whose JSON body has every property its schema requires: what a Native
/// AOT build can break (a type left out of the source-generated JSON contexts, trimmed code) shows here as a 500 or a
/// missing property. An operation added to the document without a call here fails the last assertion.
/// </summary>
/// <remarks>
/// One of the tests that scripts/test runs against the Native AOT binary as well (<c>[Trait("Build", "Aot")]</c>);
/// docs/native-aot-tests.md says which and why.
/// </remarks>
[Collection(BStoreCollection.Name)]
[Trait("Build", "Aot")]
public sealed class NativeAotEndpointTests(BStoreFixture fixture)
{
    [Fact]
    public async Task Every_operation_of_the_document_answers_a_valid_request_with_its_documented_success_and_schema()
    {
        var document = JsonDocument.Parse(await File.ReadAllTextAsync(OpenApiDocumentTests.CommittedPath)).RootElement.Clone();
        var operations = OpenApiOperations.Parse(document).ToDictionary(o => o.Name, StringComparer.Ordinal);
        var called = new List<string>();
        var shopper = await ShopperSession.CreateAsync(fixture);
        var (product, wished, reviewed) = (
            await TestProducts.CreateAsync(fixture, stock: 10), await TestProducts.CreateAsync(fixture, stock: 10), await TestProducts.CreateAsync(fixture, stock: 10));
        await DeliveredOrders.SeedAsync(fixture, shopper, reviewed);

        async Task<JsonElement?> Call(string operation, string path, string? body = null, bool anonymous = false, string? idempotencyKey = null)
        {
            operations.Should().ContainKey(operation, "each call here is of an operation of api/openapi.json");
            var documented = operations[operation];
            using var request = new HttpRequestMessage(documented.HttpMethod, path);
            request.Headers.Authorization = anonymous ? null : shopper.Account.Bearer;
            if (idempotencyKey is not null)
            {
                request.Headers.Add("Idempotency-Key", idempotencyKey);
            }
            if (body is not null)
            {
                request.Content = new StringContent(body, System.Text.Encoding.UTF8, "application/json");
            }
            using var response = await fixture.Api.SendAsync(request);
            var text = await response.Content.ReadAsStringAsync();
            var status = ((int)response.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture);
            documented.ResponseContentTypes.Keys.Where(k => k.StartsWith('2')).Should().Contain(status, $"{operation} ({path}) answered {text}");
            called.Add(operation);
            if (documented.ResponseContentTypes[status] is not [var contentType, ..])
            {
                text.Should().BeEmpty($"{operation} documents no body for {status}");
                return null;
            }
            response.Content.Headers.ContentType?.MediaType.Should().Be(contentType, operation);
            var json = JsonDocument.Parse(text).RootElement.Clone();
            var schema = document.GetProperty("paths").GetProperty(documented.PathTemplate).GetProperty(documented.Method.ToLowerInvariant())
                .GetProperty("responses").GetProperty(status).GetProperty("content").GetProperty(contentType).GetProperty("schema");
            SchemaMismatches(document, json, schema, "$").Should().BeEmpty($"{operation} answers as its schema says: {text}");
            return json;
        }

        await Call("GET /api/config", "/api/config", anonymous: true);
        await Call("GET /api/categories", "/api/categories", anonymous: true);
        await Call("GET /api/products", "/api/products?limit=3", anonymous: true);
        await Call("GET /api/products/{id}", $"/api/products/{product}", anonymous: true);
        await Call("GET /api/promotions/{code}", "/api/promotions/WELCOME10");

        await Call("PUT /api/cart/items/{productId}", $"/api/cart/items/{product}", """{"quantity":2}""");
        await Call("GET /api/cart", "/api/cart");
        await Call("DELETE /api/cart/items/{productId}", $"/api/cart/items/{product}");
        await Call("POST /api/cart/merge", "/api/cart/merge", new JsonObject
        {
            ["items"] = new JsonArray(new JsonObject { ["productId"] = product, ["quantity"] = 1 }),
        }.ToJsonString());

        await Call("PUT /api/wishlist/{productId}", $"/api/wishlist/{wished}");
        await Call("GET /api/wishlist", "/api/wishlist");
        await Call("POST /api/wishlist/{productId}/move-to-cart", $"/api/wishlist/{wished}/move-to-cart");
        await Call("PUT /api/wishlist/{productId}", $"/api/wishlist/{wished}");
        await Call("DELETE /api/wishlist/{productId}", $"/api/wishlist/{wished}");

        var order = await Call("POST /api/orders", "/api/orders", OrdersTests.Body(promoCode: "WELCOME10"), idempotencyKey: Guid.NewGuid().ToString("N"));
        var orderId = order!.Value.GetProperty("id").GetString()!;
        await Call("GET /api/orders", "/api/orders");
        await Call("GET /api/orders/{id}", $"/api/orders/{orderId}");
        await Call("POST /api/orders/{id}/cancel", $"/api/orders/{orderId}/cancel");

        var inbox = await Call("GET /api/notifications", "/api/notifications");
        var eventId = inbox!.Value.GetProperty("items")[0].GetProperty("id").GetString()!;
        await Call("POST /api/notifications/{id}/read", $"/api/notifications/{eventId}/read");
        await Call("POST /api/notifications/read-all", "/api/notifications/read-all");
        await Call("GET /api/notifications/email", "/api/notifications/email");
        await Call("PUT /api/notifications/email", "/api/notifications/email", """{"enabled":true}""");

        await Call("PUT /api/products/{id}/reviews/mine", $"/api/products/{reviewed}/reviews/mine", """{"rating":4,"title":"Fine","body":"Soft."}""");
        await Call("GET /api/products/{id}/reviews/mine", $"/api/products/{reviewed}/reviews/mine");
        await Call("GET /api/products/{id}/reviews", $"/api/products/{reviewed}/reviews", anonymous: true);
        await Call("DELETE /api/products/{id}/reviews/mine", $"/api/products/{reviewed}/reviews/mine");

        await Call("PUT /api/cart/items/{productId}", $"/api/cart/items/{product}", """{"quantity":1}""");
        await Call("DELETE /api/cart", "/api/cart");

        called.Distinct().Should().BeEquivalentTo(operations.Keys,
            "every operation of api/openapi.json is called here once at least: a new endpoint needs its call in this test");
    }

    /// <summary>Where <paramref name="value"/> lacks a property <paramref name="schema"/> requires, or is not of its type (recursively).</summary>
    private static List<string> SchemaMismatches(JsonElement document, JsonElement value, JsonElement schema, string at)
    {
        schema = OpenApiOperations.Resolve(document, schema);
        var mismatches = new List<string>();
        if (schema.TryGetProperty("type", out var type))
        {
            var allowed = type.ValueKind == JsonValueKind.Array ? type.EnumerateArray().Select(t => t.GetString()!).ToList() : [type.GetString()!];
            var actual = value.ValueKind switch
            {
                JsonValueKind.Object => "object", JsonValueKind.Array => "array", JsonValueKind.String => "string",
                JsonValueKind.Number => "number", JsonValueKind.True or JsonValueKind.False => "boolean", _ => "null",
            };
            if (!allowed.Contains(actual) && !(actual == "number" && allowed.Contains("integer")))
            {
                return [$"{at} is {actual}, the schema says {string.Join(" or ", allowed)}"];
            }
        }
        if (value.ValueKind == JsonValueKind.Object)
        {
            if (schema.TryGetProperty("required", out var required))
            {
                mismatches.AddRange(required.EnumerateArray().Select(r => r.GetString()!)
                    .Where(name => !value.TryGetProperty(name, out _)).Select(name => $"{at}.{name} is missing"));
            }
            if (schema.TryGetProperty("properties", out var properties))
            {
                foreach (var property in properties.EnumerateObject())
                {
                    if (value.TryGetProperty(property.Name, out var member))
                    {
                        mismatches.AddRange(SchemaMismatches(document, member, property.Value, $"{at}.{property.Name}"));
                    }
                }
            }
        }
        else if (value.ValueKind == JsonValueKind.Array && schema.TryGetProperty("items", out var items))
        {
            foreach (var (item, index) in value.EnumerateArray().Select((item, index) => (item, index)))
            {
                mismatches.AddRange(SchemaMismatches(document, item, items, $"{at}[{index}]"));
            }
        }
        return mismatches;
    }
}
