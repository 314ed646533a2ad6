using Amazon.DynamoDBv2.Model;
using BStore.Api.Data;

namespace BStore.Api.Catalog;

/// <summary>Which index serves a query, and how its keys map to cursor positions.</summary>
internal sealed record QueryPlan(string Index, string PartitionAttribute, string SortAttribute, bool SortIsNumber, bool Descending)
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
