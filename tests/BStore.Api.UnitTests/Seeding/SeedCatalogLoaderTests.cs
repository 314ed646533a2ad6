using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using BStore.Api.Seeding;
using BStore.Api.UnitTests.Infrastructure;

namespace BStore.Api.UnitTests.Seeding;

public class RealSeedCatalogTests
{
    private static readonly Lazy<SeedCatalog> Catalog = new(() => SeedCatalogLoader.Load(Repository.SeedData));

    private static JsonElement[] ProductsInJson()
    {
        using var document = JsonDocument.Parse(File.ReadAllText(Path.Combine(Repository.SeedData, "products.json")));
        return [.. document.RootElement.GetProperty("products").EnumerateArray().Select(e => e.Clone())];
    }

    private static JsonElement[] CategoriesInJson()
    {
        using var document = JsonDocument.Parse(File.ReadAllText(Path.Combine(Repository.SeedData, "categories.json")));
        return [.. document.RootElement.GetProperty("categories").EnumerateArray().Select(e => e.Clone())];
    }

    [Fact]
    public void The_real_seed_data_has_at_least_8_categories_and_60_products()
    {
        Catalog.Value.Categories.Should().HaveCountGreaterThanOrEqualTo(8);
        Catalog.Value.Products.Should().HaveCountGreaterThanOrEqualTo(60);
        Catalog.Value.Directory.Should().Be(Repository.SeedData);
    }

    [Fact]
    public void Every_record_of_the_json_files_is_loaded_in_order()
    {
        Catalog.Value.Products.Select(p => p.Id).Should().Equal(ProductsInJson().Select(p => p.GetProperty("id").GetString()));
        Catalog.Value.Categories.Select(c => c.Id).Should().BeEquivalentTo(CategoriesInJson().Select(c => c.GetProperty("id").GetString()));
        Catalog.Value.Categories.Select(c => c.SortOrder).Should().BeInAscendingOrder();
    }

    [Fact]
    public void Every_category_counts_its_products()
    {
        var counts = ProductsInJson()
            .GroupBy(p => p.GetProperty("categoryId").GetString()!)
            .ToDictionary(g => g.Key, g => g.Count());
        counts.Values.Sum().Should().BeGreaterThanOrEqualTo(60);

        Catalog.Value.Categories.Should().AllSatisfy(c =>
            c.ProductCount.Should().Be(counts.GetValueOrDefault(c.Id), $"products.json has that many products in '{c.Id}'"));
        Catalog.Value.Categories.Sum(c => c.ProductCount).Should().Be(counts.Values.Sum());
    }

    [Fact]
    public void Products_carry_the_values_of_the_json_file()
    {
        var json = ProductsInJson();
        var products = Catalog.Value.Products;

        for (var i = 0; i < json.Length; i++)
        {
            var expected = json[i];
            var actual = products[i];
            actual.Name.Should().Be(expected.GetProperty("name").GetString());
            actual.Brand.Should().Be(expected.GetProperty("brand").GetString());
            actual.CategoryId.Should().Be(expected.GetProperty("categoryId").GetString());
            actual.Price.Should().Be(expected.GetProperty("price").GetDecimal());
            actual.Currency.Should().Be(expected.GetProperty("currency").GetString());
            actual.Stock.Should().Be(expected.GetProperty("stock").GetInt32());
            actual.Tags.Should().Equal(expected.GetProperty("tags").EnumerateArray().Select(t => t.GetString()));
            actual.ImageKeys.Should().Equal(expected.GetProperty("images").EnumerateArray().Select(t => t.GetString()));
            actual.CreatedAt.Should().Be(DateTimeOffset.Parse(expected.GetProperty("createdAt").GetString()!, System.Globalization.CultureInfo.InvariantCulture));
        }
    }

    [Fact]
    public void Every_image_key_is_a_file()
    {
        var keys = Catalog.Value.ImageKeys.ToList();

        keys.Should().HaveCountGreaterThanOrEqualTo(Catalog.Value.Products.Count + Catalog.Value.Categories.Count);
        keys.Should().OnlyHaveUniqueItems();
        keys.Should().AllSatisfy(key => File.Exists(Path.Combine(Repository.SeedData, key)).Should().BeTrue($"'{key}' is an image"));
        Catalog.Value.Categories.Should().AllSatisfy(c => keys.Should().Contain(c.ImageKey));
        Catalog.Value.Products.SelectMany(p => p.ImageKeys).Should().AllSatisfy(k => keys.Should().Contain(k));
    }
}

public sealed partial class BrokenSeedCatalogTests : IDisposable
{
    private readonly SeedDataCopy _seed = new();

    public void Dispose() => _seed.Dispose();

    private string ProductId(int index) => _seed.ReadProducts()[index]!["id"]!.GetValue<string>();

    private string CategoryId(int index) => _seed.ReadCategories()[index]!["id"]!.GetValue<string>();

    /// <summary>The one problem reported; it names products.json, the record's 1-based number and id, and the field.</summary>
    private string SingleProductProblem(int index, string field)
    {
        var id = ProductId(index);
        var problems = _seed.LoadProblems();
        var problem = problems.Should().ContainSingle().Which;
        problem.Should().StartWith("products.json: ")
            .And.Contain($"product #{index + 1} ")
            .And.Contain($"'{id}'")
            .And.Contain($"'{field}'");
        return problem;
    }

    [Fact]
    public void The_untouched_copy_loads()
    {
        var catalog = SeedCatalogLoader.Load(_seed.Directory);

        catalog.Products.Should().HaveCountGreaterThanOrEqualTo(60);
    }

    [Fact]
    public void A_product_without_price_is_reported()
    {
        _seed.EditProducts(products => products[2]!.AsObject().Remove("price").Should().BeTrue());

        SingleProductProblem(2, "price").Should().Contain("#3");
    }

    [Theory]
    [InlineData("12.345")]
    [InlineData("0")]
    [InlineData("-5")]
    [InlineData("1000000.01")]
    public void A_price_that_is_not_a_positive_amount_of_cents_is_reported(string price)
    {
        _seed.EditProducts(products => products[0]!["price"] = JsonNode.Parse(price));

        SingleProductProblem(0, "price");
    }

    [Fact]
    public void A_price_written_with_trailing_zeros_is_fine()
    {
        _seed.EditProducts(products => products[0]!["price"] = JsonNode.Parse("12.500"));

        SeedCatalogLoader.Load(_seed.Directory).Products[0].Price.Should().Be(12.5m);
    }

    [Fact]
    public void A_negative_stock_is_reported()
    {
        _seed.EditProducts(products => products[4]!["stock"] = -1);

        SingleProductProblem(4, "stock");
    }

    [Fact]
    public void An_unknown_category_is_reported()
    {
        _seed.EditProducts(products => products[6]!["categoryId"] = "no-such-category");

        SingleProductProblem(6, "categoryId").Should().Contain("no-such-category").And.Contain("categories.json");
    }

    [Fact]
    public void A_duplicate_product_id_is_reported_on_the_later_product()
    {
        var id = ProductId(4);
        _seed.EditProducts(products => products[9]!["id"] = id);

        var problem = _seed.LoadProblems().Should().ContainSingle().Which;

        problem.Should().StartWith("products.json: product #10 ").And.Contain($"'{id}'").And.Contain("'id'");
    }

    [Fact]
    public void An_image_that_does_not_exist_is_reported()
    {
        _seed.EditProducts(products => products[3]!["images"]![0] = "images/products/no-such-image.svg");

        SingleProductProblem(3, "images[0]").Should().Contain("images/products/no-such-image.svg");
    }

    [Fact]
    public void An_image_path_with_dot_dot_is_reported_even_when_it_leads_to_a_file()
    {
        var existing = _seed.ReadProducts()[3]!["images"]![0]!.GetValue<string>();
        var sneaky = "images/products/../../" + existing;
        File.Exists(Path.Combine(_seed.Directory, sneaky)).Should().BeTrue();
        _seed.EditProducts(products => products[3]!["images"]![0] = sneaky);

        SingleProductProblem(3, "images[0]").Should().Contain("images/");
    }

    [Theory]
    [InlineData("products/x.svg")]
    [InlineData("/etc/passwd")]
    [InlineData("images\\products\\x.svg")]
    [InlineData("images/products/x.gif")]
    public void An_image_outside_images_or_of_another_type_is_reported(string image)
    {
        _seed.EditProducts(products => products[3]!["images"]![0] = image);

        SingleProductProblem(3, "images[0]");
    }

    [Fact]
    public void An_unknown_property_is_reported_with_its_path()
    {
        _seed.EditProducts(products => products[3]!["colour"] = "red");

        var problem = _seed.LoadProblems().Should().ContainSingle().Which;

        problem.Should().StartWith("products.json: ").And.Contain("$.products[3].colour").And.MatchRegex(@"line [1-9]\d*");
    }

    [Fact]
    public void A_json_syntax_error_is_reported_with_its_line()
    {
        var lines = File.ReadAllLines(_seed.ProductsPath);
        lines.Length.Should().BeGreaterThan(100);
        File.WriteAllLines(_seed.ProductsPath, lines[..40]);

        var problem = _seed.LoadProblems().Should().ContainSingle().Which;

        problem.Should().StartWith("products.json: ");
        var line = int.Parse(LineNumber().Match(problem).Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
        line.Should().BeInRange(40, 41, "the file now ends after line 40");
    }

    [Fact]
    public void A_trailing_comma_is_reported_at_its_line()
    {
        var lines = File.ReadAllLines(_seed.ProductsPath);
        var tagLine = Array.FindIndex(lines, l => l.Trim() == "\"serum\",");
        tagLine.Should().BeGreaterThan(0);
        // Make the last tag of the first product end with a comma: "...", ]
        var lastTag = Array.FindIndex(lines, tagLine, l => l.Trim().StartsWith(']'.ToString(), StringComparison.Ordinal)) - 1;
        lines[lastTag] += ",";
        File.WriteAllLines(_seed.ProductsPath, lines);

        var problem = _seed.LoadProblems().Should().ContainSingle().Which;

        problem.Should().StartWith("products.json: ");
        var line = int.Parse(LineNumber().Match(problem).Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
        line.Should().BeInRange(lastTag + 1, lastTag + 2, "the comma is on line {0} and the ] on the next", lastTag + 1);
    }

    [Fact]
    public void A_missing_categories_file_is_reported()
    {
        File.Delete(_seed.CategoriesPath);

        _seed.LoadProblems().Should().ContainSingle()
            .Which.Should().StartWith("categories.json: ").And.Contain("not found");
    }

    [Fact]
    public void A_missing_products_file_is_reported()
    {
        File.Delete(_seed.ProductsPath);

        _seed.LoadProblems().Should().ContainSingle()
            .Which.Should().StartWith("products.json: ").And.Contain("not found");
    }

    [Fact]
    public void A_duplicate_category_sort_order_is_reported()
    {
        var id = CategoryId(3);
        _seed.EditCategories(categories => categories[3]!["sortOrder"] = categories[1]!["sortOrder"]!.GetValue<int>());

        var problems = _seed.LoadProblems();

        problems.Should().ContainSingle("one mistake is one problem, not one more per product of that category")
            .Which.Should().StartWith("categories.json: category #4 ").And.Contain($"'{id}'").And.Contain("'sortOrder'");
    }

    [Fact]
    public void The_first_product_in_another_currency_is_the_only_one_reported()
    {
        _seed.EditProducts(products => products[0]!["currency"] = "EUR");

        _seed.LoadProblems().Should().ContainSingle().Which.Should().Contain($"product #1 (id '{ProductId(0)}')").And.Contain("must be USD");
    }

    [Fact]
    public void A_number_written_as_a_string_is_reported()
    {
        _seed.EditProducts(products => products[4]!["price"] = "34.90");

        _seed.LoadProblems().Should().ContainSingle().Which.Should().StartWith("products.json").And.Contain("$.products[4].price");
    }

    [Theory]
    [InlineData("2025-01-06T09:00:00")]
    [InlineData("2025-01-06")]
    [InlineData("yesterday")]
    public void A_creation_time_without_a_time_zone_is_reported(string createdAt)
    {
        _seed.EditProducts(products => products[7]!["createdAt"] = createdAt);

        SingleProductProblem(7, "createdAt").Should().Contain("time zone");
    }

    [Fact]
    public void A_creation_time_with_an_offset_is_fine()
    {
        _seed.EditProducts(products => products[7]!["createdAt"] = "2025-01-06T09:00:00+02:00");

        var catalog = SeedCatalogLoader.Load(_seed.Directory);

        catalog.Products[7].CreatedAt.Should().Be(new DateTimeOffset(2025, 1, 6, 7, 0, 0, TimeSpan.Zero));
    }

    [Fact]
    public void A_product_in_another_currency_is_reported()
    {
        _seed.EditProducts(products => products[10]!["currency"] = "EUR");

        SingleProductProblem(10, "currency").Should().Contain("USD");
    }

    [Theory]
    [InlineData("usd")]
    [InlineData("US")]
    [InlineData("USDX")]
    public void A_currency_that_is_not_an_iso_code_is_reported(string currency)
    {
        _seed.EditProducts(products => products[10]!["currency"] = currency);

        SingleProductProblem(10, "currency");
    }

    [Fact]
    public void Every_problem_of_a_file_is_reported()
    {
        var first = ProductId(1);
        var second = ProductId(7);
        _seed.EditProducts(products =>
        {
            products[1]!.AsObject().Remove("price");
            products[7]!["stock"] = -5;
        });

        var problems = _seed.LoadProblems();

        problems.Should().HaveCount(2);
        problems[0].Should().Contain("product #2 ").And.Contain($"'{first}'").And.Contain("'price'");
        problems[1].Should().Contain("product #8 ").And.Contain($"'{second}'").And.Contain("'stock'");
    }

    [Fact]
    public void Every_problem_of_a_record_and_of_both_files_is_reported()
    {
        _seed.EditCategories(categories => categories[0]!["name"] = "");
        _seed.EditProducts(products =>
        {
            products[5]!["stock"] = -1;
            products[5]!["tags"] = new JsonArray("Not A Tag");
        });

        var problems = _seed.LoadProblems();

        problems.Should().Contain(p => p.StartsWith("categories.json: category #1 ", StringComparison.Ordinal) && p.Contains("'name'", StringComparison.Ordinal));
        problems.Should().Contain(p => p.StartsWith("products.json: product #6 ", StringComparison.Ordinal) && p.Contains("'stock'", StringComparison.Ordinal));
        problems.Should().Contain(p => p.StartsWith("products.json: product #6 ", StringComparison.Ordinal) && p.Contains("'tags'", StringComparison.Ordinal));
    }

    [Fact]
    public void The_exception_message_lists_every_problem()
    {
        _seed.EditProducts(products =>
        {
            products[1]!.AsObject().Remove("price");
            products[7]!["stock"] = -5;
        });

        var load = () => SeedCatalogLoader.Load(_seed.Directory);

        var exception = load.Should().Throw<SeedValidationException>().Which;
        exception.Problems.Should().HaveCount(2);
        exception.Message.Should().Contain(exception.Problems[0]).And.Contain(exception.Problems[1]);
    }

    [GeneratedRegex(@"line (\d+)")]
    private static partial Regex LineNumber();
}
