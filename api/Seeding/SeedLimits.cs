using BStore.Api.Catalog;

namespace BStore.Api.Seeding;

/// <summary>
/// What a catalog record may hold: the rules of the seeding function (<see cref="SeedCatalogLoader"/> enforces them)
/// for any store, not only the starter catalog in seed-data/. seed-data/schema/catalog.schema.json states the same
/// limits for editors, and a unit test compares the two.
/// </summary>
public static class SeedLimits
{
    public const int CategoryNameMin = 2, CategoryNameMax = 60;
    public const int CategoryDescriptionMin = 1, CategoryDescriptionMax = 500;

    public const int ProductNameMin = 3, ProductNameMax = 80;
    public const int BrandMin = 1, BrandMax = 60;
    public const int ProductDescriptionMin = 10, ProductDescriptionMax = 2000;
    public const decimal MaxPrice = ProductQuery.MaxPriceValue;
    public const int MaxStock = 1_000_000;
    public const int MaxTags = 10;
    public const int MinImages = 1, MaxImages = 5;
}
