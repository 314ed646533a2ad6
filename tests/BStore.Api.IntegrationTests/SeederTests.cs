using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Amazon.DynamoDBv2.Model;
using BStore.Api.IntegrationTests.Infrastructure;

namespace BStore.Api.IntegrationTests;

/// <summary>The seed command, run as the real binary against the emulator, on tables of its own.</summary>
[Collection(BStoreCollection.Name)]
[Trait("Build", "Aot")]
public sealed partial class SeederTests(BStoreFixture fixture) : IDisposable
{
    private readonly string _prefix = $"seedtest-{Guid.NewGuid():N}"[..20];
    private readonly string _seedCopy = CopySeedData();

    private Dictionary<string, string?> OwnResources => new()
    {
        ["BStore__Tables__Category"] = $"{_prefix}-Category",
        ["BStore__Tables__Products"] = $"{_prefix}-Products",
        ["BStore__Tables__UserActivity"] = $"{_prefix}-UserActivity",
        ["BStore__Images__Bucket"] = $"{_prefix}-images",
    };

    [Fact]
    public async Task Seeding_again_without_changes_writes_nothing()
    {
        var first = await fixture.RunSeedAsync(_seedCopy, createResources: true, OwnResources);
        var stampAfterFirst = await StampAsync();
        var second = await fixture.RunSeedAsync(_seedCopy, environment: OwnResources);

        first.ExitCode.Should().Be(0, first.Output);
        Report(first.Output).Should().Equal(fixture.Seed.Categories.Count, 0, fixture.Seed.Products.Count, 0, 0, ImageCount(), 0);
        second.ExitCode.Should().Be(0, second.Output);
        Report(second.Output).Should().Equal(0, fixture.Seed.Categories.Count, 0, 0, fixture.Seed.Products.Count, 0, ImageCount());
        var promotions = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(_seedCopy, "promotions.json"))).RootElement.GetProperty("promotions").GetArrayLength();
        first.Output.Should().Contain($"promotions: {promotions} written, 0 unchanged");
        second.Output.Should().Contain($"promotions: 0 written, {promotions} unchanged");
        stampAfterFirst.Should().NotBeNull("the first seed stamps the catalog it wrote");
        (await StampAsync()).Should().Be(stampAfterFirst, "a seed that changed nothing leaves the stamp, so no API reads the catalog again");
    }

    [Fact]
    public async Task A_changed_product_is_updated_and_keeps_the_stock_orders_left_it_with()
    {
        (await fixture.RunSeedAsync(_seedCopy, createResources: true, OwnResources)).ExitCode.Should().Be(0);
        var stampBefore = await StampAsync();
        var changed = fixture.Seed.Products[5];
        await SetStockAsync(changed.Id, 3);
        EditProducts(products =>
        {
            var product = products.Single(p => p!["id"]!.GetValue<string>() == changed.Id)!;
            product["name"] = "Renamed " + changed.Name;
            product["price"] = 12.34m;
            var added = product.DeepClone();
            added["id"] = "brand-new-product";
            added["name"] = "Brand New Product";
            added["stock"] = 17;
            products.Add(added);
        });

        var run = await fixture.RunSeedAsync(_seedCopy, environment: OwnResources);

        run.ExitCode.Should().Be(0, run.Output);
        // The new product changes its category's product count: that category is rewritten too.
        Report(run.Output).Should().Equal(1, fixture.Seed.Categories.Count - 1, 1, 1, fixture.Seed.Products.Count - 1, 0, ImageCount());
        var updated = await GetProductAsync(changed.Id);
        updated["name"].S.Should().Be("Renamed " + changed.Name);
        decimal.Parse(updated["price"].N, System.Globalization.CultureInfo.InvariantCulture).Should().Be(12.34m);
        updated["stock"].N.Should().Be("3");
        (await GetProductAsync("brand-new-product"))["stock"].N.Should().Be("17");
        (await StampAsync()).Should().NotBeNull().And.NotBe(stampBefore, "a seed that changed the catalog stamps it anew, for the APIs' snapshots");
    }

    [Fact]
    public async Task A_malformed_seed_file_is_rejected_naming_file_record_and_field_and_writes_nothing()
    {
        (await fixture.RunSeedAsync(_seedCopy, createResources: true, OwnResources)).ExitCode.Should().Be(0);
        var valid = fixture.Seed.Products[0];
        var broken = fixture.Seed.Products[2];
        EditProducts(products =>
        {
            products.Single(p => p!["id"]!.GetValue<string>() == valid.Id)!["name"] = "A valid change in a broken file";
            products.Single(p => p!["id"]!.GetValue<string>() == broken.Id)!["price"] = -4;
        });

        var run = await fixture.RunSeedAsync(_seedCopy, environment: OwnResources);

        run.ExitCode.Should().Be(1);
        run.Output.Should().Contain("products.json").And.Contain($"#3 (id '{broken.Id}')").And.Contain("'price'");
        (await GetProductAsync(valid.Id))["name"].S.Should().Be(valid.Name);
        decimal.Parse((await GetProductAsync(broken.Id))["price"].N, System.Globalization.CultureInfo.InvariantCulture).Should().Be(broken.Price);
    }

    public void Dispose() => Directory.Delete(_seedCopy, recursive: true);

    private async Task<string?> StampAsync()
    {
        var item = (await fixture.DynamoDb.GetItemAsync(new GetItemRequest
        {
            TableName = $"{_prefix}-Products", Key = BStore.Api.Catalog.CatalogVersionItem.Key, ConsistentRead = true,
        })).Item;
        return item is { Count: > 0 } ? item[BStore.Api.Catalog.CatalogVersionItem.Version].S : null;
    }

    private async Task SetStockAsync(string id, int stock) =>
        await fixture.DynamoDb.UpdateItemAsync(new UpdateItemRequest
        {
            TableName = $"{_prefix}-Products",
            Key = new() { ["id"] = new() { S = id } },
            UpdateExpression = "SET stock = :s",
            ExpressionAttributeValues = new() { [":s"] = new() { N = stock.ToString(System.Globalization.CultureInfo.InvariantCulture) } },
        });

    private async Task<Dictionary<string, AttributeValue>> GetProductAsync(string id) =>
        (await fixture.DynamoDb.GetItemAsync(new GetItemRequest
        {
            TableName = $"{_prefix}-Products",
            Key = new() { ["id"] = new() { S = id } },
            ConsistentRead = true,
        })).Item;

    private void EditProducts(Action<JsonArray> edit)
    {
        var path = Path.Combine(_seedCopy, "products.json");
        var document = JsonNode.Parse(File.ReadAllText(path))!;
        edit(document["products"]!.AsArray());
        File.WriteAllText(path, document.ToJsonString());
    }

    private int ImageCount() =>
        fixture.Seed.Categories.Select(c => c.Image).Concat(fixture.Seed.Products.SelectMany(p => p.Images)).Distinct().Count();

    /// <summary>The seven counts of the seed report line, in the order it prints them.</summary>
    private static int[] Report(string output)
    {
        var match = ReportPattern().Match(output);
        match.Success.Should().BeTrue(output);
        return [.. match.Groups.Cast<Group>().Skip(1).Select(g => int.Parse(g.Value, System.Globalization.CultureInfo.InvariantCulture))];
    }

    private static string CopySeedData()
    {
        var target = Directory.CreateTempSubdirectory("bstore-seed-").FullName;
        foreach (var file in Directory.EnumerateFiles(Repository.SeedData, "*", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(Repository.SeedData, file);
            if (relative.StartsWith("tools", StringComparison.Ordinal) || relative.StartsWith("schema", StringComparison.Ordinal))
            {
                continue;
            }
            Directory.CreateDirectory(Path.GetDirectoryName(Path.Combine(target, relative))!);
            File.Copy(file, Path.Combine(target, relative));
        }
        return target;
    }

    [GeneratedRegex(@"categories: (\d+) written, (\d+) unchanged; products: (\d+) created, (\d+) updated, (\d+) unchanged; images: (\d+) uploaded, (\d+) unchanged")]
    private static partial Regex ReportPattern();
}
