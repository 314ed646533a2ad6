using System.Collections.Concurrent;
using System.Globalization;
using Amazon.DynamoDBv2.Model;

namespace BStore.Api.Catalog;

/// <summary>
/// The whole catalog as read at one moment: categories and every product, answering the same queries as the
/// Products indexes with the same order and cursor positions (<see cref="QueryPlan"/>), so a page can continue
/// from a cursor that DynamoDB made and the other way round.
/// </summary>
public sealed class CatalogSnapshot
{
    private readonly Dictionary<string, Entry> _products;
    private readonly ConcurrentDictionary<(string Index, string Partition), Entry[]> _indexes = new();
    private readonly ConcurrentDictionary<string, object> _answers = new(StringComparer.Ordinal);
    private long _keptBytes;

    /// <summary>How many bytes of answers a snapshot keeps (<see cref="Answer{T}"/>): a page of 20 products is about 10 KB, of 100 about 45 KB.</summary>
    public const int MaxAnswerBytes = 2 * 1024 * 1024;

    private CatalogSnapshot(string stamp, DateTimeOffset loadedAt, IReadOnlyList<Category> categories, Dictionary<string, Entry> products)
    {
        Stamp = stamp;
        LoadedAt = loadedAt;
        Categories = categories;
        _products = products;
    }

    /// <summary>The seeder's catalog version this snapshot was read under (<see cref="CatalogVersionItem"/>).</summary>
    public string Stamp { get; }

    /// <summary>When the read began: nothing in the snapshot is older than this.</summary>
    public DateTimeOffset LoadedAt { get; }

    public IReadOnlyList<Category> Categories { get; }

    public int ProductCount => _products.Count;

    /// <summary>Builds a snapshot from the items of the Category and Products tables; items that are not products (promo codes, the stamp) are left out.</summary>
    public static CatalogSnapshot Build(
        string stamp, DateTimeOffset loadedAt,
        IEnumerable<Dictionary<string, AttributeValue>> categoryItems, IEnumerable<Dictionary<string, AttributeValue>> productItems)
    {
        var categories = CategoryItem.InDisplayOrder(categoryItems);
        var products = new Dictionary<string, Entry>(StringComparer.Ordinal);
        foreach (var item in productItems)
        {
            if (item.TryGetValue(ProductItem.Id, out var id) && ProductQuery.IsValidId(id.S))
            {
                products[id.S] = new Entry(ProductItem.ToProduct(item), item);
            }
        }
        return new CatalogSnapshot(stamp, loadedAt, categories, products);
    }

    public bool TryGetProduct(string id, out Product product)
    {
        if (_products.TryGetValue(id, out var entry))
        {
            product = entry.Product;
            return true;
        }
        product = null!;
        return false;
    }

    /// <summary>
    /// The answer <paramref name="make"/> gives from this snapshot, made once per key while the answers kept
    /// (<paramref name="bytes"/> each) fit in <see cref="MaxAnswerBytes"/>: a snapshot never changes, so neither
    /// do the answers made from it.
    /// </summary>
    public T Answer<T>(string key, Func<T> make, Func<T, int> bytes) where T : class
    {
        if (_answers.TryGetValue(key, out var kept))
        {
            return (T)kept;
        }
        var made = make();
        var size = bytes(made);
        if (Interlocked.Add(ref _keptBytes, size) <= MaxAnswerBytes && _answers.TryAdd(key, made))
        {
            return made;
        }
        Interlocked.Add(ref _keptBytes, -size);
        return made;
    }

    public ProductPageResult Query(ProductQuery query, CursorPosition? after)
    {
        var plan = QueryPlan.For(query);
        var ascending = Ascending(plan, query.CategoryId ?? Data.ProductIndexes.ListingAll);
        var matches = (plan.Descending ? Enumerable.Reverse(ascending) : ascending).Where(e => Matches(e, query));
        if (query.Sort == ProductSort.Rating)
        {
            return RatingOrder.Page(matches.Select(e => e.Product), query.Limit, after);
        }
        if (after is not null)
        {
            matches = matches.SkipWhile(e => ComparePosition(plan, e, after) <= 0);
        }
        var page = matches.Take(query.Limit + 1).ToList();
        var hasMore = page.Count > query.Limit;
        if (hasMore)
        {
            page.RemoveAt(page.Count - 1);
        }
        var next = hasMore ? plan.PositionOf(page[^1].Item) : null;
        return new ProductPageResult([.. page.Select(e => e.Product)], next);
    }

    /// <summary>The index's items of one partition in ascending order (ties of the sort key by id), as a forward Query returns them.</summary>
    private Entry[] Ascending(QueryPlan plan, string partition) => _indexes.GetOrAdd((plan.Index, partition), _ =>
    {
        var members = _products.Values.Where(e =>
            e.Item.TryGetValue(plan.PartitionAttribute, out var pk) && pk.S == partition && e.Item.ContainsKey(plan.SortAttribute));
        var ordered = plan.SortIsNumber
            ? members.OrderBy(e => Number(e.Item[plan.SortAttribute].N)).ThenBy(e => e.Product.Id, StringComparer.Ordinal)
            : members.OrderBy(e => e.Item[plan.SortAttribute].S, StringComparer.Ordinal).ThenBy(e => e.Product.Id, StringComparer.Ordinal);
        return ordered.ToArray();
    });

    private static bool Matches(Entry entry, ProductQuery query)
    {
        var price = entry.Product.Price;
        if ((query.MinPrice is { } min && price < min) || (query.MaxPrice is { } max && price > max))
        {
            return false;
        }
        if (query.SearchWords.Count == 0)
        {
            return true;
        }
        var text = entry.Item.TryGetValue(ProductItem.SearchText, out var search) ? search.S : null;
        return text is not null && query.SearchWords.All(w => text.Contains(" " + w, StringComparison.Ordinal));
    }

    /// <summary>Where an entry stands against a cursor position in the plan's order: negative before it, 0 at it, positive after it.</summary>
    private static int ComparePosition(QueryPlan plan, Entry entry, CursorPosition position)
    {
        var value = entry.Item[plan.SortAttribute];
        var bySort = plan.SortIsNumber
            ? Number(value.N).CompareTo(Number(position.SortValue))
            : string.CompareOrdinal(value.S, position.SortValue);
        var comparison = bySort != 0 ? bySort : string.CompareOrdinal(entry.Product.Id, position.ProductId);
        return plan.Descending ? -comparison : comparison;
    }

    private static decimal Number(string text) => decimal.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture);

    private sealed record Entry(Product Product, Dictionary<string, AttributeValue> Item);
}

/// <summary>
/// <c>sort=rating</c> (ADR 0009): no index is sorted by rating, so the matches are ordered in memory by
/// <see cref="ProductRating.SortKey"/>, a total order whose key is the cursor position.
/// </summary>
public static class RatingOrder
{
    public static ProductPageResult Page(IEnumerable<Product> matches, int limit, CursorPosition? after)
    {
        var ordered = matches
            .Select(p => (Key: ProductRating.SortKey(p), Product: p))
            .Where(e => after is null || string.CompareOrdinal(e.Key, after.SortValue) > 0)
            .OrderBy(e => e.Key, StringComparer.Ordinal)
            .Take(limit + 1)
            .ToList();
        if (ordered.Count > limit)
        {
            var last = ordered[limit - 1];
            return new([.. ordered.Take(limit).Select(e => e.Product)], new CursorPosition(last.Product.Id, last.Key));
        }
        return new([.. ordered.Select(e => e.Product)], null);
    }
}
