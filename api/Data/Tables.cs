namespace BStore.Api.Data;

// The one definition of BStore's DynamoDB tables: the CDK app (stacks/) links this file and builds the
// tables from it; the local environment creates them from the synthesized template (ADR 0019).
// It deliberately uses no AWS SDK types. docs/data-model.md explains every key and index.

public enum KeyKind { String, Number }

public sealed record KeyAttribute(string Name, KeyKind Kind);

public sealed record IndexDefinition(string Name, KeyAttribute PartitionKey, KeyAttribute SortKey);

public sealed record TableDefinition(
    string Name,
    KeyAttribute PartitionKey,
    KeyAttribute? SortKey,
    IReadOnlyList<IndexDefinition> GlobalIndexes,
    string? TimeToLiveAttribute = null,
    bool HasStream = false);

public static class Tables
{
    public static readonly TableDefinition Category = new(
        Name: "Category",
        PartitionKey: new("id", KeyKind.String),
        SortKey: null,
        GlobalIndexes: []);

    public static readonly TableDefinition Products = new(
        Name: "Products",
        PartitionKey: new("id", KeyKind.String),
        SortKey: null,
        GlobalIndexes:
        [
            new(ProductIndexes.CategoryByPrice, new("categoryId", KeyKind.String), new("price", KeyKind.Number)),
            new(ProductIndexes.CategoryByName, new("categoryId", KeyKind.String), new("nameKey", KeyKind.String)),
            new(ProductIndexes.CategoryByNewest, new("categoryId", KeyKind.String), new("createdAt", KeyKind.String)),
            new(ProductIndexes.AllByPrice, new("listing", KeyKind.String), new("price", KeyKind.Number)),
            new(ProductIndexes.AllByName, new("listing", KeyKind.String), new("nameKey", KeyKind.String)),
            new(ProductIndexes.AllByNewest, new("listing", KeyKind.String), new("createdAt", KeyKind.String)),
        ]);

    public static readonly TableDefinition UserActivity = new(
        Name: "UserActivity",
        PartitionKey: new(UserActivityKeys.PartitionKey, KeyKind.String),
        SortKey: new(UserActivityKeys.SortKey, KeyKind.String),
        GlobalIndexes:
        [
            new(UserActivityIndexes.ReviewsByProduct, new("reviewProductId", KeyKind.String), new("createdAt", KeyKind.String)),
        ],
        TimeToLiveAttribute: "expiresAt",
        HasStream: true);

    public static readonly IReadOnlyList<TableDefinition> All = [Category, Products, UserActivity];
}

public static class ProductIndexes
{
    public const string CategoryByPrice = "CategoryByPrice";
    public const string CategoryByName = "CategoryByName";
    public const string CategoryByNewest = "CategoryByNewest";
    public const string AllByPrice = "AllByPrice";
    public const string AllByName = "AllByName";
    public const string AllByNewest = "AllByNewest";

    /// <summary>Every product carries this value in <c>listing</c>, so the All* indexes hold the whole catalog.</summary>
    public const string ListingAll = "ALL";
}


public static class UserActivityIndexes
{
    /// <summary>Sparse: only review items carry <c>reviewProductId</c>, so the index holds a product's reviews by creation time.</summary>
    public const string ReviewsByProduct = "ReviewsByProduct";
}
