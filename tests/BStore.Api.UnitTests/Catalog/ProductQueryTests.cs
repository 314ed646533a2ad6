using BStore.Api.Catalog;

namespace BStore.Api.UnitTests.Catalog;

public class ProductQueryTests
{
    private static (ProductQuery? Query, Dictionary<string, string[]> Errors) Parse(
        string? q = null, string? category = null, string? minPrice = null, string? maxPrice = null,
        string? sort = null, string? limit = null, string? cursor = null)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var query = ProductQuery.Parse(q, category, minPrice, maxPrice, sort, limit, cursor, errors);
        return (query, errors);
    }

    private static ProductQuery Valid(
        string? q = null, string? category = null, string? minPrice = null, string? maxPrice = null,
        string? sort = null, string? limit = null, string? cursor = null)
    {
        var (query, errors) = Parse(q, category, minPrice, maxPrice, sort, limit, cursor);
        errors.Should().BeEmpty();
        return query!;
    }

    private static void ShouldBeRejected((ProductQuery? Query, Dictionary<string, string[]> Errors) result, string field)
    {
        result.Query.Should().BeNull();
        result.Errors.Should().ContainKey(field).WhoseValue.Should().ContainSingle().Which.Should().NotBeNullOrWhiteSpace();
        result.Errors.Should().HaveCount(1, $"only {field} is wrong");
    }

    [Fact]
    public void No_parameters_gives_the_defaults()
    {
        var query = Valid();

        query.Should().BeEquivalentTo(new
        {
            SearchWords = Array.Empty<string>(),
            CategoryId = (string?)null,
            MinPrice = (decimal?)null,
            MaxPrice = (decimal?)null,
            Sort = ProductSort.Name,
            Limit = 20,
            Cursor = (string?)null,
        });
    }

    [Fact]
    public void Empty_strings_are_treated_as_absent()
    {
        var query = Valid(q: "", category: "", minPrice: "", maxPrice: "", sort: "", limit: "");

        query.SearchWords.Should().BeEmpty();
        query.CategoryId.Should().BeNull();
        query.MinPrice.Should().BeNull();
        query.MaxPrice.Should().BeNull();
        query.Sort.Should().Be(ProductSort.Name);
        query.Limit.Should().Be(20);
    }

    [Theory]
    [InlineData("name", ProductSort.Name)]
    [InlineData("price_asc", ProductSort.PriceAsc)]
    [InlineData("price_desc", ProductSort.PriceDesc)]
    [InlineData("newest", ProductSort.Newest)]
    [InlineData("rating", ProductSort.Rating)]
    public void Every_sort_name_maps_to_its_order(string sort, ProductSort expected) =>
        Valid(sort: sort).Sort.Should().Be(expected);

    [Theory]
    [InlineData("bogus")]
    [InlineData("PRICE_ASC")]
    [InlineData("Name")]
    [InlineData("price-asc")]
    [InlineData(" name")]
    public void Unknown_or_differently_cased_sort_is_rejected(string sort) =>
        ShouldBeRejected(Parse(sort: sort), "sort");

    [Fact]
    public void The_sort_error_lists_every_valid_sort() =>
        Parse(sort: "stars").Errors["sort"].Should().Equal("sort must be one of: name, price_asc, price_desc, newest, rating.");

    [Theory]
    [InlineData("1", 1)]
    [InlineData("20", 20)]
    [InlineData("100", 100)]
    [InlineData("007", 7)]
    public void Limit_from_1_to_100_is_accepted(string limit, int expected) =>
        Valid(limit: limit).Limit.Should().Be(expected);

    [Theory]
    [InlineData("0")]
    [InlineData("101")]
    [InlineData("-1")]
    [InlineData("+5")]
    [InlineData("abc")]
    [InlineData("1.5")]
    [InlineData(" 5")]
    [InlineData("5 ")]
    [InlineData("1e2")]
    [InlineData("99999999999")]
    public void Bad_limit_is_rejected(string limit)
    {
        var result = Parse(limit: limit);

        ShouldBeRejected(result, "limit");
        result.Errors["limit"][0].Should().Contain("1 to 100");
    }

    [Theory]
    [InlineData("12.50", 12.50)]
    [InlineData("0", 0)]
    [InlineData("7", 7)]
    [InlineData("1000000", 1000000)]
    public void Price_bounds_in_range_are_accepted(string price, decimal expected)
    {
        Valid(minPrice: price).MinPrice.Should().Be(expected);
        Valid(maxPrice: price).MaxPrice.Should().Be(expected);
    }

    [Theory]
    [InlineData("-1")]
    [InlineData("1e3")]
    [InlineData("abc")]
    [InlineData("1,5")]
    [InlineData("1000000.01")]
    [InlineData("1000001")]
    [InlineData("99999999999999999999")]
    [InlineData(" 5")]
    [InlineData("NaN")]
    public void Bad_price_bounds_are_rejected(string price)
    {
        ShouldBeRejected(Parse(minPrice: price), "minPrice");
        ShouldBeRejected(Parse(maxPrice: price), "maxPrice");
    }

    [Fact]
    public void MinPrice_above_maxPrice_is_rejected_under_minPrice()
    {
        var result = Parse(minPrice: "50", maxPrice: "10");

        ShouldBeRejected(result, "minPrice");
        result.Errors["minPrice"][0].Should().Contain("maxPrice");
    }

    [Fact]
    public void Equal_min_and_max_price_is_accepted()
    {
        var query = Valid(minPrice: "10.00", maxPrice: "10");

        query.MinPrice.Should().Be(10m);
        query.MaxPrice.Should().Be(10m);
    }

    [Fact]
    public void Search_of_100_characters_is_accepted_and_101_rejected()
    {
        var hundred = string.Join(' ', Enumerable.Repeat("abcd", 20)); // 20 * 4 + 19 = 99
        hundred += "x";
        hundred.Should().HaveLength(100);

        Valid(q: hundred).SearchWords.Should().Equal("abcd", "abcdx");
        ShouldBeRejected(Parse(q: hundred + "y"), "q");
    }

    [Theory]
    [InlineData("serum\u0001")]
    [InlineData("serum\ngel")]
    [InlineData("\u007Fserum")]
    public void Search_with_a_control_character_is_rejected(string q) =>
        ShouldBeRejected(Parse(q: q), "q");

    [Theory]
    [InlineData("!!!")]
    [InlineData("- . ,")]
    public void Search_without_letters_or_digits_is_rejected(string q) =>
        ShouldBeRejected(Parse(q: q), "q");

    [Fact]
    public void Search_of_8_distinct_words_is_accepted_and_9_rejected()
    {
        Valid(q: "one two three four five six seven eight").SearchWords.Should().HaveCount(8);
        ShouldBeRejected(Parse(q: "one two three four five six seven eight nine"), "q");
    }

    [Fact]
    public void Repeated_words_count_once()
    {
        var query = Valid(q: "a b c d e f g h a b c d e f g h");

        query.SearchWords.Should().Equal("a", "b", "c", "d", "e", "f", "g", "h");
    }

    [Fact]
    public void Search_is_folded_into_distinct_words()
    {
        Valid(q: "  Sérum  SERUM ").SearchWords.Should().Equal("serum");
        Valid(q: "Crème, Éclat!").SearchWords.Should().Equal("creme", "eclat");
    }

    [Fact]
    public void Whitespace_only_search_means_no_search()
    {
        Valid(q: "   ").SearchWords.Should().BeEmpty();
    }

    [Theory]
    [InlineData("skin-care")]
    [InlineData("a")]
    [InlineData("tools-accessories")]
    [InlineData("spf50")]
    public void Category_id_is_accepted(string category) =>
        Valid(category: category).CategoryId.Should().Be(category);

    [Theory]
    [InlineData("Skin_Care")]
    [InlineData("../x")]
    [InlineData("skin care")]
    [InlineData("skin--care")]
    [InlineData("-skin")]
    [InlineData("skin-")]
    [InlineData("SKIN")]
    [InlineData("crème")]
    public void Malformed_category_is_rejected(string category) =>
        ShouldBeRejected(Parse(category: category), "category");

    [Fact]
    public void Category_of_64_characters_is_accepted_and_65_rejected()
    {
        Valid(category: new string('a', 64)).CategoryId.Should().HaveLength(64);
        ShouldBeRejected(Parse(category: new string('a', 65)), "category");
    }

    [Fact]
    public void Category_with_a_trailing_newline_is_rejected()
    {
        // "$" in a .NET regex also matches before a final "\n"; a category id must not contain one.
        ShouldBeRejected(Parse(category: "skin-care\n"), "category");
    }

    [Fact]
    public void Cursor_is_kept_when_it_has_1_to_512_characters()
    {
        Valid(cursor: "x").Cursor.Should().Be("x");
        Valid(cursor: new string('c', 512)).Cursor.Should().HaveLength(512);
    }

    [Fact]
    public void Empty_or_over_long_cursor_is_rejected()
    {
        ShouldBeRejected(Parse(cursor: ""), "cursor");
        ShouldBeRejected(Parse(cursor: new string('c', 513)), "cursor");
    }

    [Fact]
    public void Every_bad_parameter_is_reported_at_once()
    {
        var (query, errors) = Parse(q: "!!!", category: "Bad", minPrice: "abc", maxPrice: "-1", sort: "bogus", limit: "0", cursor: "");

        query.Should().BeNull();
        errors.Keys.Should().BeEquivalentTo("q", "category", "minPrice", "maxPrice", "sort", "limit", "cursor");
        errors.Values.Should().AllSatisfy(messages => messages.Should().ContainSingle().Which.Should().NotBeNullOrWhiteSpace());
    }

    [Fact]
    public void Parameters_lists_every_query_parameter()
    {
        ProductQuery.Parameters.Should().BeEquivalentTo("q", "category", "minPrice", "maxPrice", "sort", "limit", "cursor");
    }

    [Fact]
    public void Fingerprint_ignores_limit_and_cursor()
    {
        var first = Valid(q: "serum", category: "skin-care", minPrice: "10", maxPrice: "50", sort: "price_asc", limit: "20");
        var next = Valid(q: "serum", category: "skin-care", minPrice: "10", maxPrice: "50", sort: "price_asc", limit: "50", cursor: "abc");

        next.Fingerprint().Should().Be(first.Fingerprint());
    }

    [Fact]
    public void Fingerprint_ignores_how_the_search_is_spelled()
    {
        Valid(q: "Sérum").Fingerprint().Should().Be(Valid(q: "serum  SERUM").Fingerprint());
    }

    [Theory]
    [InlineData("q", "gel")]
    [InlineData("category", "make-up")]
    [InlineData("minPrice", "11")]
    [InlineData("maxPrice", "49")]
    [InlineData("sort", "price_desc")]
    public void Fingerprint_changes_with_every_filter_and_the_sort(string parameter, string otherValue)
    {
        string? Value(string name, string original) => name == parameter ? otherValue : original;
        var baseline = Valid(q: "serum", category: "skin-care", minPrice: "10", maxPrice: "50", sort: "price_asc");
        var changed = Valid(
            q: Value("q", "serum"), category: Value("category", "skin-care"), minPrice: Value("minPrice", "10"),
            maxPrice: Value("maxPrice", "50"), sort: Value("sort", "price_asc"));

        changed.Fingerprint().Should().NotBe(baseline.Fingerprint());
    }

    [Fact]
    public void Fingerprint_tells_an_absent_filter_from_a_present_one()
    {
        var all = Valid();
        var fingerprints = new[]
        {
            all.Fingerprint(),
            Valid(q: "serum").Fingerprint(),
            Valid(category: "skin-care").Fingerprint(),
            Valid(minPrice: "0").Fingerprint(),
            Valid(maxPrice: "0").Fingerprint(),
            Valid(sort: "newest").Fingerprint(),
        };

        fingerprints.Should().OnlyHaveUniqueItems();
    }

    [Theory]
    [InlineData("a")]
    [InlineData("0")]
    [InlineData("a-b")]
    [InlineData("a1-b2-c3")]
    [InlineData("skin-care")]
    public void IsValidId_accepts_slugs(string id) =>
        ProductQuery.IsValidId(id).Should().BeTrue();

    [Fact]
    public void IsValidId_accepts_64_characters_and_rejects_65()
    {
        ProductQuery.IsValidId(new string('a', 64)).Should().BeTrue();
        ProductQuery.IsValidId(new string('a', 32) + "-" + new string('b', 31)).Should().BeTrue();
        ProductQuery.IsValidId(new string('a', 65)).Should().BeFalse();
        ProductQuery.IsValidId(new string('a', 32) + "-" + new string('b', 32)).Should().BeFalse();
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("-")]
    [InlineData("-a")]
    [InlineData("a-")]
    [InlineData("a--b")]
    [InlineData("A")]
    [InlineData("a_b")]
    [InlineData("a b")]
    [InlineData("a.b")]
    [InlineData("../a")]
    [InlineData("é")]
    [InlineData(" a")]
    [InlineData("a ")]
    [InlineData("\na")]
    public void IsValidId_rejects_everything_else(string? id) =>
        ProductQuery.IsValidId(id).Should().BeFalse();

    [Theory]
    [InlineData("a\n")]
    [InlineData("skin-care\n")]
    public void IsValidId_rejects_a_trailing_newline(string id) =>
        // "^...$" lets "$" match before a final "\n"; the id contains a character outside [a-z0-9-].
        ProductQuery.IsValidId(id).Should().BeFalse();
}
