using System.Globalization;
using Amazon.DynamoDBv2.Model;
using BStore.Api.Data;

namespace BStore.Api.Catalog;

/// <summary>How a product is stored in the Products table (see docs/data-model.md).</summary>
public static class ProductItem
{
    public const string Id = "id";
    public const string Name = "name";
    public const string Brand = "brand";
    public const string Description = "description";
    public const string CategoryId = "categoryId";
    public const string Price = "price";
    public const string Currency = "currency";
    public const string Stock = "stock";
    public const string Tags = "tags";
    public const string Images = "images";
    public const string CreatedAt = "createdAt";
    public const string Listing = "listing";
    public const string NameKey = "nameKey";
    public const string SearchText = "searchText";
    // Written only by review transactions (ADD), never by the seeder.
    public const string RatingSum = "ratingSum";
    public const string RatingCount = "ratingCount";

    /// <summary>Every attribute except <see cref="Stock"/>, which orders change after the product is created.</summary>
    public static Dictionary<string, AttributeValue> CatalogAttributes(Product product, string categoryName) => new()
    {
        [Id] = new() { S = product.Id },
        [Name] = new() { S = product.Name },
        [Brand] = new() { S = product.Brand },
        [Description] = new() { S = product.Description },
        [CategoryId] = new() { S = product.CategoryId },
        [Price] = new() { N = product.Price.ToString(CultureInfo.InvariantCulture) },
        [Currency] = new() { S = product.Currency },
        [Tags] = StringList(product.Tags),
        [Images] = StringList(product.ImageKeys),
        [CreatedAt] = new() { S = FormatTimestamp(product.CreatedAt) },
        [Listing] = new() { S = ProductIndexes.ListingAll },
        [NameKey] = new() { S = NameKeyOf(product) },
        [SearchText] = new() { S = SearchTextOf(product, categoryName) },
    };

    public static Dictionary<string, AttributeValue> NewItem(Product product, string categoryName)
    {
        var item = CatalogAttributes(product, categoryName);
        item[Stock] = new() { N = product.Stock.ToString(CultureInfo.InvariantCulture) };
        return item;
    }

    public static Product ToProduct(Dictionary<string, AttributeValue> item) => new(
        Id: item[Id].S,
        Name: item[Name].S,
        Brand: item[Brand].S,
        Description: item[Description].S,
        CategoryId: item[CategoryId].S,
        Price: decimal.Parse(item[Price].N, CultureInfo.InvariantCulture),
        Currency: item[Currency].S,
        Stock: int.Parse(item[Stock].N, CultureInfo.InvariantCulture),
        Tags: item.TryGetValue(Tags, out var tags) ? Strings(tags) : [],
        ImageKeys: item.TryGetValue(Images, out var images) ? Strings(images) : [],
        CreatedAt: DateTimeOffset.Parse(item[CreatedAt].S, CultureInfo.InvariantCulture),
        RatingSum: item.TryGetValue(RatingSum, out var sum) ? long.Parse(sum.N, CultureInfo.InvariantCulture) : 0,
        RatingCount: item.TryGetValue(RatingCount, out var count) ? long.Parse(count.N, CultureInfo.InvariantCulture) : 0);

    /// <summary>Sort key of the *ByName indexes: folded name, then id so that equal names keep a stable order.</summary>
    /// <remarks>The separator sorts below a space, so "rose oil" comes before "rose oil deluxe".</remarks>
    public static string NameKeyOf(Product product) => $"{TextFolding.Fold(product.Name)}{NameKeySeparator}{product.Id}";

    public const char NameKeySeparator = '\u001F';

    /// <summary>What <c>q</c> is matched against: the folded words of name, brand, tags and category name.</summary>
    public static string SearchTextOf(Product product, string categoryName)
    {
        var words = TextFolding.Words(string.Join(' ', [product.Name, product.Brand, categoryName, .. product.Tags]));
        // Surrounding spaces let a search match whole words as well as prefixes ("contains ' serum'").
        return $" {string.Join(' ', words)} ";
    }

    public static string FormatTimestamp(DateTimeOffset value) =>
        value.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    private static AttributeValue StringList(IReadOnlyList<string> values) =>
        new() { L = values.Select(v => new AttributeValue { S = v }).ToList() };

    private static string[] Strings(AttributeValue list) => list.L?.Select(v => v.S).ToArray() ?? [];
}

/// <summary>How a category is stored in the Category table.</summary>
public static class CategoryItem
{
    public const string Id = "id";
    public const string Name = "name";
    public const string Description = "description";
    public const string Image = "image";
    public const string SortOrder = "sortOrder";
    public const string ProductCount = "productCount";

    /// <summary>The categories of these items in the order shoppers see them: by sort order, ties by id.</summary>
    public static List<Category> InDisplayOrder(IEnumerable<Dictionary<string, AttributeValue>> items) =>
        [.. items.Select(ToCategory).OrderBy(c => c.SortOrder).ThenBy(c => c.Id, StringComparer.Ordinal)];

    public static Dictionary<string, AttributeValue> ToItem(Category category) => new()
    {
        [Id] = new() { S = category.Id },
        [Name] = new() { S = category.Name },
        [Description] = new() { S = category.Description },
        [Image] = new() { S = category.ImageKey },
        [SortOrder] = new() { N = category.SortOrder.ToString(CultureInfo.InvariantCulture) },
        [ProductCount] = new() { N = category.ProductCount.ToString(CultureInfo.InvariantCulture) },
    };

    public static Category ToCategory(Dictionary<string, AttributeValue> item) => new(
        Id: item[Id].S,
        Name: item[Name].S,
        Description: item[Description].S,
        ImageKey: item[Image].S,
        SortOrder: int.Parse(item[SortOrder].N, CultureInfo.InvariantCulture),
        ProductCount: int.Parse(item[ProductCount].N, CultureInfo.InvariantCulture));
}

/// <summary>
/// The catalog's version stamp, an item of the Products table that no index sees (no listing or category): the seeder
/// writes a new one after every seed that changed something, and the API's catalog snapshot is read again when it changes.
/// </summary>
public static class CatalogVersionItem
{
    public const string Id = "catalog#version";
    public const string Version = "version";

    /// <summary>The stamp of a catalog that has never been seeded with one.</summary>
    public const string None = "none";

    public static Dictionary<string, AttributeValue> Key => new() { [ProductItem.Id] = new() { S = Id } };

    public static Dictionary<string, AttributeValue> NewItem(DateTimeOffset now) => new()
    {
        [ProductItem.Id] = new() { S = Id },
        [Version] = new() { S = $"{ProductItem.FormatTimestamp(now)}-{Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(4))}" },
    };
}
