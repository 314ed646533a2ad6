using Amazon.DynamoDBv2.Model;
using BStore.Api.Catalog;
using BStore.Api.Hosting;

namespace BStore.Api.UnitTests.Catalog;

public class CatalogSnapshotTests
{
    private static readonly DateTimeOffset Loaded = new(2026, 11, 26, 9, 0, 0, TimeSpan.Zero);

    private static Product Make(string id, string name, decimal price, string category = "skin-care", int day = 1, string[]? tags = null) => new(
        id, name, "Brand", "Made for a test.", category, price, "USD", Stock: 5, tags ?? [], [$"images/{id}.svg"],
        new DateTimeOffset(2026, 1, day, 0, 0, 0, TimeSpan.Zero));

    private static readonly Product[] Products =
    [
        Make("rose-oil", "Rose Oil", 20m, day: 3, tags: ["oil"]),
        Make("rose-oil-deluxe", "Rose Oil Deluxe", 35m, day: 5, tags: ["oil"]),
        Make("aloe-gel", "Aloe Gel", 12.5m, day: 2),
        Make("vitamin-c-serum", "Vitamin C Serum", 20m, day: 7, tags: ["serum"]),
        Make("night-cream", "Night Cream", 28m, day: 4),
        Make("argan-shampoo", "Argan Shampoo", 9m, category: "hair-care", day: 6),
        Make("silk-conditioner", "Silk Conditioner", 20m, category: "hair-care", day: 1),
    ];

    private static CatalogSnapshot Snapshot(IEnumerable<Dictionary<string, AttributeValue>>? extra = null) =>
        CatalogSnapshot.Build("stamp-1", Loaded,
            [CategoryItem.ToItem(new Category("skin-care", "Skin Care", "", "images/skin.svg", 1, 5)),
             CategoryItem.ToItem(new Category("hair-care", "Hair Care", "", "images/hair.svg", 2, 2))],
            [.. Products.Select(p => ProductItem.NewItem(p, p.CategoryId == "hair-care" ? "Hair Care" : "Skin Care")), .. extra ?? []]);

    private static ProductQuery Query(string? q = null, string? category = null, string? min = null, string? max = null, string? sort = null, int limit = 20)
    {
        var errors = new Dictionary<string, string[]>();
        return ProductQuery.Parse(q, category, min, max, sort, limit.ToString(System.Globalization.CultureInfo.InvariantCulture), null, errors)
            ?? throw new InvalidOperationException(string.Join("; ", errors.SelectMany(e => e.Value)));
    }

    private static List<string> AllPages(CatalogSnapshot snapshot, ProductQuery query)
    {
        var ids = new List<string>();
        CursorPosition? after = null;
        for (var page = 0; page < 50; page++)
        {
            var result = snapshot.Query(query, after);
            ids.AddRange(result.Products.Select(p => p.Id));
            if (result.Next is null)
            {
                return ids;
            }
            after = result.Next;
        }
        throw new InvalidOperationException("paging did not end");
    }

    [Fact]
    public void Name_sort_is_folded_name_order_with_shorter_names_first()
    {
        Snapshot().Query(Query(), null).Products.Select(p => p.Id).Should().Equal(
            "aloe-gel", "argan-shampoo", "night-cream", "rose-oil", "rose-oil-deluxe", "silk-conditioner", "vitamin-c-serum");
    }

    [Fact]
    public void Price_sorts_order_ties_by_id_and_descending_reverses_the_whole_order()
    {
        var snapshot = Snapshot(); // one snapshot for both: they read the same index
        var ascending = snapshot.Query(Query(sort: "price_asc"), null).Products.Select(p => p.Id).ToList();
        var descending = snapshot.Query(Query(sort: "price_desc"), null).Products.Select(p => p.Id).ToList();
        var ascendingAgain = snapshot.Query(Query(sort: "price_asc"), null).Products.Select(p => p.Id).ToList();

        ascending.Should().Equal("argan-shampoo", "aloe-gel", "rose-oil", "silk-conditioner", "vitamin-c-serum", "night-cream", "rose-oil-deluxe");
        descending.Should().Equal(Enumerable.Reverse(ascending));
        ascendingAgain.Should().Equal(ascending);
    }

    [Fact]
    public void Newest_sort_and_category_partition()
    {
        Snapshot().Query(Query(sort: "newest", category: "hair-care"), null).Products.Select(p => p.Id)
            .Should().Equal("argan-shampoo", "silk-conditioner");
    }

    [Theory]
    [InlineData(null, null, null, "price_asc", 2)]
    [InlineData(null, null, null, "price_desc", 3)]
    [InlineData(null, null, null, "name", 1)]
    [InlineData(null, null, null, "newest", 2)]
    [InlineData(null, null, null, "rating", 2)]
    [InlineData("ro", null, null, "name", 1)]
    [InlineData(null, "10", "25", "newest", 1)]
    [InlineData(null, "20", "20", "price_desc", 1)]
    public void Paging_with_cursors_gives_every_match_once_in_the_one_page_order(string? q, string? min, string? max, string sort, int limit)
    {
        var snapshot = Snapshot();
        var whole = snapshot.Query(Query(q, min: min, max: max, sort: sort, limit: 100), null).Products.Select(p => p.Id).ToList();

        var paged = AllPages(snapshot, Query(q, min: min, max: max, sort: sort, limit: limit));

        whole.Should().NotBeEmpty();
        paged.Should().Equal(whole);
    }

    [Fact]
    public void Search_matches_word_prefixes_of_name_brand_category_and_tags_with_every_word()
    {
        var snapshot = Snapshot();

        snapshot.Query(Query("ros oil"), null).Products.Select(p => p.Id).Should().Equal("rose-oil", "rose-oil-deluxe");
        snapshot.Query(Query("serum"), null).Products.Select(p => p.Id).Should().Equal("vitamin-c-serum");
        snapshot.Query(Query("hair"), null).Products.Select(p => p.Id).Should().Equal("argan-shampoo", "silk-conditioner");
        snapshot.Query(Query("oil", max: "30"), null).Products.Select(p => p.Id).Should().Equal("rose-oil");
        snapshot.Query(Query("il"), null).Products.Should().BeEmpty("a word matches from its start only");
    }

    [Fact]
    public void A_price_cursor_from_dynamodb_with_another_number_spelling_continues_after_that_item()
    {
        // DynamoDB answers numbers in its own spelling ("20" for 20.00); the position compares as a number.
        var next = Snapshot().Query(Query(sort: "price_asc"), new CursorPosition("rose-oil", "20.00")).Products.Select(p => p.Id);

        next.Should().Equal("silk-conditioner", "vitamin-c-serum", "night-cream", "rose-oil-deluxe");
    }

    [Fact]
    public void Items_that_are_not_products_or_not_in_an_index_stay_out_of_its_pages()
    {
        var hidden = ProductItem.NewItem(Make("test-hidden", "Hidden Balm", 1m, category: "test-only"), "Test");
        hidden.Remove(ProductItem.Listing);
        hidden.Remove(ProductItem.NameKey);
        var stamp = CatalogVersionItem.NewItem(Loaded);
        var promo = new Dictionary<string, AttributeValue> { [ProductItem.Id] = new() { S = "promo#WELCOME10" }, ["kind"] = new() { S = "percent" } };

        var snapshot = Snapshot([hidden, stamp, promo]);

        snapshot.ProductCount.Should().Be(Products.Length + 1);
        snapshot.TryGetProduct("test-hidden", out var product).Should().BeTrue();
        product.Name.Should().Be("Hidden Balm");
        snapshot.TryGetProduct(CatalogVersionItem.Id, out _).Should().BeFalse();
        snapshot.Query(Query(limit: 100), null).Products.Select(p => p.Id).Should().NotContain("test-hidden", "it has no listing");
        snapshot.Query(Query(category: "test-only", sort: "price_asc"), null).Products.Select(p => p.Id).Should().Equal("test-hidden");
        snapshot.Query(Query(category: "test-only"), null).Products.Should().BeEmpty("without a name key it is not in the name index");
    }

    [Fact]
    public void Categories_come_in_their_sort_order()
    {
        Snapshot().Categories.Select(c => c.Id).Should().Equal("skin-care", "hair-care");
    }

    [Fact]
    public void An_answer_is_made_once_per_key_and_only_MaxAnswerBytes_of_them_are_kept()
    {
        var snapshot = Snapshot();
        var made = 0;
        const int size = 100_000;
        string Make(string text) { made++; return text; }
        string Kept(string key, string text) => snapshot.Answer(key, () => Make(text), _ => size);

        var first = Kept("a", "answer a");
        Kept("a", "another a").Should().BeSameAs(first);
        made.Should().Be(1);

        var fit = CatalogSnapshot.MaxAnswerBytes / size;
        for (var i = 1; i < fit; i++)
        {
            Kept($"k{i}", $"answer {i}");
        }
        made.Should().Be(fit);
        Kept("one too many", "x").Should().Be("x");
        Kept("one too many", "y").Should().Be("y", "past the bound answers are made each time, not kept");
        Kept("k1", "z").Should().Be("answer 1");
        Snapshot().Answer("a", () => "fresh", _ => size).Should().Be("fresh", "answers belong to their snapshot");
    }

    [Fact]
    public void Rating_sort_puts_the_best_average_first_then_more_reviews_then_name()
    {
        var rated = new[] { ("night-cream", 9, 2), ("aloe-gel", 45, 10), ("rose-oil", 18, 4) }.Select(r =>
        {
            var item = ProductItem.NewItem(Products.Single(p => p.Id == r.Item1), "Skin Care");
            item[ProductItem.RatingSum] = new() { N = r.Item2.ToString(System.Globalization.CultureInfo.InvariantCulture) };
            item[ProductItem.RatingCount] = new() { N = r.Item3.ToString(System.Globalization.CultureInfo.InvariantCulture) };
            return item;
        });

        var ids = Snapshot(rated).Query(Query(category: "skin-care", sort: "rating"), null).Products.Select(p => p.Id);

        // 4.5 (10 reviews), 4.5 (4), 4.5 (2), then unrated by name.
        ids.Should().Equal("aloe-gel", "rose-oil", "night-cream", "rose-oil-deluxe", "vitamin-c-serum");
    }
}

public class CatalogFreshnessTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 26, 9, 0, 0, TimeSpan.Zero);
    private static readonly CatalogSettings Settings = new() { CacheSeconds = 30, StampCheckSeconds = 5 };

    [Theory]
    [InlineData(0, 0, CatalogFreshness.Fresh)]
    [InlineData(4, 4, CatalogFreshness.Fresh)]
    [InlineData(10, 5, CatalogFreshness.CheckStamp)]
    [InlineData(29, 1, CatalogFreshness.Fresh)]
    [InlineData(30, 1, CatalogFreshness.Stale)]
    [InlineData(59, 1, CatalogFreshness.Stale)]
    [InlineData(60, 1, CatalogFreshness.Unusable)]
    [InlineData(3600, 3600, CatalogFreshness.Unusable)]
    public void A_snapshot_is_fresh_then_stale_then_unusable_and_its_stamp_is_checked_in_between(
        int ageSeconds, int sinceStampCheckSeconds, CatalogFreshness expected)
    {
        CatalogCache.Judge(Now.AddSeconds(-ageSeconds), Now.AddSeconds(-sinceStampCheckSeconds), Now, Settings).Should().Be(expected);
    }

    [Fact]
    public void No_snapshot_or_a_cache_turned_off_is_unusable()
    {
        CatalogCache.Judge(null, Now, Now, Settings).Should().Be(CatalogFreshness.Unusable);
        CatalogCache.Judge(Now, Now, Now, new CatalogSettings { CacheSeconds = 0 }).Should().Be(CatalogFreshness.Unusable);
    }
}
