using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using BStore.Api.Data;
using BStore.Api.Hosting;
using Microsoft.Extensions.Options;

namespace BStore.Api.Catalog;

public sealed record ProductPageResult(IReadOnlyList<Product> Products, CursorPosition? Next);

/// <summary>Reads the catalog from DynamoDB. Every method is one request per DynamoDB page (one for a typical call).</summary>
public sealed class CatalogStore(IAmazonDynamoDB dynamoDb, IOptions<BStoreOptions> options)
{
    // A filtered query (q, or a price range on a non-price sort) may need several DynamoDB pages to fill one
    // API page; past this many the page is returned short, with a cursor to continue.
    private const int MaxPagesPerRequest = 5;

    // sort=rating reads every matching product (ADR 0009): 20 DynamoDB pages of 1 MB hold far more than this catalog.
    private const int MaxPagesForRatingSort = 20;

    private readonly TableNameSettings _tables = options.Value.Tables;

    public async Task<IReadOnlyList<Category>> ListCategoriesAsync(CancellationToken cancellationToken)
    {
        var categories = new List<Category>();
        Dictionary<string, AttributeValue>? start = null;
        do
        {
            var response = await dynamoDb.ScanAsync(
                new ScanRequest { TableName = _tables.Category, ExclusiveStartKey = start }, cancellationToken);
            categories.AddRange((response.Items ?? []).Select(CategoryItem.ToCategory));
            start = response.LastEvaluatedKey is { Count: > 0 } next ? next : null;
        }
        while (start is not null);
        return [.. categories.OrderBy(c => c.SortOrder).ThenBy(c => c.Id, StringComparer.Ordinal)];
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

    /// <summary>The products with these ids that exist, in one BatchGetItem per 100 ids (consistent: stock must be current).</summary>
    public async Task<IReadOnlyDictionary<string, Product>> GetProductsAsync(IEnumerable<string> ids, CancellationToken cancellationToken)
    {
        var products = new Dictionary<string, Product>(StringComparer.Ordinal);
        foreach (var chunk in ids.Distinct(StringComparer.Ordinal).Chunk(100))
        {
            var request = new Dictionary<string, KeysAndAttributes>
            {
                [_tables.Products] = new()
                {
                    Keys = [.. chunk.Select(id => new Dictionary<string, AttributeValue> { [ProductItem.Id] = new() { S = id } })],
                    ConsistentRead = true,
                },
            };
            while (request.Count > 0)
            {
                var response = await dynamoDb.BatchGetItemAsync(new BatchGetItemRequest { RequestItems = request }, cancellationToken);
                foreach (var item in response.Responses?.GetValueOrDefault(_tables.Products) ?? [])
                {
                    var product = ProductItem.ToProduct(item);
                    products[product.Id] = product;
                }
                request = response.UnprocessedKeys ?? [];
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
        Dictionary<string, AttributeValue>? lastEvaluated;
        var pages = 0;
        do
        {
            var response = await dynamoDb.QueryAsync(request, cancellationToken);
            found.AddRange(response.Items ?? []);
            lastEvaluated = response.LastEvaluatedKey is { Count: > 0 } next ? next : null;
            request.ExclusiveStartKey = lastEvaluated;
            pages++;
        }
        while (found.Count <= query.Limit && lastEvaluated is not null && pages < MaxPagesPerRequest);

        if (found.Count > query.Limit)
        {
            var page = found.GetRange(0, query.Limit);
            return new(page.ConvertAll(ProductItem.ToProduct), plan.PositionOf(page[^1]));
        }
        return new(found.ConvertAll(ProductItem.ToProduct), lastEvaluated is null ? null : plan.PositionOf(lastEvaluated));
    }

    /// <summary>
    /// Ratings change with every review and no index is sorted by them (ADR 0009): the matching products are read through
    /// the name index, with the same key condition and filters as a name sort, and ordered here by <see cref="ProductRating.SortKey"/>.
    /// </summary>
    private async Task<ProductPageResult> QueryByRatingAsync(ProductQuery query, CursorPosition? after, CancellationToken cancellationToken)
    {
        var request = QueryPlan.For(query).ToRequest(_tables.Products, query);
        request.Limit = null;
        var products = new List<Product>();
        var pages = 0;
        do
        {
            var response = await dynamoDb.QueryAsync(request, cancellationToken);
            products.AddRange((response.Items ?? []).Select(ProductItem.ToProduct));
            request.ExclusiveStartKey = response.LastEvaluatedKey is { Count: > 0 } next ? next : null;
        }
        while (request.ExclusiveStartKey is not null && ++pages < MaxPagesForRatingSort);

        var ordered = products
            .Select(p => (Key: ProductRating.SortKey(p), Product: p))
            .Where(e => after is null || string.CompareOrdinal(e.Key, after.SortValue) > 0)
            .OrderBy(e => e.Key, StringComparer.Ordinal)
            .Take(query.Limit + 1)
            .ToList();
        if (ordered.Count > query.Limit)
        {
            var last = ordered[query.Limit - 1];
            return new([.. ordered.Take(query.Limit).Select(e => e.Product)], new CursorPosition(last.Product.Id, last.Key));
        }
        return new([.. ordered.Select(e => e.Product)], null);
    }

    /// <summary>Which index serves a query, and how its keys map to cursor positions.</summary>
    private sealed record QueryPlan(string Index, string PartitionAttribute, string SortAttribute, bool SortIsNumber, bool Descending)
    {
        public static QueryPlan For(ProductQuery query)
        {
            var byCategory = query.CategoryId is not null;
            var partition = byCategory ? ProductItem.CategoryId : ProductItem.Listing;
            return query.Sort switch
            {
                ProductSort.PriceAsc or ProductSort.PriceDesc => new(
                    byCategory ? ProductIndexes.CategoryByPrice : ProductIndexes.AllByPrice,
                    partition, ProductItem.Price, SortIsNumber: true, Descending: query.Sort == ProductSort.PriceDesc),
                ProductSort.Newest => new(
                    byCategory ? ProductIndexes.CategoryByNewest : ProductIndexes.AllByNewest,
                    partition, ProductItem.CreatedAt, SortIsNumber: false, Descending: true),
                _ => new(
                    byCategory ? ProductIndexes.CategoryByName : ProductIndexes.AllByName,
                    partition, ProductItem.NameKey, SortIsNumber: false, Descending: false),
            };
        }

        public QueryRequest ToRequest(string table, ProductQuery query)
        {
            var names = new Dictionary<string, string> { ["#pk"] = PartitionAttribute };
            var values = new Dictionary<string, AttributeValue> { [":pk"] = new() { S = query.CategoryId ?? ProductIndexes.ListingAll } };
            var keyCondition = "#pk = :pk";
            var filters = new List<string>();

            var price = PriceCondition(query, values);
            if (price is not null)
            {
                names["#price"] = ProductItem.Price;
                if (SortAttribute == ProductItem.Price)
                {
                    keyCondition += $" AND {price}";
                }
                else
                {
                    filters.Add(price);
                }
            }
            if (query.SearchWords.Count > 0)
            {
                names["#search"] = ProductItem.SearchText;
                for (var i = 0; i < query.SearchWords.Count; i++)
                {
                    values[$":w{i}"] = new() { S = " " + query.SearchWords[i] };
                    filters.Add($"contains(#search, :w{i})");
                }
            }
            return new QueryRequest
            {
                TableName = table,
                IndexName = Index,
                KeyConditionExpression = keyCondition,
                FilterExpression = filters.Count > 0 ? string.Join(" AND ", filters) : null,
                ExpressionAttributeNames = names,
                ExpressionAttributeValues = values,
                ScanIndexForward = !Descending,
                // Unfiltered, one extra item tells whether another page exists; filtered, DynamoDB's limit would
                // count items before the filter, so let it read a full page.
                Limit = filters.Count == 0 ? query.Limit + 1 : null,
            };
        }

        public Dictionary<string, AttributeValue> KeyOf(ProductQuery query, CursorPosition position) => new()
        {
            [ProductItem.Id] = new() { S = position.ProductId },
            [PartitionAttribute] = new() { S = query.CategoryId ?? ProductIndexes.ListingAll },
            [SortAttribute] = SortIsNumber ? new() { N = position.SortValue } : new() { S = position.SortValue },
        };

        public CursorPosition PositionOf(Dictionary<string, AttributeValue> item) =>
            new(item[ProductItem.Id].S, SortIsNumber ? item[SortAttribute].N : item[SortAttribute].S);

        private static string? PriceCondition(ProductQuery query, Dictionary<string, AttributeValue> values)
        {
            if (query.MinPrice is { } min)
            {
                values[":minPrice"] = new() { N = min.ToString(System.Globalization.CultureInfo.InvariantCulture) };
            }
            if (query.MaxPrice is { } max)
            {
                values[":maxPrice"] = new() { N = max.ToString(System.Globalization.CultureInfo.InvariantCulture) };
            }
            return (query.MinPrice, query.MaxPrice) switch
            {
                (not null, not null) => "#price BETWEEN :minPrice AND :maxPrice",
                (not null, null) => "#price >= :minPrice",
                (null, not null) => "#price <= :maxPrice",
                _ => null,
            };
        }
    }
}
