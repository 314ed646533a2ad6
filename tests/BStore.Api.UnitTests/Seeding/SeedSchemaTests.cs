using System.Globalization;
using System.Text.Json.Nodes;
using BStore.Api.Seeding;

namespace BStore.Api.UnitTests.Seeding;

/// <summary>seed-data/schema/catalog.schema.json states the limits the seeding function enforces (SeedLimits).</summary>
public class SeedSchemaTests
{
    private static readonly JsonNode Definitions =
        JsonNode.Parse(File.ReadAllText(Path.Combine(Repository.SeedData, "schema", "catalog.schema.json")))!["$defs"]!;

    private static JsonNode Property(string record, string name) => Definitions[record]!["properties"]![name]!;

    private static decimal Number(JsonNode node, string keyword) =>
        decimal.Parse(node[keyword]!.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture);

    [Theory]
    [InlineData("category", "name", SeedLimits.CategoryNameMin, SeedLimits.CategoryNameMax)]
    [InlineData("category", "description", SeedLimits.CategoryDescriptionMin, SeedLimits.CategoryDescriptionMax)]
    [InlineData("product", "name", SeedLimits.ProductNameMin, SeedLimits.ProductNameMax)]
    [InlineData("product", "brand", SeedLimits.BrandMin, SeedLimits.BrandMax)]
    [InlineData("product", "description", SeedLimits.ProductDescriptionMin, SeedLimits.ProductDescriptionMax)]
    public void A_text_field_has_the_seeding_functions_length_limits(string record, string field, int min, int max)
    {
        var text = Property(record, field);

        Number(text, "minLength").Should().Be(min);
        Number(text, "maxLength").Should().Be(max);
        text["$ref"]!.GetValue<string>().Should().Be("#/$defs/text", "plain text without control characters");
    }

    [Fact]
    public void Stock_is_a_whole_number_up_to_the_seeding_functions_maximum()
    {
        var stock = Property("product", "stock");

        stock["type"]!.GetValue<string>().Should().Be("integer");
        Number(stock, "minimum").Should().Be(0);
        Number(stock, "maximum").Should().Be(SeedLimits.MaxStock);
    }

    [Fact]
    public void Price_is_a_positive_amount_of_cents_up_to_the_seeding_functions_maximum()
    {
        var price = Property("product", "price");

        Number(price, "exclusiveMinimum").Should().Be(0);
        Number(price, "maximum").Should().Be(SeedLimits.MaxPrice);
        Number(price, "multipleOf").Should().Be(0.01m);
    }

    [Fact]
    public void Images_and_tags_have_the_seeding_functions_counts()
    {
        var images = Property("product", "images");
        var tags = Property("product", "tags");

        Number(images, "minItems").Should().Be(SeedLimits.MinImages);
        Number(images, "maxItems").Should().Be(SeedLimits.MaxImages);
        images["uniqueItems"]!.GetValue<bool>().Should().BeTrue();
        tags["minItems"].Should().BeNull("a product may have no tags");
        Number(tags, "maxItems").Should().Be(SeedLimits.MaxTags);
        tags["uniqueItems"]!.GetValue<bool>().Should().BeTrue();
    }

    [Fact]
    public void An_id_is_a_slug_of_at_most_64_characters_as_the_api_takes_it()
    {
        var slug = Definitions["slug"]!;

        Number(slug, "maxLength").Should().Be(64);
        slug["pattern"]!.GetValue<string>().Should().Be("^[a-z0-9]+(-[a-z0-9]+)*$");
        Property("product", "id")["$ref"]!.GetValue<string>().Should().Be("#/$defs/slug");
        Property("product", "categoryId")["$ref"]!.GetValue<string>().Should().Be("#/$defs/slug");
        Property("category", "id")["$ref"]!.GetValue<string>().Should().Be("#/$defs/slug");
    }

    [Fact]
    public void A_sort_order_is_a_whole_number_of_0_or_more()
    {
        var sortOrder = Property("category", "sortOrder");

        sortOrder["type"]!.GetValue<string>().Should().Be("integer");
        Number(sortOrder, "minimum").Should().Be(0);
        sortOrder["maximum"].Should().BeNull();
    }

    [Fact]
    public void Every_field_is_required_and_no_other_is_allowed()
    {
        foreach (var record in new[] { "category", "product" })
        {
            var definition = Definitions[record]!;
            var required = definition["required"]!.AsArray().Select(n => n!.GetValue<string>());

            required.Should().BeEquivalentTo(definition["properties"]!.AsObject().Select(p => p.Key), record);
            definition["additionalProperties"]!.GetValue<bool>().Should().BeFalse(record);
        }
    }
}
