using System.Text.Json.Nodes;
using BStore.Api.Seeding;

namespace BStore.Api.UnitTests.Seeding;

/// <summary>Each limit of <see cref="SeedLimits"/>: the value at the limit loads, one beyond it is reported.</summary>
public sealed partial class BrokenSeedCatalogTests
{
    private string SingleCategoryProblem(int index, string field)
    {
        var id = CategoryId(index);
        var problem = _seed.LoadProblems().Should().ContainSingle().Which;
        problem.Should().StartWith($"categories.json: category #{index + 1} ").And.Contain($"'{id}'").And.Contain($"'{field}'");
        return problem;
    }

    private void LoadsWith(Action<JsonArray> editProducts)
    {
        _seed.EditProducts(editProducts);
        var load = () => SeedCatalogLoader.Load(_seed.Directory);
        load.Should().NotThrow();
    }

    /// <summary>Image paths of the copy that exist, none of them product 0's.</summary>
    private JsonArray OtherImages(int count) =>
        [.. _seed.ReadProducts().Skip(1).SelectMany(p => p!["images"]!.AsArray()).Select(i => i!.GetValue<string>()).Distinct().Take(count)
            .Select(i => JsonValue.Create(i))];

    [Fact]
    public void A_stock_at_the_maximum_loads() =>
        LoadsWith(products => products[4]!["stock"] = SeedLimits.MaxStock);

    [Fact]
    public void A_stock_above_the_maximum_is_reported()
    {
        _seed.EditProducts(products => products[4]!["stock"] = SeedLimits.MaxStock + 1);

        SingleProductProblem(4, "stock").Should().Contain($"{SeedLimits.MaxStock}");
    }

    [Fact]
    public void As_many_images_as_the_maximum_load() =>
        LoadsWith(products => products[0]!["images"] = OtherImages(SeedLimits.MaxImages));

    [Fact]
    public void More_images_than_the_maximum_are_reported()
    {
        var images = OtherImages(SeedLimits.MaxImages + 1);
        _seed.EditProducts(products => products[0]!["images"] = images);

        SingleProductProblem(0, "images").Should().Contain($"{SeedLimits.MinImages} to {SeedLimits.MaxImages}");
    }

    [Fact]
    public void A_product_without_images_is_reported()
    {
        _seed.EditProducts(products => products[0]!["images"] = new JsonArray());

        SingleProductProblem(0, "images");
    }

    [Fact]
    public void The_same_image_twice_is_reported()
    {
        _seed.EditProducts(products =>
        {
            var first = products[0]!["images"]![0]!.GetValue<string>();
            products[0]!["images"] = new JsonArray(first, first);
        });

        SingleProductProblem(0, "images").Should().Contain("distinct");
    }

    [Fact]
    public void As_many_tags_as_the_maximum_load() =>
        LoadsWith(products => products[3]!["tags"] = new JsonArray([.. Enumerable.Range(1, SeedLimits.MaxTags).Select(i => JsonValue.Create($"tag-{i}"))]));

    [Fact]
    public void A_product_without_tags_loads() =>
        LoadsWith(products => products[3]!["tags"] = new JsonArray());

    [Theory]
    [InlineData("many")]
    [InlineData("duplicate")]
    [InlineData("not-a-slug")]
    public void Tags_beyond_the_maximum_repeated_or_not_slugs_are_reported(string mistake)
    {
        JsonArray tags = mistake switch
        {
            "many" => [.. Enumerable.Range(1, SeedLimits.MaxTags + 1).Select(i => JsonValue.Create($"tag-{i}"))],
            "duplicate" => ["serum", "serum"],
            _ => ["Vitamin C"],
        };
        _seed.EditProducts(products => products[3]!["tags"] = tags);

        SingleProductProblem(3, "tags");
    }

    [Theory]
    [InlineData("name", SeedLimits.ProductNameMin, SeedLimits.ProductNameMax)]
    [InlineData("brand", SeedLimits.BrandMin, SeedLimits.BrandMax)]
    [InlineData("description", SeedLimits.ProductDescriptionMin, SeedLimits.ProductDescriptionMax)]
    public void A_product_text_at_its_limits_loads(string field, int min, int max)
    {
        LoadsWith(products =>
        {
            products[2]![field] = new string('a', min);
            products[5]![field] = new string('b', max);
        });
    }

    [Theory]
    [InlineData("name", SeedLimits.ProductNameMin - 1)]
    [InlineData("name", SeedLimits.ProductNameMax + 1)]
    [InlineData("brand", SeedLimits.BrandMax + 1)]
    [InlineData("description", SeedLimits.ProductDescriptionMin - 1)]
    [InlineData("description", SeedLimits.ProductDescriptionMax + 1)]
    public void A_product_text_beyond_its_limits_is_reported(string field, int length)
    {
        _seed.EditProducts(products => products[2]![field] = new string('a', length));

        SingleProductProblem(2, field).Should().Contain("characters");
    }

    [Theory]
    [InlineData("name")]
    [InlineData("brand")]
    [InlineData("description")]
    public void A_product_text_that_is_blank_or_holds_a_control_character_is_reported(string field)
    {
        _seed.EditProducts(products => products[2]![field] = "   ");
        SingleProductProblem(2, field);

        _seed.EditProducts(products => products[2]![field] = "Glow\u0007 serum of the night");
        SingleProductProblem(2, field).Should().Contain("control characters");
    }

    [Theory]
    [InlineData("name", SeedLimits.CategoryNameMin - 1)]
    [InlineData("name", SeedLimits.CategoryNameMax + 1)]
    [InlineData("description", SeedLimits.CategoryDescriptionMax + 1)]
    public void A_category_text_beyond_its_limits_is_reported(string field, int length)
    {
        _seed.EditCategories(categories => categories[1]![field] = new string('c', length));

        SingleCategoryProblem(1, field).Should().Contain("characters");
    }

    [Fact]
    public void A_negative_category_sort_order_is_reported()
    {
        _seed.EditCategories(categories => categories[2]!["sortOrder"] = -1);

        SingleCategoryProblem(2, "sortOrder");
    }

    [Theory]
    [InlineData("Skin Care")]
    [InlineData("skin--care")]
    [InlineData("")]
    public void A_product_id_that_is_not_a_slug_is_reported(string id)
    {
        _seed.EditProducts(products => products[9]!["id"] = id);

        _seed.LoadProblems().Should().ContainSingle().Which.Should().Contain("product #10").And.Contain("'id'");
    }

    [Fact]
    public void A_product_id_of_65_characters_is_reported()
    {
        _seed.EditProducts(products => products[9]!["id"] = new string('a', 65));

        _seed.LoadProblems().Should().ContainSingle().Which.Should().Contain("product #10").And.Contain("1 to 64 characters");
    }
}
