using System.Globalization;
using System.Security.Cryptography;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Amazon.S3;
using Amazon.S3.Model;
using BStore.Api.Catalog;
using BStore.Api.Data;
using BStore.Api.Promotions;
using BStore.Api.Hosting;

namespace BStore.Api.Seeding;

public sealed record SeedReport(
    int CategoriesWritten, int CategoriesUnchanged,
    int ProductsCreated, int ProductsUpdated, int ProductsUnchanged,
    int ImagesUploaded, int ImagesUnchanged,
    int PromotionsWritten = 0, int PromotionsUnchanged = 0)
{
    public int Writes => CategoriesWritten + ProductsCreated + ProductsUpdated + ImagesUploaded + PromotionsWritten;

    public override string ToString() =>
        $"categories: {CategoriesWritten} written, {CategoriesUnchanged} unchanged; " +
        $"products: {ProductsCreated} created, {ProductsUpdated} updated, {ProductsUnchanged} unchanged; " +
        $"images: {ImagesUploaded} uploaded, {ImagesUnchanged} unchanged; " +
        $"promotions: {PromotionsWritten} written, {PromotionsUnchanged} unchanged";
}

/// <summary>
/// Loads the seed catalog into DynamoDB and S3 idempotently: it reads what is there, writes only what
/// differs, and never touches a product's stock after creating it (orders own stock from then on).
/// </summary>
public sealed class CatalogSeeder(IAmazonDynamoDB dynamoDb, IAmazonS3 s3, SeedSettings options)
{
    /// <summary>How many uploads or item writes run at once: enough to seed within one Lambda invocation, few enough not to be throttled.</summary>
    public const int MaxParallelWrites = 8;

    public async Task<SeedReport> SeedAsync(SeedCatalog catalog, CancellationToken cancellationToken)
    {
        // Images first, so that no product or category is ever stored pointing at an image that is not there yet.
        var (uploaded, sameImages) = await UploadImagesAsync(catalog, cancellationToken);
        var (categoriesWritten, sameCategories) = await SeedCategoriesAsync(catalog, cancellationToken);
        var existing = await ScanAsync(options.Tables.Products, ProductItem.Id, cancellationToken);
        var (created, updated, sameProducts) = await SeedProductsAsync(catalog, existing, cancellationToken);
        var (promotionsWritten, samePromotions) = await SeedPromotionsAsync(catalog, existing, cancellationToken);
        var report = new SeedReport(categoriesWritten, sameCategories, created, updated, sameProducts, uploaded, sameImages, promotionsWritten, samePromotions);
        if (report.Writes > 0 || !existing.ContainsKey(CatalogVersionItem.Id))
        {
            // Last, after every item it stands for: an API that sees the new stamp reads the catalog again (CatalogCache).
            await dynamoDb.PutItemAsync(
                new PutItemRequest { TableName = options.Tables.Products, Item = CatalogVersionItem.NewItem(DateTimeOffset.UtcNow) }, cancellationToken);
        }
        return report;
    }

    private async Task<(int Uploaded, int Unchanged)> UploadImagesAsync(SeedCatalog catalog, CancellationToken cancellationToken)
    {
        var existing = new Dictionary<string, string>(StringComparer.Ordinal);
        var request = new ListObjectsV2Request { BucketName = options.Images.Bucket, Prefix = "images/" };
        ListObjectsV2Response page;
        do
        {
            page = await s3.ListObjectsV2Async(request, cancellationToken);
            foreach (var o in page.S3Objects ?? [])
            {
                existing[o.Key] = o.ETag.Trim('"');
            }
            request.ContinuationToken = page.NextContinuationToken;
        }
        while (page.IsTruncated == true);

        var keys = catalog.ImageKeys.ToList();
        var uploaded = 0;
        await Parallel.ForEachAsync(keys, Bounded(cancellationToken), async (key, token) =>
        {
            var bytes = await File.ReadAllBytesAsync(Path.Combine(catalog.Directory, key), token);
            // A single-part upload's ETag is the MD5 of its bytes: equal means the object is already current.
#pragma warning disable CA5351 // MD5 compares content with S3's ETag; it protects nothing.
            var md5 = Convert.ToHexStringLower(MD5.HashData(bytes));
#pragma warning restore CA5351
            if (existing.TryGetValue(key, out var etag) && etag == md5)
            {
                return;
            }
            await s3.PutObjectAsync(new PutObjectRequest
            {
                BucketName = options.Images.Bucket,
                Key = key,
                InputStream = new MemoryStream(bytes),
                ContentType = ContentTypeOf(key),
                Headers = { CacheControl = "public, max-age=86400" },
                UseChunkEncoding = false,
            }, token);
            Interlocked.Increment(ref uploaded);
        });
        return (uploaded, keys.Count - uploaded);
    }

    private async Task<(int Written, int Unchanged)> SeedCategoriesAsync(SeedCatalog catalog, CancellationToken cancellationToken)
    {
        var existing = await ScanAsync(options.Tables.Category, CategoryItem.Id, cancellationToken);
        var changed = catalog.Categories
            .Select(CategoryItem.ToItem)
            .Where(item => !(existing.TryGetValue(item[CategoryItem.Id].S, out var current) && Contains(current, item)))
            .ToList();
        await Parallel.ForEachAsync(changed, Bounded(cancellationToken), async (item, token) =>
            await dynamoDb.PutItemAsync(new PutItemRequest { TableName = options.Tables.Category, Item = item }, token));
        return (changed.Count, catalog.Categories.Count - changed.Count);
    }

    /// <summary>Promo codes live in Products too; like stock, a code's redemption count is never reset.</summary>
    private async Task<(int Written, int Unchanged)> SeedPromotionsAsync(
        SeedCatalog catalog, Dictionary<string, Dictionary<string, AttributeValue>> existing, CancellationToken cancellationToken)
    {
        var writes = catalog.Promotions
            .Select(p => (Promotion: p, Current: existing.GetValueOrDefault(PromotionItems.KeyPrefix + p.Code)))
            .Where(w => w.Current is null || !Contains(w.Current, PromotionItems.Attributes(w.Promotion)))
            .ToList();
        await Parallel.ForEachAsync(writes, Bounded(cancellationToken), async (write, token) =>
        {
            if (write.Current is null)
            {
                await dynamoDb.PutItemAsync(new PutItemRequest
                {
                    TableName = options.Tables.Products, Item = PromotionItems.NewItem(write.Promotion), ConditionExpression = "attribute_not_exists(id)",
                }, token);
            }
            else
            {
                await UpdateAsync(PromotionItems.Attributes(write.Promotion), token);
            }
        });
        return (writes.Count, catalog.Promotions.Count - writes.Count);
    }

    private async Task<(int Created, int Updated, int Unchanged)> SeedProductsAsync(
        SeedCatalog catalog, Dictionary<string, Dictionary<string, AttributeValue>> existing, CancellationToken cancellationToken)
    {
        var categoryNames = catalog.Categories.ToDictionary(c => c.Id, c => c.Name, StringComparer.Ordinal);
        var creates = new List<Dictionary<string, AttributeValue>>();
        var updates = new List<Dictionary<string, AttributeValue>>();
        foreach (var product in catalog.Products)
        {
            var categoryName = categoryNames[product.CategoryId];
            if (!existing.TryGetValue(product.Id, out var current))
            {
                creates.Add(ProductItem.NewItem(product, categoryName));
                continue;
            }
            var wanted = ProductItem.CatalogAttributes(product, categoryName);
            if (!Contains(current, wanted))
            {
                updates.Add(wanted);
            }
        }
        var writes = creates.Select(item => (Item: item, IsNew: true)).Concat(updates.Select(item => (Item: item, IsNew: false)));
        await Parallel.ForEachAsync(writes, Bounded(cancellationToken), async (write, token) =>
        {
            if (write.IsNew)
            {
                await dynamoDb.PutItemAsync(new PutItemRequest
                {
                    TableName = options.Tables.Products,
                    Item = write.Item,
                    ConditionExpression = "attribute_not_exists(id)",
                }, token);
            }
            else
            {
                await UpdateAsync(write.Item, token);
            }
        });
        return (creates.Count, updates.Count, catalog.Products.Count - creates.Count - updates.Count);
    }

    private static ParallelOptions Bounded(CancellationToken cancellationToken) =>
        new() { MaxDegreeOfParallelism = MaxParallelWrites, CancellationToken = cancellationToken };

    /// <summary>Sets every catalog attribute of an existing product (or promo code), leaving stock (redemptions) as orders left it.</summary>
    private Task UpdateAsync(Dictionary<string, AttributeValue> wanted, CancellationToken cancellationToken)
    {
        var names = new Dictionary<string, string>();
        var values = new Dictionary<string, AttributeValue>();
        var assignments = new List<string>();
        var i = 0;
        foreach (var (name, value) in wanted.Where(a => a.Key != ProductItem.Id))
        {
            names[$"#a{i}"] = name;
            values[$":v{i}"] = value;
            assignments.Add($"#a{i} = :v{i}");
            i++;
        }
        return dynamoDb.UpdateItemAsync(new UpdateItemRequest
        {
            TableName = options.Tables.Products,
            Key = new() { [ProductItem.Id] = wanted[ProductItem.Id] },
            UpdateExpression = "SET " + string.Join(", ", assignments),
            ConditionExpression = "attribute_exists(id)",
            ExpressionAttributeNames = names,
            ExpressionAttributeValues = values,
        }, cancellationToken);
    }

    private async Task<Dictionary<string, Dictionary<string, AttributeValue>>> ScanAsync(
        string table, string keyAttribute, CancellationToken cancellationToken)
    {
        var items = await dynamoDb.ScanAllAsync(table, cancellationToken);
        return items.ToDictionary(item => item[keyAttribute].S, StringComparer.Ordinal);
    }

    /// <summary>True when <paramref name="current"/> already holds every attribute of <paramref name="wanted"/> with an equal value.</summary>
    private static bool Contains(Dictionary<string, AttributeValue> current, Dictionary<string, AttributeValue> wanted) =>
        wanted.All(a => current.TryGetValue(a.Key, out var value) && SameValue(value, a.Value));

    private static bool SameValue(AttributeValue a, AttributeValue b)
    {
        if (a.S is not null || b.S is not null)
        {
            return a.S == b.S;
        }
        if (a.N is not null || b.N is not null)
        {
            // DynamoDB normalises numbers ("34.90" comes back as "34.9"): compare values, not text.
            return a.N is not null && b.N is not null &&
                decimal.Parse(a.N, CultureInfo.InvariantCulture) == decimal.Parse(b.N, CultureInfo.InvariantCulture);
        }
        if (a.L is not null || b.L is not null)
        {
            return a.L is not null && b.L is not null && a.L.Count == b.L.Count && a.L.Zip(b.L).All(p => SameValue(p.First, p.Second));
        }
        return a.BOOL == b.BOOL && a.NULL == b.NULL;
    }

    private static string ContentTypeOf(string key) => Path.GetExtension(key) switch
    {
        ".svg" => "image/svg+xml",
        ".png" => "image/png",
        ".webp" => "image/webp",
        _ => "application/octet-stream",
    };
}
