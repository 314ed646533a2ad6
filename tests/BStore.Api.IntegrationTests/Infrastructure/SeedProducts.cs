namespace BStore.Api.IntegrationTests.Infrastructure;

/// <summary>Picks seed products by stock, in a stable order (by id).</summary>
public static class SeedProducts
{
    /// <summary>Products with at least <paramref name="atLeast"/> in stock, ordered by id.</summary>
    public static IReadOnlyList<SeedProduct> InStock(this SeedData seed, int atLeast = 1) =>
        [.. seed.Products.Where(p => p.Stock >= atLeast).OrderBy(p => p.Id, StringComparer.Ordinal)];

    /// <summary>The first product (by id) with exactly <paramref name="stock"/> in stock.</summary>
    public static SeedProduct WithStock(this SeedData seed, int stock) =>
        seed.Products.Where(p => p.Stock == stock).OrderBy(p => p.Id, StringComparer.Ordinal).First();

    public static IReadOnlyList<SeedProduct> SoldOut(this SeedData seed) =>
        [.. seed.Products.Where(p => p.Stock <= 0).OrderBy(p => p.Id, StringComparer.Ordinal)];
}
