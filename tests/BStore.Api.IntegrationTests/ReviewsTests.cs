using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Amazon.DynamoDBv2.Model;
using BStore.Api.IntegrationTests.Infrastructure;
using Xunit.Abstractions;

namespace BStore.Api.IntegrationTests;

/// <summary>Product reviews and ratings against the emulator. Every test reviews products of its own (TestProducts).</summary>
[Collection(BStoreCollection.Name)]
public sealed class ReviewsTests(BStoreFixture fixture, ITestOutputHelper output)
{
    private static string Review(int rating, string title = "Lovely", string body = "Soft and light.") =>
        new JsonObject { ["rating"] = rating, ["title"] = title, ["body"] = body }.ToJsonString();

    private static Task<HttpResponseMessage> PutReviewAsync(ShopperSession shopper, string productId, string body) =>
        shopper.SendAsync(HttpMethod.Put, $"/api/products/{productId}/reviews/mine", body);

    /// <summary>
    /// A signed-in shopper with a delivered order of the products, put straight into the table: these tests are about
    /// reviews, not the workflow that delivers orders (the not-yet-delivered test below waits for a real delivery).
    /// </summary>
    private async Task<ShopperSession> BuyerAsync(params string[] productIds)
    {
        var shopper = await ShopperSession.CreateAsync(fixture);
        await DeliveredOrders.SeedAsync(fixture, shopper, productIds);
        return shopper;
    }

    /// <summary><paramref name="count"/> such shoppers, arranged at once.</summary>
    private async Task<ShopperSession[]> BuyersAsync(int count, params string[] productIds) =>
        await Task.WhenAll(Enumerable.Range(0, count).Select(_ => BuyerAsync(productIds)));

    private static readonly SemaphoreSlim SharedBuyerGate = new(1, 1);
    private static (ShopperSession Shopper, string Product)? _sharedBuyer;

    /// <summary>
    /// One shopper with a delivered order of one product, shared by the bad-input cases: each case must leave both
    /// without a review, so sharing hides no failure.
    /// </summary>
    private async Task<(ShopperSession Shopper, string Product)> SharedBuyerAsync()
    {
        await SharedBuyerGate.WaitAsync();
        try
        {
            if (_sharedBuyer is null)
            {
                var product = await TestProducts.CreateAsync(fixture, stock: 5);
                _sharedBuyer = (await BuyerAsync(product), product);
            }
            return _sharedBuyer.Value;
        }
        finally
        {
            SharedBuyerGate.Release();
        }
    }

    private async Task<JsonElement> ProductAsync(string id) => await (await fixture.Api.GetAsync($"/api/products/{id}")).JsonAsync();

    private async Task<JsonElement> ReviewsAsync(string id, string query = "") =>
        await (await fixture.Api.GetAsync($"/api/products/{id}/reviews{query}")).JsonAsync();

    /// <summary>ratingSum and ratingCount as stored on the product (0 when absent).</summary>
    private async Task<(long Sum, long Count)> StoredAggregateAsync(string id)
    {
        var item = (await fixture.DynamoDb.GetItemAsync(new GetItemRequest
        {
            TableName = "Products", Key = new() { ["id"] = new() { S = id } }, ConsistentRead = true,
        })).Item;
        static long Number(Dictionary<string, AttributeValue> item, string name) =>
            item.TryGetValue(name, out var value) ? long.Parse(value.N, CultureInfo.InvariantCulture) : 0;
        return (Number(item, "ratingSum"), Number(item, "ratingCount"));
    }

    /// <summary>Every review of the product, following cursors.</summary>
    private async Task<List<JsonElement>> AllReviewsAsync(string id, int limit = 50)
    {
        var reviews = new List<JsonElement>();
        string? cursor = null;
        do
        {
            var page = await ReviewsAsync(id, $"?limit={limit}" + (cursor is null ? "" : $"&cursor={Uri.EscapeDataString(cursor)}"));
            reviews.AddRange(page.GetProperty("items").EnumerateArray());
            cursor = page.GetProperty("nextCursor").GetString();
        }
        while (cursor is not null);
        return reviews;
    }

    private static (decimal? Average, long Count) Rating(JsonElement product)
    {
        var rating = product.GetProperty("rating");
        var average = rating.GetProperty("average");
        return (average.ValueKind == JsonValueKind.Null ? null : average.GetDecimal(), rating.GetProperty("count").GetInt64());
    }

    [Fact]
    public async Task A_buyer_reviews_a_delivered_product_and_the_review_and_rating_show_in_the_reviews_the_product_and_the_list()
    {
        var category = $"test-{Guid.NewGuid():N}";
        var product = await TestProducts.CreateAsync(fixture, stock: 5, name: "Review Balm", listedInCategory: category);
        Rating(await ProductAsync(product)).Should().Be(((decimal?)null, 0L), "no reviews yet");
        var buyer = await BuyerAsync(product);

        using var response = await PutReviewAsync(buyer, product, Review(4, "  Really <b>nice</b>  ", "Line one\nLine two\t& more"));

        var review = await response.JsonAsync(HttpStatusCode.Created);
        response.Headers.Location!.ToString().Should().Be($"/api/products/{product}/reviews/mine");
        review.GetProperty("productId").GetString().Should().Be(product);
        review.GetProperty("rating").GetInt32().Should().Be(4);
        review.GetProperty("title").GetString().Should().Be("Really <b>nice</b>", "trimmed, stored as given");
        review.GetProperty("body").GetString().Should().Be("Line one\nLine two\t& more");
        review.GetProperty("verifiedPurchase").GetBoolean().Should().BeTrue();
        review.GetProperty("displayName").GetString().Should().Be("Shopper", "test addresses start with 'shopper-'");
        review.GetRawText().Should().NotContain(buyer.Account.Email).And.NotContain(buyer.UserId).And.NotContain("@");
        review.GetProperty("createdAt").GetDateTimeOffset().Should().Be(review.GetProperty("updatedAt").GetDateTimeOffset());

        var page = await ReviewsAsync(product);
        page.GetProperty("items").EnumerateArray().Should().ContainSingle().Which.GetRawText().Should().Be(review.GetRawText());
        page.GetProperty("nextCursor").ValueKind.Should().Be(JsonValueKind.Null);
        Rating(page).Should().Be((4.0m, 1L));
        Rating(await ProductAsync(product)).Should().Be((4.0m, 1L), "the product is read consistently");
        await fixture.WaitForCatalogAsync(); // lists come from the API's catalog snapshot, which may be CatalogCacheSeconds behind
        var list = await (await fixture.Api.GetAsync($"/api/products?category={category}")).JsonAsync();
        Rating(list.GetProperty("items").EnumerateArray().Single()).Should().Be((4.0m, 1L));
        (await (await buyer.SendAsync(HttpMethod.Get, $"/api/products/{product}/reviews/mine")).JsonAsync()).GetRawText()
            .Should().Be(review.GetRawText());
        (await StoredAggregateAsync(product)).Should().Be((4L, 1L));
    }

    [Fact]
    public async Task Putting_again_replaces_the_review_answers_200_and_moves_the_aggregate_by_the_difference()
    {
        var product = await TestProducts.CreateAsync(fixture, stock: 5);
        var (first, second) = await BuyersAsync(2, product) is [var f, var g] ? (f, g) : default;
        (await PutReviewAsync(first, product, Review(5))).StatusCode.Should().Be(HttpStatusCode.Created);
        using var created = await PutReviewAsync(second, product, Review(4, "Good"));
        var original = await created.JsonAsync(HttpStatusCode.Created);

        using var edited = await PutReviewAsync(second, product, Review(1, "Changed my mind", ""));

        var review = await edited.JsonAsync(HttpStatusCode.OK);
        review.GetProperty("rating").GetInt32().Should().Be(1);
        review.GetProperty("title").GetString().Should().Be("Changed my mind");
        review.GetProperty("body").GetString().Should().BeEmpty();
        review.GetProperty("createdAt").GetDateTimeOffset().Should().Be(original.GetProperty("createdAt").GetDateTimeOffset());
        review.GetProperty("updatedAt").GetDateTimeOffset().Should().BeAfter(original.GetProperty("updatedAt").GetDateTimeOffset());
        var reviews = await AllReviewsAsync(product);
        reviews.Select(r => r.GetProperty("rating").GetInt32()).Should().BeEquivalentTo([5, 1], "one review per shopper, replaced");
        (await StoredAggregateAsync(product)).Should().Be((6L, 2L));
        Rating(await ProductAsync(product)).Should().Be((3.0m, 2L));

        // The same rating again changes the text only.
        (await PutReviewAsync(second, product, Review(1, "Still no"))).StatusCode.Should().Be(HttpStatusCode.OK);
        (await StoredAggregateAsync(product)).Should().Be((6L, 2L));
    }

    [Fact]
    public async Task Deleting_removes_the_review_and_its_rating_and_a_second_delete_is_404()
    {
        var product = await TestProducts.CreateAsync(fixture, stock: 5);
        var (keeper, deleter) = await BuyersAsync(2, product) is [var k, var d] ? (k, d) : default;
        (await PutReviewAsync(keeper, product, Review(2))).StatusCode.Should().Be(HttpStatusCode.Created);
        (await PutReviewAsync(deleter, product, Review(5))).StatusCode.Should().Be(HttpStatusCode.Created);
        Rating(await ProductAsync(product)).Should().Be((3.5m, 2L));

        using var deleted = await deleter.SendAsync(HttpMethod.Delete, $"/api/products/{product}/reviews/mine");

        deleted.StatusCode.Should().Be(HttpStatusCode.NoContent);
        Rating(await ProductAsync(product)).Should().Be((2.0m, 1L));
        (await StoredAggregateAsync(product)).Should().Be((2L, 1L));
        (await AllReviewsAsync(product)).Select(r => r.GetProperty("rating").GetInt32()).Should().Equal(2);
        await (await deleter.SendAsync(HttpMethod.Get, $"/api/products/{product}/reviews/mine")).ProblemAsync(HttpStatusCode.NotFound);
        await (await deleter.SendAsync(HttpMethod.Delete, $"/api/products/{product}/reviews/mine")).ProblemAsync(HttpStatusCode.NotFound);
        (await StoredAggregateAsync(product)).Should().Be((2L, 1L), "a delete of nothing changes nothing");

        // Reviewing again after deleting is a new review.
        (await PutReviewAsync(deleter, product, Review(3))).StatusCode.Should().Be(HttpStatusCode.Created);
        Rating(await ProductAsync(product)).Should().Be((2.5m, 2L));
    }

    [Fact]
    public async Task A_shopper_who_never_ordered_the_product_is_refused_with_403_and_nothing_is_written()
    {
        var (product, other) = (await TestProducts.CreateAsync(fixture, stock: 5), await TestProducts.CreateAsync(fixture, stock: 5));
        var stranger = await ShopperSession.CreateAsync(fixture);
        var otherBuyer = await BuyerAsync(other);

        foreach (var shopper in new[] { stranger, otherBuyer })
        {
            var problem = await (await PutReviewAsync(shopper, product, Review(5))).ProblemAsync(HttpStatusCode.Forbidden);
            problem.GetProperty("detail").GetString().Should().Contain("none of your orders contains it");
        }
        (await AllReviewsAsync(product)).Should().BeEmpty();
        (await StoredAggregateAsync(product)).Should().Be((0L, 0L));
    }

    [Fact]
    public async Task An_order_not_yet_delivered_is_refused_with_403_saying_so_until_it_is_delivered()
    {
        var product = await TestProducts.CreateAsync(fixture, stock: 5);
        var shopper = await ShopperSession.CreateAsync(fixture);
        var orderId = await DeliveredOrders.PlaceAsync(shopper, product);

        var problem = await (await PutReviewAsync(shopper, product, Review(5))).ProblemAsync(HttpStatusCode.Forbidden);

        problem.GetProperty("detail").GetString().Should().Contain("not been delivered yet");
        (await StoredAggregateAsync(product)).Should().Be((0L, 0L));
        await shopper.WaitForOrderAsync(orderId, "delivered");
        (await PutReviewAsync(shopper, product, Review(5))).StatusCode.Should().Be(HttpStatusCode.Created);
    }

    [Theory]
    [InlineData("""{"rating":0,"title":"t","body":""}""", "rating")]
    [InlineData("""{"rating":6,"title":"t","body":""}""", "rating")]
    [InlineData("""{"rating":-3,"title":"t","body":""}""", "rating")]
    [InlineData("""{"rating":"5","title":"t","body":""}""", "rating")]
    [InlineData("""{"rating":4.5,"title":"t","body":""}""", "rating")]
    [InlineData("""{"rating":true,"title":"t","body":""}""", "rating")]
    [InlineData("""{"title":"t","body":""}""", "rating")]
    [InlineData("""{"rating":5,"body":"no title"}""", "title")]
    [InlineData("""{"rating":5,"title":"   ","body":""}""", "title")]
    [InlineData("""{"rating":5,"title":"Bell\u0007","body":""}""", "title")]
    [InlineData("""{"rating":5,"title":"t","body":"Escape \u001b[31m"}""", "body")]
    [InlineData("""{"rating":5,"title":"t","body":"NUL \u0000"}""", "body")]
    [InlineData("""{"rating":5,"title":"t","body":"lone \ud800 surrogate"}""", "body")]
    [InlineData("""{"rating":5,"title":7,"body":""}""", "title")]
    [InlineData("""{"rating":5,"title":"t","body":"","stars":5}""", "stars")]
    public async Task Bad_reviews_are_400_naming_the_field_and_change_nothing(string body, string field)
    {
        var (shopper, product) = await SharedBuyerAsync();

        await (await PutReviewAsync(shopper, product, body)).ProblemAsync(HttpStatusCode.BadRequest, field);

        (await StoredAggregateAsync(product)).Should().Be((0L, 0L));
        await (await shopper.SendAsync(HttpMethod.Get, $"/api/products/{product}/reviews/mine")).ProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Too_long_text_malformed_json_and_other_media_types_get_the_usual_answers()
    {
        var product = await TestProducts.CreateAsync(fixture, stock: 5);
        var shopper = await BuyerAsync(product);

        await (await PutReviewAsync(shopper, product, Review(5, new string('t', 121)))).ProblemAsync(HttpStatusCode.BadRequest, "title");
        await (await PutReviewAsync(shopper, product, Review(5, "t", new string('b', 4001)))).ProblemAsync(HttpStatusCode.BadRequest, "body");
        await (await PutReviewAsync(shopper, product, """{"rating":5,"title":"t",""")).ProblemAsync(HttpStatusCode.BadRequest);
        await (await PutReviewAsync(shopper, product, "null")).ProblemAsync(HttpStatusCode.BadRequest, "body");
        await (await PutReviewAsync(shopper, product, "[]")).ProblemAsync(HttpStatusCode.BadRequest);
        await (await shopper.SendAsync(HttpMethod.Put, $"/api/products/{product}/reviews/mine", Review(5), contentType: "text/plain"))
            .ProblemAsync(HttpStatusCode.UnsupportedMediaType);
        await (await shopper.SendAsync(HttpMethod.Put, $"/api/products/{product}/reviews/mine")).ProblemAsync(HttpStatusCode.UnsupportedMediaType);

        // At the limits exactly, it is accepted.
        using var atLimits = await PutReviewAsync(shopper, product, Review(5, new string('t', 120), new string('b', 4000)));
        (await atLimits.JsonAsync(HttpStatusCode.Created)).GetProperty("body").GetString().Should().HaveLength(4000);
        (await StoredAggregateAsync(product)).Should().Be((5L, 1L));
    }

    [Fact]
    public async Task An_unknown_product_is_404_and_a_malformed_id_400()
    {
        var shopper = await ShopperSession.CreateAsync(fixture);
        const string unknown = "no-such-product-anywhere";

        await (await fixture.Api.GetAsync($"/api/products/{unknown}/reviews")).ProblemAsync(HttpStatusCode.NotFound);
        await (await PutReviewAsync(shopper, unknown, Review(5))).ProblemAsync(HttpStatusCode.NotFound);
        await (await shopper.SendAsync(HttpMethod.Get, $"/api/products/{unknown}/reviews/mine")).ProblemAsync(HttpStatusCode.NotFound);
        await (await shopper.SendAsync(HttpMethod.Delete, $"/api/products/{unknown}/reviews/mine")).ProblemAsync(HttpStatusCode.NotFound);
        await (await fixture.Api.GetAsync("/api/products/Not_A_Slug/reviews")).ProblemAsync(HttpStatusCode.BadRequest, "id");
        await (await PutReviewAsync(shopper, "Not_A_Slug", Review(5))).ProblemAsync(HttpStatusCode.BadRequest, "id");
    }

    [Fact]
    public async Task Own_review_routes_need_a_token_and_the_list_does_not()
    {
        var product = await TestProducts.CreateAsync(fixture, stock: 5);
        var path = $"/api/products/{product}/reviews/mine";

        foreach (var method in new[] { HttpMethod.Get, HttpMethod.Put, HttpMethod.Delete })
        {
            // API Gateway's JWT authorizer refuses first; the API refuses too, should a request reach it another way.
            using var response = await ShopperSession.SendAsync(fixture.Api, method, path, authorization: null,
                body: method == HttpMethod.Put ? Review(5) : null);
            await response.GatewayAnswerAsync(HttpStatusCode.Unauthorized, "Unauthorized");
            using var direct = await ShopperSession.SendAsync(fixture.ApiDirect, method, path, authorization: null,
                body: method == HttpMethod.Put ? Review(5) : null);
            await direct.ProblemAsync(HttpStatusCode.Unauthorized);
        }
        using var badToken = await ShopperSession.SendAsync(fixture.Api, HttpMethod.Put, path, new("Bearer", "not.a.token"), Review(5));
        await badToken.GatewayAnswerAsync(HttpStatusCode.Unauthorized, "Unauthorized");
        using var badTokenDirect = await ShopperSession.SendAsync(fixture.ApiDirect, HttpMethod.Put, path, new("Bearer", "not.a.token"), Review(5));
        await badTokenDirect.ProblemAsync(HttpStatusCode.Unauthorized);
        (await ReviewsAsync(product)).GetProperty("items").GetArrayLength().Should().Be(0);
    }

    [Fact]
    public async Task Reviews_page_newest_first_through_cursors_and_bad_paging_parameters_are_400()
    {
        var (product, other) = (await TestProducts.CreateAsync(fixture, stock: 10), await TestProducts.CreateAsync(fixture, stock: 10));
        var titles = new List<string>();
        var reviewers = new List<string>();
        var buyers = await BuyersAsync(5, product, other);
        for (var i = 0; i < 5; i++)
        {
            var buyer = buyers[i];
            reviewers.Add(buyer.UserId);
            titles.Add($"Review {i}");
            (await PutReviewAsync(buyer, product, Review(i % 5 + 1, $"Review {i}"))).StatusCode.Should().Be(HttpStatusCode.Created);
            if (i == 0)
            {
                (await PutReviewAsync(buyer, other, Review(3))).StatusCode.Should().Be(HttpStatusCode.Created);
            }
        }

        var pages = new List<List<string>>();
        string? cursor = null;
        string? firstCursor = null;
        do
        {
            var page = await ReviewsAsync(product, "?limit=2" + (cursor is null ? "" : $"&cursor={Uri.EscapeDataString(cursor)}"));
            pages.Add([.. page.GetProperty("items").EnumerateArray().Select(r => r.GetProperty("title").GetString()!)]);
            cursor = page.GetProperty("nextCursor").GetString();
            firstCursor ??= cursor;
            if (cursor is not null)
            {
                var decoded = System.Text.Encoding.UTF8.GetString(System.Buffers.Text.Base64Url.DecodeFromChars(cursor));
                decoded.Should().NotContainAny(reviewers, "the cursor must not show who wrote the last review");
            }
        }
        while (cursor is not null && pages.Count < 10);

        pages.Select(p => p.Count).Should().Equal(2, 2, 1);
        pages.SelectMany(p => p).Should().Equal(Enumerable.Reverse(titles), "newest first, each review once");
        (await AllReviewsAsync(product, limit: 50)).Should().HaveCount(5);

        await (await fixture.Api.GetAsync($"/api/products/{other}/reviews?cursor={Uri.EscapeDataString(firstCursor!)}"))
            .ProblemAsync(HttpStatusCode.BadRequest, "cursor");
        await (await fixture.Api.GetAsync($"/api/products/{product}/reviews?cursor=garbage")).ProblemAsync(HttpStatusCode.BadRequest, "cursor");
        await (await fixture.Api.GetAsync($"/api/products/{product}/reviews?cursor={Uri.EscapeDataString(firstCursor![..^2] + "AA")}"))
            .ProblemAsync(HttpStatusCode.BadRequest, "cursor");
        foreach (var limit in new[] { "0", "51", "-1", "two", "1.5" })
        {
            await (await fixture.Api.GetAsync($"/api/products/{product}/reviews?limit={limit}")).ProblemAsync(HttpStatusCode.BadRequest, "limit");
        }
        await (await fixture.Api.GetAsync($"/api/products/{product}/reviews?sort=rating")).ProblemAsync(HttpStatusCode.BadRequest, "sort");
    }

    [Fact]
    public async Task Another_shopper_cannot_touch_your_review_their_put_creates_their_own()
    {
        var product = await TestProducts.CreateAsync(fixture, stock: 5);
        var (author, other) = await BuyersAsync(2, product) is [var a, var o] ? (a, o) : default;
        using var created = await PutReviewAsync(author, product, Review(5, "Mine"));
        var original = await created.JsonAsync(HttpStatusCode.Created);

        (await PutReviewAsync(other, product, Review(1, "Theirs"))).StatusCode.Should().Be(HttpStatusCode.Created);
        (await other.SendAsync(HttpMethod.Delete, $"/api/products/{product}/reviews/mine")).StatusCode.Should().Be(HttpStatusCode.NoContent);
        await (await other.SendAsync(HttpMethod.Delete, $"/api/products/{product}/reviews/mine")).ProblemAsync(HttpStatusCode.NotFound);

        (await (await author.SendAsync(HttpMethod.Get, $"/api/products/{product}/reviews/mine")).JsonAsync()).GetRawText()
            .Should().Be(original.GetRawText());
        (await AllReviewsAsync(product)).Select(r => r.GetProperty("title").GetString()).Should().Equal("Mine");
        (await StoredAggregateAsync(product)).Should().Be((5L, 1L));
    }

    [Fact]
    public async Task Concurrent_reviews_edits_and_deletes_of_one_product_leave_the_aggregate_equal_to_the_reviews()
    {
        const int shoppers = 20;
        var product = await TestProducts.CreateAsync(fixture, stock: shoppers);
        var arrange = Stopwatch.StartNew();
        var buyers = new ShopperSession[shoppers];
        await Parallel.ForEachAsync(Enumerable.Range(0, shoppers), new ParallelOptions { MaxDegreeOfParallelism = shoppers },
            async (i, _) => buyers[i] = await BuyerAsync(product));
        // Shoppers 1 to 3 reviewed before: 1 and 2 will delete theirs, 3 will edit it.
        foreach (var index in new[] { 1, 2, 3 })
        {
            (await PutReviewAsync(buyers[index], product, Review(3, $"Shopper {index} before"))).StatusCode.Should().Be(HttpStatusCode.Created);
        }
        arrange.Stop();

        // Then everything at once: everyone else reviews, a quarter of them send a competing second version at the same
        // moment (one of the two creates, the other edits after a retry), shopper 3 edits, shoppers 1 and 2 delete.
        var statuses = new ConcurrentBag<(int Shopper, string Action, HttpStatusCode Status)>();
        var requests = new List<Task>();
        for (var i = 0; i < shoppers; i++)
        {
            var (shopper, index) = (buyers[i], i);
            if (index is 1 or 2)
            {
                requests.Add(Send(index, "delete", () => shopper.SendAsync(HttpMethod.Delete, $"/api/products/{product}/reviews/mine")));
                continue;
            }
            requests.Add(Send(index, "put", () => PutReviewAsync(shopper, product, Review(index % 5 + 1, $"Shopper {index}"))));
            if (index % 4 == 0)
            {
                requests.Add(Send(index, "edit", () => PutReviewAsync(shopper, product, Review(5 - index % 5, $"Shopper {index} again"))));
            }
        }
        var run = Stopwatch.StartNew();
        await Task.WhenAll(requests);
        run.Stop();
        output.WriteLine($"arranged {shoppers} delivered buyers in {arrange.ElapsedMilliseconds} ms; {requests.Count} concurrent review requests took {run.ElapsedMilliseconds} ms");
        foreach (var group in statuses.GroupBy(s => (s.Action, s.Status)).OrderBy(g => g.Key.ToString()))
        {
            output.WriteLine($"{group.Key.Action} -> {(int)group.Key.Status}: {group.Count()}");
        }

        statuses.Where(s => s.Action is "put" or "edit").Select(s => s.Status).Should().OnlyContain(s => s == HttpStatusCode.Created || s == HttpStatusCode.OK);
        statuses.Where(s => s.Action is "put" or "edit").GroupBy(s => s.Shopper)
            .Should().OnlyContain(g => g.Count(s => s.Status == HttpStatusCode.Created) == (g.Key == 3 ? 0 : 1), "each shopper creates once");
        statuses.Where(s => s.Action == "delete").Select(s => s.Status).Should().Equal(HttpStatusCode.NoContent, HttpStatusCode.NoContent);

        var reviews = await AllReviewsAsync(product, limit: 7);
        var ratings = reviews.Select(r => r.GetProperty("rating").GetInt32()).ToList();
        ratings.Should().HaveCount(shoppers - 2);
        (await StoredAggregateAsync(product)).Should().Be(((long)ratings.Sum(), (long)ratings.Count), "the aggregate is exactly what the listed reviews imply");
        Rating(await ProductAsync(product)).Should().Be((Math.Round((decimal)ratings.Sum() / ratings.Count, 1, MidpointRounding.AwayFromZero), (long)ratings.Count));
        reviews.Select(r => r.GetProperty("title").GetString()).Should().OnlyHaveUniqueItems();
        foreach (var (shopper, index) in buyers.Select((b, i) => (b, i)).Where(b => b.i % 4 == 0))
        {
            var mine = await (await shopper.SendAsync(HttpMethod.Get, $"/api/products/{product}/reviews/mine")).JsonAsync();
            mine.GetProperty("rating").GetInt32().Should().BeOneOf(index % 5 + 1, 5 - index % 5);
        }

        async Task Send(int shopper, string action, Func<Task<HttpResponseMessage>> send)
        {
            using var response = await send();
            statuses.Add((shopper, action, response.StatusCode));
        }
    }

    [Fact]
    public async Task Sort_by_rating_orders_by_average_then_count_then_name_with_unrated_last_across_pages()
    {
        var category = $"test-{Guid.NewGuid():N}";
        var names = new[] { "Cedar balm", "Elm toner", "Birch oil", "Aloe gel", "Dune mask", "Fig scrub" };
        var ids = new Dictionary<string, string>();
        foreach (var name in names)
        {
            ids[name] = await TestProducts.CreateAsync(fixture, stock: 5, name: name, listedInCategory: category);
        }
        var reviewed = names[..4].Select(n => ids[n]).ToArray();
        var (one, two, three) = await BuyersAsync(3, reviewed) is [var x, var y, var z] ? (x, y, z) : default;
        var ratings = new (ShopperSession Shopper, string Product, int Rating)[]
        {
            (one, "Cedar balm", 5),                                                  // 5.0 of 1
            (one, "Elm toner", 5), (two, "Elm toner", 5), (three, "Elm toner", 4),   // 4.7 of 3
            (one, "Birch oil", 5), (two, "Birch oil", 4),                            // 4.5 of 2
            (one, "Aloe gel", 4), (two, "Aloe gel", 5),                              // 4.5 of 2: before Birch by name
        };
        foreach (var (shopper, name, rating) in ratings)
        {
            (await PutReviewAsync(shopper, ids[name], Review(rating))).StatusCode.Should().Be(HttpStatusCode.Created);
        }
        var expected = new[] { "Cedar balm", "Elm toner", "Aloe gel", "Birch oil", "Dune mask", "Fig scrub" }.Select(n => ids[n]).ToList();
        await fixture.WaitForCatalogAsync(); // lists come from the API's catalog snapshot, which may be CatalogCacheSeconds behind

        var all = await (await fixture.Api.GetAsync($"/api/products?category={category}&sort=rating")).JsonAsync();
        all.Ids().Should().Equal(expected);
        all.GetProperty("items").EnumerateArray().Select(Rating).Should().Equal(
            (5.0m, 1L), (4.7m, 3L), (4.5m, 2L), (4.5m, 2L), ((decimal?)null, 0L), ((decimal?)null, 0L));

        var paged = new List<string>();
        string? cursor = null;
        do
        {
            var page = await (await fixture.Api.GetAsync($"/api/products?category={category}&sort=rating&limit=4" +
                (cursor is null ? "" : $"&cursor={Uri.EscapeDataString(cursor)}"))).JsonAsync();
            paged.AddRange(page.Ids());
            cursor = page.GetProperty("nextCursor").GetString();
        }
        while (cursor is not null && paged.Count < 20);
        paged.Should().Equal(expected);

        var searched = await (await fixture.Api.GetAsync($"/api/products?category={category}&sort=rating&q=oil")).JsonAsync();
        searched.Ids().Should().Equal(ids["Birch oil"]);
        var priced = await (await fixture.Api.GetAsync($"/api/products?category={category}&sort=rating&maxPrice=1")).JsonAsync();
        priced.Ids().Should().BeEmpty();
    }

    [Fact]
    public async Task The_openapi_document_describes_the_review_routes_and_the_rating()
    {
        var document = await (await fixture.Api.GetAsync("/openapi/v1.json")).JsonAsync();
        var paths = document.GetProperty("paths");

        var list = paths.GetProperty("/api/products/{id}/reviews").GetProperty("get");
        list.GetProperty("responses").GetProperty("200").GetRawText().Should().Contain("ReviewPageResponse");
        list.GetProperty("responses").TryGetProperty("404", out _).Should().BeTrue();
        var mine = paths.GetProperty("/api/products/{id}/reviews/mine");
        mine.GetProperty("put").GetProperty("requestBody").GetRawText().Should().Contain("ReviewRequest");
        mine.GetProperty("put").GetProperty("responses").EnumerateObject().Select(r => r.Name)
            .Should().Contain(["200", "201", "400", "401", "403", "404", "503"]);
        mine.GetProperty("get").GetProperty("responses").GetProperty("200").GetRawText().Should().Contain("ReviewResponse");
        mine.GetProperty("delete").GetProperty("responses").EnumerateObject().Select(r => r.Name).Should().Contain(["204", "404"]);
        document.GetProperty("components").GetProperty("schemas").GetProperty("ProductDetailResponse")
            .GetProperty("properties").TryGetProperty("rating", out _).Should().BeTrue();
    }
}
