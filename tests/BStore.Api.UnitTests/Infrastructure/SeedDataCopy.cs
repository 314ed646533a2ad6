using System.Text.Json;
using System.Text.Json.Nodes;
using BStore.Api.Seeding;

namespace BStore.Api.UnitTests.Infrastructure;

/// <summary>A private copy of the real seed-data/ (JSON files and images) in a fresh temporary directory.</summary>
public sealed class SeedDataCopy : IDisposable
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    public SeedDataCopy()
    {
        Directory = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "bstore-seed-" + Guid.NewGuid().ToString("N"));
        System.IO.Directory.CreateDirectory(Directory);
        var source = Repository.SeedData;
        File.Copy(System.IO.Path.Combine(source, SeedCatalogLoader.CategoriesFile), CategoriesPath);
        File.Copy(System.IO.Path.Combine(source, SeedCatalogLoader.ProductsFile), ProductsPath);
        File.Copy(System.IO.Path.Combine(source, SeedCatalogLoader.PromotionsFile), PromotionsPath);
        CopyDirectory(System.IO.Path.Combine(source, "images"), System.IO.Path.Combine(Directory, "images"));
    }

    public string Directory { get; }

    public string CategoriesPath => System.IO.Path.Combine(Directory, SeedCatalogLoader.CategoriesFile);

    public string ProductsPath => System.IO.Path.Combine(Directory, SeedCatalogLoader.ProductsFile);

    public string PromotionsPath => System.IO.Path.Combine(Directory, SeedCatalogLoader.PromotionsFile);

    /// <summary>Reads products.json, lets <paramref name="mutate"/> edit the "products" array, writes it back indented.</summary>
    public void EditProducts(Action<JsonArray> mutate) => Edit(ProductsPath, "products", mutate);

    public void EditCategories(Action<JsonArray> mutate) => Edit(CategoriesPath, "categories", mutate);

    public JsonArray ReadProducts() => ReadArray(ProductsPath, "products");

    public JsonArray ReadCategories() => ReadArray(CategoriesPath, "categories");

    /// <summary>The problems <see cref="SeedCatalogLoader.Load"/> reports for this directory; fails if it loads.</summary>
    public IReadOnlyList<string> LoadProblems()
    {
        var load = () => SeedCatalogLoader.Load(Directory);
        return load.Should().Throw<SeedValidationException>().Which.Problems;
    }

    public void Dispose()
    {
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
            // Best effort: a leftover temporary directory must not fail a test.
        }
    }

    private static JsonArray ReadArray(string path, string property) =>
        JsonNode.Parse(File.ReadAllText(path))![property]!.AsArray();

    private static void Edit(string path, string property, Action<JsonArray> mutate)
    {
        var root = JsonNode.Parse(File.ReadAllText(path))!;
        mutate(root[property]!.AsArray());
        File.WriteAllText(path, root.ToJsonString(Indented));
    }

    private static void CopyDirectory(string source, string target)
    {
        System.IO.Directory.CreateDirectory(target);
        foreach (var file in System.IO.Directory.EnumerateFiles(source))
        {
            File.Copy(file, System.IO.Path.Combine(target, System.IO.Path.GetFileName(file)));
        }
        foreach (var directory in System.IO.Directory.EnumerateDirectories(source))
        {
            CopyDirectory(directory, System.IO.Path.Combine(target, System.IO.Path.GetFileName(directory)));
        }
    }
}
