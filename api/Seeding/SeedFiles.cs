using System.Text.Json.Serialization;

namespace BStore.Api.Seeding;

// The shape of seed-data/categories.json, products.json (schema: seed-data/schema/) and promotions.json.
// Every field is nullable so that a missing one is reported by name rather than as a parse error.

public sealed record SeedCategoryFile(List<SeedCategory?>? Categories);

public sealed record SeedCategory(string? Id, string? Name, string? Description, string? Image, int? SortOrder);

public sealed record SeedProductFile(List<SeedProduct?>? Products);

public sealed record SeedProduct(
    string? Id,
    string? Name,
    string? Brand,
    string? Description,
    string? CategoryId,
    decimal? Price,
    string? Currency,
    int? Stock,
    List<string?>? Tags,
    List<string?>? Images,
    string? CreatedAt);

public sealed record SeedPromotionFile(List<SeedPromotion?>? Promotions);

public sealed record SeedPromotion(
    string? Code,
    string? Description,
    string? Kind,
    decimal? Value,
    string? ValidFrom,
    string? ValidUntil,
    decimal? MinSubtotal,
    int? MaxRedemptions,
    int? MaxPerShopper);

[JsonSourceGenerationOptions(
    System.Text.Json.JsonSerializerDefaults.Web,
    UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    NumberHandling = JsonNumberHandling.Strict,
    ReadCommentHandling = System.Text.Json.JsonCommentHandling.Disallow,
    AllowTrailingCommas = false)]
[JsonSerializable(typeof(SeedCategoryFile))]
[JsonSerializable(typeof(SeedProductFile))]
[JsonSerializable(typeof(SeedPromotionFile))]
public sealed partial class SeedJsonContext : JsonSerializerContext;
