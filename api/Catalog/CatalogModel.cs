namespace BStore.Api.Catalog;

// The catalog as the API and the seeder see it. ProductItem/CategoryItem translate to DynamoDB.

public sealed record Category(
    string Id,
    string Name,
    string Description,
    string ImageKey,
    int SortOrder,
    int ProductCount);

public sealed record Product(
    string Id,
    string Name,
    string Brand,
    string Description,
    string CategoryId,
    decimal Price,
    string Currency,
    int Stock,
    IReadOnlyList<string> Tags,
    IReadOnlyList<string> ImageKeys,
    DateTimeOffset CreatedAt,
    long RatingSum = 0,
    long RatingCount = 0);

public static class Availability
{
    public const string InStock = "in_stock";
    public const string LowStock = "low_stock";
    public const string OutOfStock = "out_of_stock";

    public const int LowStockThreshold = 5;

    public static string Of(int stock) => stock switch
    {
        <= 0 => OutOfStock,
        <= LowStockThreshold => LowStock,
        _ => InStock,
    };
}
