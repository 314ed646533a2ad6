using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using BStore.Api.IntegrationTests.Infrastructure;

namespace BStore.Api.IntegrationTests;

[Collection(BStoreCollection.Name)]
public sealed class CatalogApiTests(BStoreFixture fixture)
{
    private readonly HttpClient _api = fixture.Api;
    private readonly SeedData _seed = fixture.Seed;

    [Fact]
    public async Task Categories_lists_every_seeded_category_with_its_product_count_and_a_loadable_image()
    {
        var body = await (await _api.GetAsync("/api/categories")).JsonAsync();

        var items = body.GetProperty("items").EnumerateArray().ToList();
        items.Select(c => c.GetProperty("id").GetString()).Should().BeEquivalentTo(_seed.Categories.Select(c => c.Id));
        items.Should().HaveCountGreaterThanOrEqualTo(8);
        foreach (var category in items)
        {
            var id = category.GetProperty("id").GetString();
            category.GetProperty("productCount").GetInt32().Should().Be(_seed.Products.Count(p => p.CategoryId == id), id);
            category.GetProperty("name").GetString().Should().Be(_seed.Categories.Single(c => c.Id == id).Name);
        }
        var imageUrl = items[0].GetProperty("imageUrl").GetString()!;
        imageUrl.Should().StartWith(fixture.EmulatorUrl.ToString().TrimEnd('/'));
        using var image = await _api.GetAsync(new Uri(imageUrl));
        image.StatusCode.Should().Be(HttpStatusCode.OK);
        image.Content.Headers.ContentType?.MediaType.Should().Be("image/svg+xml");
        (await image.Content.ReadAsStringAsync()).Should().Contain("<svg");
    }

    [Fact]
    public async Task Search_for_serum_sorted_by_price_returns_every_match_in_ascending_price()
    {
        var expected = _seed.Search("serum").ToList();
        expected.Should().HaveCountGreaterThan(3, "the seed catalog has several serums");

        var page = await (await _api.GetAsync("/api/products?q=serum&sort=price_asc&limit=100")).JsonAsync();

        page.Ids().Should().BeEquivalentTo(expected.Select(p => p.Id));
        var prices = page.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("price").GetDecimal()).ToList();
        prices.Should().BeInAscendingOrder();
        page.GetProperty("nextCursor").ValueKind.Should().Be(JsonValueKind.Null);
    }

    [Theory]
    [InlineData("creme")]
    [InlineData("CRÈME")]
    [InlineData("Crème")]
    [InlineData("eclat paris")]
    [InlineData("SERUM capillaire")]
    public async Task Search_ignores_case_and_accents(string q)
    {
        var expected = _seed.Search(q).Select(p => p.Id).ToList();
        expected.Should().NotBeEmpty();

        var page = await (await _api.GetAsync($"/api/products?q={Uri.EscapeDataString(q)}&limit=100")).JsonAsync();

        page.Ids().Should().BeEquivalentTo(expected);
    }

    [Fact]
    public async Task Search_matches_word_prefixes_as_a_shopper_types()
    {
        var page = await (await _api.GetAsync("/api/products?q=ser&limit=100")).JsonAsync();

        page.Ids().Should().BeEquivalentTo(_seed.Search("ser").Select(p => p.Id)).And.Contain(_seed.Search("serum").Select(p => p.Id));
    }

    [Fact]
    public async Task Category_and_price_range_filter_the_list()
    {
        var category = _seed.Categories[0].Id;
        var inCategory = _seed.Products.Where(p => p.CategoryId == category).OrderBy(p => p.Price).ToList();
        var min = inCategory[1].Price;
        var max = inCategory[^2].Price;
        var expected = inCategory.Where(p => p.Price >= min && p.Price <= max).Select(p => p.Id);

        var byPrice = await (await _api.GetAsync($"/api/products?category={category}&minPrice={min}&maxPrice={max}&sort=price_desc&limit=100")).JsonAsync();
        var byName = await (await _api.GetAsync($"/api/products?category={category}&minPrice={min}&maxPrice={max}&sort=name&limit=100")).JsonAsync();

        byPrice.Ids().Should().BeEquivalentTo(expected);
        byPrice.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("price").GetDecimal()).Should().BeInDescendingOrder();
        byName.Ids().Should().BeEquivalentTo(expected);
    }

    [Fact]
    public async Task An_unknown_but_well_formed_category_is_an_empty_list()
    {
        var page = await (await _api.GetAsync("/api/products?category=no-such-category")).JsonAsync();

        page.GetProperty("items").GetArrayLength().Should().Be(0);
        page.GetProperty("nextCursor").ValueKind.Should().Be(JsonValueKind.Null);
    }

    [Fact]
    public async Task Product_detail_has_every_field_image_urls_and_availability()
    {
        var seeded = _seed.Products.First(p => p.Images.Length > 1);

        var product = await (await _api.GetAsync($"/api/products/{seeded.Id}")).JsonAsync();

        product.GetProperty("id").GetString().Should().Be(seeded.Id);
        product.GetProperty("name").GetString().Should().Be(seeded.Name);
        product.GetProperty("brand").GetString().Should().Be(seeded.Brand);
        product.GetProperty("categoryId").GetString().Should().Be(seeded.CategoryId);
        product.GetProperty("price").GetDecimal().Should().Be(seeded.Price);
        product.GetProperty("currency").GetString().Should().Be("USD");
        product.GetProperty("description").GetString().Should().NotBeNullOrWhiteSpace();
        product.GetProperty("tags").EnumerateArray().Select(t => t.GetString()).Should().Equal(seeded.Tags);
        product.GetProperty("imageUrls").EnumerateArray().Select(u => u.GetString()).Should()
            .Equal(seeded.Images.Select(i => $"{fixture.EmulatorUrl.ToString().TrimEnd('/')}/bstore-images/{i}"));
        product.GetProperty("availableQuantity").GetInt32().Should().Be(seeded.Stock);
        product.GetProperty("availability").GetString().Should().Be(seeded.Stock switch { 0 => "out_of_stock", <= 5 => "low_stock", _ => "in_stock" });
        product.GetProperty("createdAt").GetDateTimeOffset().Should().Be(seeded.CreatedAt);
    }

    [Fact]
    public async Task Sold_out_products_say_so()
    {
        var soldOut = _seed.Products.First(p => p.Stock == 0);

        var product = await (await _api.GetAsync($"/api/products/{soldOut.Id}")).JsonAsync();

        product.GetProperty("availability").GetString().Should().Be("out_of_stock");
        product.GetProperty("availableQuantity").GetInt32().Should().Be(0);
    }

    [Theory]
    [InlineData("/api/categories")]
    [InlineData("/api/products?q=serum&sort=price_asc")]
    [InlineData("/api/products/vitamin-c-brightening-serum")]
    public async Task Catalog_answers_carry_an_etag_and_honour_if_none_match(string path)
    {
        using var first = await _api.GetAsync(path);
        first.StatusCode.Should().Be(HttpStatusCode.OK);
        var etag = first.Headers.ETag;
        etag.Should().NotBeNull();
        first.Headers.CacheControl!.Public.Should().BeTrue();
        first.Headers.CacheControl.MaxAge.Should().BePositive();

        using var revalidate = new HttpRequestMessage(HttpMethod.Get, path);
        revalidate.Headers.IfNoneMatch.Add(etag!);
        using var notModified = await _api.SendAsync(revalidate);
        notModified.StatusCode.Should().Be(HttpStatusCode.NotModified);
        (await notModified.Content.ReadAsByteArrayAsync()).Should().BeEmpty();
        notModified.Headers.ETag.Should().Be(etag);

        using var stale = new HttpRequestMessage(HttpMethod.Get, path);
        stale.Headers.IfNoneMatch.Add(new EntityTagHeaderValue("\"something-else\""));
        using var fresh = await _api.SendAsync(stale);
        fresh.StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Config_tells_a_client_how_to_reach_this_deployment_without_secrets()
    {
        using var response = await _api.GetAsync("/api/config");
        var config = await response.JsonAsync();

        config.GetProperty("apiBaseUrl").GetString().Should().Be(_api.BaseAddress!.ToString().TrimEnd('/'));
        config.GetProperty("region").GetString().Should().Be("us-east-1");
        config.GetProperty("imagesBaseUrl").GetString().Should().Be($"{fixture.EmulatorUrl.ToString().TrimEnd('/')}/bstore-images");
        var cognito = config.GetProperty("cognito");
        cognito.GetProperty("userPoolId").GetString().Should().Be(fixture.Shoppers.Identity.UserPoolId);
        cognito.GetProperty("clientId").GetString().Should().Be(fixture.Shoppers.Identity.ClientId);
        cognito.GetProperty("endpoint").GetString().Should().Be(fixture.EmulatorUrl.ToString().TrimEnd('/'));
        var text = config.GetRawText();
        text.Should().NotContainAny("secret", "Secret", "CursorKey", "cursorKey", "password");
    }

    [Fact]
    public async Task Health_is_ready_when_dynamodb_answers()
    {
        using var response = await fixture.ApiDirect.GetAsync("/health"); // the Lambda Web Adapter's readiness check; not routed

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        (await response.Content.ReadAsStringAsync()).Should().Be("Healthy");
    }

    [Fact]
    public async Task OpenApi_document_describes_every_endpoint()
    {
        var document = await (await _api.GetAsync("/openapi/v1.json")).JsonAsync();

        var paths = document.GetProperty("paths").EnumerateObject().Select(p => p.Name).ToList();
        paths.Should().BeEquivalentTo([
            "/api/categories", "/api/products", "/api/products/{id}", "/api/config",
            "/api/cart", "/api/cart/items/{productId}", "/api/cart/merge",
            "/api/wishlist", "/api/wishlist/{productId}", "/api/wishlist/{productId}/move-to-cart",
            "/api/notifications", "/api/notifications/{id}/read", "/api/notifications/read-all", "/api/notifications/email",
            "/api/orders", "/api/orders/{id}", "/api/orders/{id}/cancel", "/api/promotions/{code}",
            "/api/products/{id}/reviews", "/api/products/{id}/reviews/mine",
        ]);
        var listProducts = document.GetProperty("paths").GetProperty("/api/products").GetProperty("get");
        listProducts.GetProperty("parameters").EnumerateArray().Select(p => $"{p.GetProperty("in").GetString()} {p.GetProperty("name").GetString()}")
            .Should().BeEquivalentTo(["query q", "query category", "query minPrice", "query maxPrice", "query sort", "query limit", "query cursor", "header If-None-Match"]);
        listProducts.GetProperty("responses").EnumerateObject().Select(r => r.Name).Should().Contain(["200", "304", "400"]);

        var placeOrder = document.GetProperty("paths").GetProperty("/api/orders").GetProperty("post");
        placeOrder.GetProperty("parameters").EnumerateArray()
            .Single(p => p.GetProperty("name").GetString() == "Idempotency-Key").GetProperty("required").GetBoolean().Should().BeTrue();
        var setCartItem = document.GetProperty("paths").GetProperty("/api/cart/items/{productId}").GetProperty("put");
        setCartItem.GetProperty("parameters").EnumerateArray().Select(p => p.GetProperty("name").GetString()).Should().Contain("If-Match");
        setCartItem.GetProperty("responses").GetProperty("200").GetProperty("content").GetProperty("application/json").TryGetProperty("schema", out _)
            .Should().BeTrue("a client is told the shape of the answer it gets");
        setCartItem.GetProperty("responses").EnumerateObject().Select(r => r.Name).Should().Contain(["401", "409", "412"]);
        listProducts.GetProperty("responses").EnumerateObject().Select(r => r.Name).Should().NotContain("401", "the catalog needs no token");
    }
}
