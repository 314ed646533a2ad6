using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using BStore.Api.Catalog;
using BStore.Api.Promotions;

namespace BStore.Api.Seeding;

/// <summary>The validated contents of seed-data/: categories, products and the image files they use.</summary>
public sealed record SeedCatalog(string Directory, IReadOnlyList<Category> Categories, IReadOnlyList<Product> Products, IReadOnlyList<Promotion> Promotions)
{
    public IEnumerable<string> ImageKeys =>
        Categories.Select(c => c.ImageKey).Concat(Products.SelectMany(p => p.ImageKeys)).Distinct(StringComparer.Ordinal);
}

public sealed class SeedValidationException(IReadOnlyList<string> problems)
    : Exception($"The seed catalog is invalid:{Environment.NewLine}  {string.Join(Environment.NewLine + "  ", problems)}")
{
    public IReadOnlyList<string> Problems { get; } = problems;
}

/// <summary>Reads seed-data/ and rejects anything malformed with a message naming the file, the record and the field.</summary>
public static class SeedCatalogLoader
{
    public const string CategoriesFile = SeedDataFiles.Categories;
    public const string ProductsFile = SeedDataFiles.Products;
    public const string PromotionsFile = SeedDataFiles.Promotions;
    private static readonly string[] ImageExtensions = [".svg", ".png", ".webp"];

    public static SeedCatalog Load(string directory)
    {
        var problems = new List<string>();
        var categoryFile = Read(directory, CategoriesFile, SeedJsonContext.Default.SeedCategoryFile, problems);
        var productFile = Read(directory, ProductsFile, SeedJsonContext.Default.SeedProductFile, problems);
        var promotionFile = Read(directory, PromotionsFile, SeedJsonContext.Default.SeedPromotionFile, problems);
        if (categoryFile is null || productFile is null || promotionFile is null)
        {
            throw new SeedValidationException(problems);
        }

        var declaredCategoryIds = new HashSet<string>(StringComparer.Ordinal);
        var categories = ValidateCategories(directory, categoryFile, declaredCategoryIds, problems);
        var products = ValidateProducts(directory, productFile, declaredCategoryIds, problems);
        var promotions = ValidatePromotions(promotionFile, problems);
        if (problems.Count > 0)
        {
            throw new SeedValidationException(problems);
        }
        var counts = products.CountBy(p => p.CategoryId).ToDictionary();
        return new SeedCatalog(
            directory,
            [.. categories.Values.Select(c => c with { ProductCount = counts.GetValueOrDefault(c.Id) }).OrderBy(c => c.SortOrder)],
            products,
            promotions);
    }

    private static List<Promotion> ValidatePromotions(SeedPromotionFile file, List<string> problems)
    {
        var promotions = new List<Promotion>();
        var codes = new HashSet<string>(StringComparer.Ordinal);
        var list = file.Promotions ?? [];
        for (var i = 0; i < list.Count; i++)
        {
            var record = new RecordProblems(PromotionsFile, "promotion", i, list[i]?.Code, problems);
            if (list[i] is not { } p)
            {
                record.Add("(record)", "must be an object, not null");
                continue;
            }
            if (PromotionItems.Normalize(p.Code) is not { } code || code != p.Code)
            {
                record.Add("code", "must be 3 to 20 capital letters and digits");
            }
            else if (!codes.Add(code))
            {
                record.Add("code", "is already used by another promotion");
            }
            record.RequireText("description", p.Description, 3, 120);
            if (p.Kind is not (Promotion.Percent or Promotion.Fixed))
            {
                record.Add("kind", $"must be '{Promotion.Percent}' or '{Promotion.Fixed}'");
            }
            else if (p.Value is not { } value || value <= 0 || decimal.Round(value, 2) != value || (p.Kind == Promotion.Percent && value > 100))
            {
                record.Add("value", "must be a positive amount with at most 2 decimals (a percentage at most 100)");
            }
            var (validFrom, validUntil) = (ParseTimestamp(p.ValidFrom), ParseTimestamp(p.ValidUntil));
            if (validFrom is null || validUntil is null || validUntil <= validFrom)
            {
                record.Add("validUntil", "validFrom and validUntil must be ISO 8601 dates and times with a time zone, validUntil the later");
            }
            if (p.MinSubtotal is not (>= 0))
            {
                record.Add("minSubtotal", "must be an amount of 0 or more");
            }
            if (p.MaxRedemptions is <= 0)
            {
                record.Add("maxRedemptions", "must be 1 or more, or left out for no limit");
            }
            if (p.MaxPerShopper is not (>= 1 and <= 100))
            {
                record.Add("maxPerShopper", "must be a whole number from 1 to 100");
            }
            if (record.IsValid)
            {
                promotions.Add(new Promotion(p.Code!, p.Description!, p.Kind!, p.Value!.Value, validFrom!.Value, validUntil!.Value,
                    p.MinSubtotal!.Value, p.MaxRedemptions, p.MaxPerShopper!.Value));
            }
        }
        return promotions;
    }

    private static T? Read<T>(string directory, string file, JsonTypeInfo<T> typeInfo, List<string> problems) where T : class
    {
        var path = Path.Combine(directory, file);
        if (!File.Exists(path))
        {
            problems.Add($"{file}: file not found in {directory}.");
            return null;
        }
        try
        {
            using var stream = File.OpenRead(path);
            var value = JsonSerializer.Deserialize(stream, typeInfo);
            if (value is null)
            {
                problems.Add($"{file}: the file holds null instead of an object.");
            }
            return value;
        }
        catch (JsonException e)
        {
            problems.Add($"{file}: line {e.LineNumber + 1}, at {e.Path}: {e.Message}");
            return null;
        }
    }

    private static Dictionary<string, Category> ValidateCategories(
        string directory, SeedCategoryFile file, HashSet<string> declaredIds, List<string> problems)
    {
        var categories = new Dictionary<string, Category>(StringComparer.Ordinal);
        if (file.Categories is not { Count: > 0 })
        {
            problems.Add($"{CategoriesFile}: field 'categories' must list at least one category.");
            return categories;
        }
        var sortOrders = new HashSet<int>();
        for (var i = 0; i < file.Categories.Count; i++)
        {
            var record = new RecordProblems(CategoriesFile, "category", i, file.Categories[i]?.Id, problems);
            if (file.Categories[i] is not { } c)
            {
                record.Add("(record)", "must be an object, not null");
                continue;
            }
            record.RequireId(c.Id, id => !declaredIds.Add(id));
            record.RequireText("name", c.Name, SeedLimits.CategoryNameMin, SeedLimits.CategoryNameMax);
            record.RequireText("description", c.Description, SeedLimits.CategoryDescriptionMin, SeedLimits.CategoryDescriptionMax);
            record.RequireImage("image", c.Image, directory);
            if (c.SortOrder is not { } sortOrder || sortOrder < 0)
            {
                record.Add("sortOrder", "must be a whole number of 0 or more");
            }
            else if (!sortOrders.Add(sortOrder))
            {
                record.Add("sortOrder", $"{sortOrder} is already used by another category");
            }
            if (record.IsValid)
            {
                categories[c.Id!] = new Category(c.Id!, c.Name!, c.Description!, c.Image!, c.SortOrder!.Value, ProductCount: 0);
            }
        }
        return categories;
    }

    private static List<Product> ValidateProducts(
        string directory, SeedProductFile file, HashSet<string> categoryIds, List<string> problems)
    {
        var products = new List<Product>();
        if (file.Products is not { Count: > 0 })
        {
            problems.Add($"{ProductsFile}: field 'products' must list at least one product.");
            return products;
        }
        var ids = new HashSet<string>(StringComparer.Ordinal);
        // The store sells in one currency: the one most products use; the others are the mistakes.
        var storeCurrency = file.Products.Select(p => p?.Currency).OfType<string>().CountBy(c => c).MaxBy(c => c.Value).Key;
        for (var i = 0; i < file.Products.Count; i++)
        {
            var record = new RecordProblems(ProductsFile, "product", i, file.Products[i]?.Id, problems);
            if (file.Products[i] is not { } p)
            {
                record.Add("(record)", "must be an object, not null");
                continue;
            }
            record.RequireId(p.Id, id => !ids.Add(id));
            record.RequireText("name", p.Name, SeedLimits.ProductNameMin, SeedLimits.ProductNameMax);
            record.RequireText("brand", p.Brand, SeedLimits.BrandMin, SeedLimits.BrandMax);
            record.RequireText("description", p.Description, SeedLimits.ProductDescriptionMin, SeedLimits.ProductDescriptionMax);
            if (string.IsNullOrEmpty(p.CategoryId))
            {
                record.Add("categoryId", "is required");
            }
            // A category with other problems is reported once, in categories.json, not again for each of its products.
            else if (!categoryIds.Contains(p.CategoryId))
            {
                record.Add("categoryId", $"'{p.CategoryId}' is not a category in {CategoriesFile}");
            }
            if (p.Price is not { } price || price <= 0 || price > SeedLimits.MaxPrice || decimal.Round(price, 2) != price)
            {
                record.Add("price", $"must be a positive amount of at most {SeedLimits.MaxPrice} with at most 2 decimals");
            }
            if (p.Currency is not { Length: 3 } currency || !currency.All(char.IsAsciiLetterUpper))
            {
                record.Add("currency", "must be a three-letter ISO 4217 code such as USD");
            }
            else if (currency != storeCurrency)
            {
                record.Add("currency", $"must be {storeCurrency}, like every other product: the store sells in one currency");
            }
            if (p.Stock is not (>= 0 and <= SeedLimits.MaxStock))
            {
                record.Add("stock", $"must be a whole number from 0 to {SeedLimits.MaxStock}");
            }
            if (p.Tags is null || p.Tags.Count > SeedLimits.MaxTags || p.Tags.Any(t => !ProductQuery.IsValidId(t)) ||
                p.Tags.Distinct().Count() != p.Tags.Count)
            {
                record.Add("tags", $"must be a list of at most {SeedLimits.MaxTags} distinct tags of lower-case letters, digits and hyphens");
            }
            if (p.Images is not { Count: >= SeedLimits.MinImages and <= SeedLimits.MaxImages } || p.Images.Distinct().Count() != p.Images.Count)
            {
                record.Add("images", $"must list {SeedLimits.MinImages} to {SeedLimits.MaxImages} distinct images");
            }
            else
            {
                for (var j = 0; j < p.Images.Count; j++)
                {
                    record.RequireImage($"images[{j}]", p.Images[j], directory);
                }
            }
            var createdAt = ParseTimestamp(p.CreatedAt);
            if (createdAt is null)
            {
                record.Add("createdAt", "must be an ISO 8601 date and time with a time zone, such as 2026-03-14T09:00:00Z");
            }
            if (record.IsValid)
            {
                products.Add(new Product(p.Id!, p.Name!, p.Brand!, p.Description!, p.CategoryId!, p.Price!.Value, p.Currency!,
                    p.Stock!.Value, [.. p.Tags!.Select(t => t!)], [.. p.Images!.Select(img => img!)], createdAt!.Value));
            }
        }
        return products;
    }

    private static DateTimeOffset? ParseTimestamp(string? text) =>
        text is { Length: >= 20 } && (text.EndsWith('Z') || text[^6] is '+' or '-') &&
        DateTimeOffset.TryParse(text, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out var value)
            ? value
            : null;

    /// <summary>Collects the problems of one record, each phrased "file: kind #n (id 'x'): field 'f' message".</summary>
    private sealed class RecordProblems(string file, string kind, int index, string? id, List<string> problems)
    {
        private readonly int _before = problems.Count;

        public bool IsValid => problems.Count == _before;

        public void Add(string field, string message) =>
            problems.Add($"{file}: {kind} #{index + 1}{(string.IsNullOrEmpty(id) ? "" : $" (id '{id}')")}: field '{field}' {message}.");

        public void RequireId(string? value, Func<string, bool> isDuplicate)
        {
            if (!ProductQuery.IsValidId(value))
            {
                Add("id", "must be lower-case letters, digits and single hyphens, 1 to 64 characters");
            }
            else if (isDuplicate(value!))
            {
                Add("id", $"'{value}' is used by an earlier {kind}");
            }
        }

        public void RequireText(string field, string? value, int minLength, int maxLength)
        {
            if (string.IsNullOrWhiteSpace(value) || value.Trim().Length < minLength || value.Length > maxLength)
            {
                Add(field, $"must be text of {minLength} to {maxLength} characters");
            }
            else if (value.Any(char.IsControl))
            {
                Add(field, "must not contain control characters");
            }
        }

        public void RequireImage(string field, string? value, string directory)
        {
            if (string.IsNullOrEmpty(value) || !value.StartsWith(SeedDataFiles.ImagesPrefix, StringComparison.Ordinal) || value.Contains("..", StringComparison.Ordinal) ||
                value.Contains('\\', StringComparison.Ordinal) || !ImageExtensions.Contains(Path.GetExtension(value)))
            {
                Add(field, "must be a path under images/ ending in .svg, .png or .webp");
            }
            else if (!File.Exists(Path.Combine(directory, value)))
            {
                Add(field, $"names '{value}', which does not exist");
            }
        }
    }
}
