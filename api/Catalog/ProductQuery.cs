using System.Globalization;
using System.Text.RegularExpressions;

namespace BStore.Api.Catalog;

public enum ProductSort { Name, PriceAsc, PriceDesc, Newest, Rating }

/// <summary>A validated <c>GET /api/products</c> query.</summary>
public sealed partial record ProductQuery(
    IReadOnlyList<string> SearchWords,
    string? CategoryId,
    decimal? MinPrice,
    decimal? MaxPrice,
    ProductSort Sort,
    int Limit,
    string? Cursor)
{
    public const int DefaultLimit = 20;
    public const int MaxLimit = 100;
    public const int MaxSearchLength = 100;
    public const int MaxSearchWords = 8;
    public const decimal MaxPriceValue = 1_000_000m;
    public const int MaxCursorLength = 512;

    public static readonly string[] Parameters = ["q", "category", "minPrice", "maxPrice", "sort", "limit", "cursor"];

    private static readonly Dictionary<string, ProductSort> SortNames = new(StringComparer.Ordinal)
    {
        ["name"] = ProductSort.Name,
        ["price_asc"] = ProductSort.PriceAsc,
        ["price_desc"] = ProductSort.PriceDesc,
        ["newest"] = ProductSort.Newest,
        ["rating"] = ProductSort.Rating,
    };

    /// <summary>Parses the raw query values; returns null and fills <paramref name="errors"/> (field → messages) when any is bad.</summary>
    public static ProductQuery? Parse(
        string? q, string? category, string? minPrice, string? maxPrice, string? sort, string? limit, string? cursor,
        Dictionary<string, string[]> errors)
    {
        var words = ParseSearch(q, errors);
        var categoryId = ParseCategory(category, errors);
        var min = ParsePrice("minPrice", minPrice, errors);
        var max = ParsePrice("maxPrice", maxPrice, errors);
        if (min is not null && max is not null && min > max)
        {
            errors["minPrice"] = ["minPrice must not be greater than maxPrice."];
        }
        var sortOrder = ProductSort.Name;
        if (!string.IsNullOrEmpty(sort) && !SortNames.TryGetValue(sort, out sortOrder))
        {
            errors["sort"] = [$"sort must be one of: {string.Join(", ", SortNames.Keys)}."];
        }
        var pageSize = DefaultLimit;
        if (!string.IsNullOrEmpty(limit) &&
            (!int.TryParse(limit, NumberStyles.None, CultureInfo.InvariantCulture, out pageSize) || pageSize is < 1 or > MaxLimit))
        {
            errors["limit"] = [$"limit must be a whole number from 1 to {MaxLimit}."];
        }
        if (cursor is { Length: 0 or > MaxCursorLength })
        {
            errors["cursor"] = ["cursor is not valid. Start again from the first page."];
        }
        return errors.Count > 0
            ? null
            : new ProductQuery(words, categoryId, min, max, sortOrder, pageSize, string.IsNullOrEmpty(cursor) ? null : cursor);
    }

    /// <summary>What a cursor is bound to: everything that decides the result order and content, not the page size.</summary>
    public string Fingerprint() => string.Join('\n',
        string.Join(' ', SearchWords),
        CategoryId ?? "",
        MinPrice?.ToString(CultureInfo.InvariantCulture) ?? "",
        MaxPrice?.ToString(CultureInfo.InvariantCulture) ?? "",
        Sort.ToString());

    public static bool IsValidId(string? id) => id is { Length: > 0 and <= 64 } && SlugPattern().IsMatch(id);

    private static string[] ParseSearch(string? q, Dictionary<string, string[]> errors)
    {
        if (string.IsNullOrWhiteSpace(q))
        {
            return [];
        }
        if (q.Length > MaxSearchLength)
        {
            errors["q"] = [$"q must be at most {MaxSearchLength} characters."];
            return [];
        }
        if (q.Any(char.IsControl))
        {
            errors["q"] = ["q must not contain control characters."];
            return [];
        }
        var words = TextFolding.Words(q);
        if (words.Count == 0)
        {
            errors["q"] = ["q must contain at least one letter or digit."];
        }
        else if (words.Count > MaxSearchWords)
        {
            errors["q"] = [$"q may contain at most {MaxSearchWords} words."];
        }
        return [.. words];
    }

    private static string? ParseCategory(string? category, Dictionary<string, string[]> errors)
    {
        if (string.IsNullOrEmpty(category))
        {
            return null;
        }
        if (!IsValidId(category))
        {
            errors["category"] = ["category must be a category id: lower-case letters, digits and single hyphens, at most 64 characters."];
            return null;
        }
        return category;
    }

    private static decimal? ParsePrice(string name, string? value, Dictionary<string, string[]> errors)
    {
        if (string.IsNullOrEmpty(value))
        {
            return null;
        }
        if (value.Length > 16 ||
            !decimal.TryParse(value, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var price) ||
            price > MaxPriceValue)
        {
            errors[name] = [$"{name} must be a number from 0 to {MaxPriceValue.ToString(CultureInfo.InvariantCulture)}, like 12.50."];
            return null;
        }
        return price;
    }

    [GeneratedRegex(@"\A[a-z0-9]+(-[a-z0-9]+)*\z", RegexOptions.CultureInvariant)]
    private static partial Regex SlugPattern();
}
