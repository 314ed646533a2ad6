using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using BStore.Api.Data;
using BStore.Api.Hosting;
using Microsoft.Extensions.Options;

namespace BStore.Api.Catalog;

public sealed record ProductPageResult(IReadOnlyList<Product> Products, CursorPosition? Next);

/// <summary>
/// Reads the catalog from DynamoDB: browsing (categories, product pages; the API answers those from the snapshot of
/// <see cref="CatalogCache"/> when there is one young enough) one request per DynamoDB page (one for a typical
/// call); single products with a consistent read, or for display from the snapshot (<see cref="LookupAsync"/>).
/// </summary>
public sealed class CatalogStore(IAmazonDynamoDB dynamoDb, IOptions<TableNameSettings> options, CatalogCache cache)
{
    // A filtered query (q, or a price range on a non-price sort) may need several DynamoDB pages to fill one
    // API page; past this many the page is returned short, with a cursor to continue.
    private const int MaxPagesPerRequest = 5;

    // sort=rating reads every matching product (ADR 0009): 20 DynamoDB pages of 1 MB hold far more than this catalog.
    private const int MaxPagesForRatingSort = 20;

    private readonly TableNameSettings _tables = options.Value;

    public async Task<IReadOnlyList<Category>> ListCategoriesAsync(CancellationToken cancellationToken)
    {
        return CategoryItem.InDisplayOrder(await dynamoDb.ScanAllAsync(_tables.Category, cancellationToken));
    }

    public async Task<Product?> GetProductAsync(string id, CancellationToken cancellationToken)
    {
        var response = await dynamoDb.GetItemAsync(new GetItemRequest
        {
            TableName = _tables.Products,
            Key = new() { [ProductItem.Id] = new() { S = id } },
            ConsistentRead = true, // availability must reflect the latest reservation
        }, cancellationToken);
        return response.Item is { Count: > 0 } item ? ProductItem.ToProduct(item) : null;
    }

    /// <summary>
    /// The products with these ids that exist, for showing (cart, wishlist, inbox): from the snapshot, and those it lacks
    /// by <see cref="GetProductsAsync"/>. Stock may be up to <c>CacheSeconds</c> old; decide nothing on it alone.
    /// </summary>
    public async Task<IReadOnlyDictionary<string, Product>> LookupAsync(IEnumerable<string> ids, CancellationToken cancellationToken)
    {
        var snapshot = cache.Current();
        var found = new Dictionary<string, Product>(StringComparer.Ordinal);
        var missing = new List<string>();
        foreach (var id in ids.Distinct(StringComparer.Ordinal))
        {
            if (snapshot is not null && snapshot.TryGetProduct(id, out var product))
            {
                found[id] = product;
            }
            else
            {
                missing.Add(id);
            }
        }
        if (missing.Count > 0)
        {
            foreach (var (id, product) in await GetProductsAsync(missing, cancellationToken))
            {
                found[id] = product;
            }
        }
        return found;
    }

    /// <summary>The products with these ids that exist, in one BatchGetItem per 100 ids (consistent: stock must be current).</summary>
    public async Task<IReadOnlyDictionary<string, Product>> GetProductsAsync(IEnumerable<string> ids, CancellationToken cancellationToken)
    {
        var products = new Dictionary<string, Product>(StringComparer.Ordinal);
        foreach (var chunk in ids.Distinct(StringComparer.Ordinal).Chunk(100))
        {
            var found = await dynamoDb.BatchGetAllAsync(new()
            {
                [_tables.Products] = new()
                {
                    Keys = [.. chunk.Select(id => new Dictionary<string, AttributeValue> { [ProductItem.Id] = new() { S = id } })],
                    ConsistentRead = true,
                },
            }, cancellationToken);
            foreach (var product in found[_tables.Products].Select(ProductItem.ToProduct))
            {
                products[product.Id] = product;
            }
        }
        return products;
    }

    public async Task<ProductPageResult> QueryProductsAsync(ProductQuery query, CursorPosition? after, CancellationToken cancellationToken)
    {
        if (query.Sort == ProductSort.Rating)
        {
            return await QueryByRatingAsync(query, after, cancellationToken);
        }
        var plan = QueryPlan.For(query);
        var request = plan.ToRequest(_tables.Products, query);
        request.ExclusiveStartKey = after is null ? null : plan.KeyOf(query, after);

        var found = new List<Dictionary<string, AttributeValue>>(query.Limit + 1);
        Dictionary<string, AttributeValue>? lastEvaluated = null;
        await foreach (var response in dynamoDb.QueryPagesAsync(request, cancellationToken, MaxPagesPerRequest))
        {
            found.AddRange(response.Items ?? []);
            lastEvaluated = response.LastEvaluatedKey is { Count: > 0 } next ? next : null;
            if (found.Count > query.Limit)
            {
                break;
            }
        }

        if (found.Count > query.Limit)
        {
            var page = found.GetRange(0, query.Limit);
            return new(page.ConvertAll(ProductItem.ToProduct), plan.PositionOf(page[^1]));
        }
        return new(found.ConvertAll(ProductItem.ToProduct), lastEvaluated is null ? null : plan.PositionOf(lastEvaluated));
    }

    /// <summary>
    /// Ratings change with every review and no index is sorted by them (ADR 0009): the matching products are read through
    /// the name index, with the same key condition and filters as a name sort, and ordered here (<see cref="RatingOrder"/>).
    /// </summary>
    private async Task<ProductPageResult> QueryByRatingAsync(ProductQuery query, CursorPosition? after, CancellationToken cancellationToken)
    {
        var request = QueryPlan.For(query).ToRequest(_tables.Products, query);
        request.Limit = null;
        var products = new List<Product>();
        await foreach (var response in dynamoDb.QueryPagesAsync(request, cancellationToken, MaxPagesForRatingSort))
        {
            products.AddRange((response.Items ?? []).Select(ProductItem.ToProduct));
        }

        return RatingOrder.Page(products, query.Limit, after);
    }
}
