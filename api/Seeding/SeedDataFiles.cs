namespace BStore.Api.Seeding;

/// <summary>
/// The files of seed-data/ the seeder reads: the one list, shared with the stack (stacks/Constructs/Seeding.cs), whose
/// hash of them decides whether a deploy seeds again.
/// </summary>
public static class SeedDataFiles
{
    public const string Categories = "categories.json";
    public const string Products = "products.json";
    public const string Promotions = "promotions.json";
    public const string ImagesPrefix = "images/";

    public static readonly string[] Json = [Categories, Products, Promotions];

    /// <summary>True for a path (relative to seed-data/, with '/') the seeder loads or uploads.</summary>
    public static bool IsRead(string relativePath) =>
        Json.Contains(relativePath, StringComparer.Ordinal) || relativePath.StartsWith(ImagesPrefix, StringComparison.Ordinal);
}
