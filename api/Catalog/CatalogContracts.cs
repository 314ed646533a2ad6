namespace BStore.Api.Catalog;

// What the catalog endpoints answer. Prices are decimals in the product's currency.

public sealed record CategoryResponse(string Id, string Name, string Description, string ImageUrl, int ProductCount);

public sealed record CategoryListResponse(IReadOnlyList<CategoryResponse> Items);

public sealed record ProductSummaryResponse(
    string Id,
    string Name,
    string Brand,
    string CategoryId,
    decimal Price,
    string Currency,
    string? ImageUrl,
    string Availability,
    int AvailableQuantity,
    ProductRating Rating);

public sealed record ProductPageResponse(IReadOnlyList<ProductSummaryResponse> Items, string? NextCursor);

public sealed record ProductDetailResponse(
    string Id,
    string Name,
    string Brand,
    string Description,
    string CategoryId,
    decimal Price,
    string Currency,
    IReadOnlyList<string> Tags,
    IReadOnlyList<string> ImageUrls,
    string Availability,
    int AvailableQuantity,
    DateTimeOffset CreatedAt,
    ProductRating Rating);
