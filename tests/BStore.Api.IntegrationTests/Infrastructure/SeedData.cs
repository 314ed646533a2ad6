using System.Globalization;
using System.Text;
using System.Text.Json;

namespace BStore.Api.IntegrationTests.Infrastructure;

public sealed record SeedProduct(
    string Id, string Name, string Brand, string CategoryId, decimal Price, int Stock, string[] Tags, string[] Images, DateTimeOffset CreatedAt);

public sealed record SeedCategory(string Id, string Name, string Image);

/// <summary>
/// The seed files read straight from disk, and a reference implementation of search built on ICU
/// normalization — deliberately not the API's own code — that tests compute expected answers with.
/// </summary>
public sealed class SeedData
{
    public required IReadOnlyList<SeedCategory> Categories { get; init; }
    public required IReadOnlyList<SeedProduct> Products { get; init; }

    public static SeedData Load(string directory)
    {
        using var categories = JsonDocument.Parse(File.ReadAllText(Path.Combine(directory, "categories.json")));
        using var products = JsonDocument.Parse(File.ReadAllText(Path.Combine(directory, "products.json")));
        return new SeedData
        {
            Categories = [.. categories.RootElement.GetProperty("categories").EnumerateArray().Select(c => new SeedCategory(
                c.GetProperty("id").GetString()!, c.GetProperty("name").GetString()!, c.GetProperty("image").GetString()!))],
            Products = [.. products.RootElement.GetProperty("products").EnumerateArray().Select(p => new SeedProduct(
                p.GetProperty("id").GetString()!,
                p.GetProperty("name").GetString()!,
                p.GetProperty("brand").GetString()!,
                p.GetProperty("categoryId").GetString()!,
                p.GetProperty("price").GetDecimal(),
                p.GetProperty("stock").GetInt32(),
                [.. p.GetProperty("tags").EnumerateArray().Select(t => t.GetString()!)],
                [.. p.GetProperty("images").EnumerateArray().Select(t => t.GetString()!)],
                p.GetProperty("createdAt").GetDateTimeOffset()))],
        };
    }

    public SeedProduct Product(string id) => Products.Single(p => p.Id == id);

    /// <summary>Products whose name, brand, category name or tags have, for every search word, a word starting with it.</summary>
    public IEnumerable<SeedProduct> Search(string q)
    {
        var searchWords = Words(q);
        return Products.Where(p =>
        {
            var category = Categories.Single(c => c.Id == p.CategoryId).Name;
            var words = Words(string.Join(' ', [p.Name, p.Brand, category, .. p.Tags]));
            return searchWords.All(s => words.Any(w => w.StartsWith(s, StringComparison.Ordinal)));
        });
    }

    public static string[] Words(string text)
    {
        var decomposed = text.Replace("ß", "ss", StringComparison.Ordinal).Normalize(NormalizationForm.FormD);
        var builder = new StringBuilder();
        foreach (var c in decomposed)
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.NonSpacingMark)
            {
                continue;
            }
            builder.Append(char.IsLetterOrDigit(c) ? char.ToLowerInvariant(c) : ' ');
        }
        return builder.ToString().Split(' ', StringSplitOptions.RemoveEmptyEntries);
    }
}
