using System.Globalization;
using Amazon.DynamoDBv2.Model;
using BStore.Api.Catalog;

namespace BStore.Api.IntegrationTests.Infrastructure;

/// <summary>
/// Products a test owns: put straight into the Products table with a stock of the test's choosing, and without the
/// listing attributes, so they never show in catalog pages that other tests count.
/// </summary>
public static class TestProducts
{
    /// <param name="listedInCategory">
    /// When given, the product is put in this category with a name key and search text, so the category's name and rating
    /// sorts and searches list it (a category of the test's own keeps other tests' products out of its pages).
    /// </param>
    public static async Task<string> CreateAsync(
        BStoreFixture fixture, int stock, decimal price = 12.50m, string name = "Test Lip Balm", string? listedInCategory = null)
    {
        var id = $"test-{Guid.NewGuid():N}";
        var item = new Dictionary<string, AttributeValue>
        {
            [ProductItem.Id] = new() { S = id },
            [ProductItem.Name] = new() { S = name },
            [ProductItem.Brand] = new() { S = "Test Brand" },
            [ProductItem.Description] = new() { S = "Made by a test." },
            // A category of its own: the CategoryBy* indexes key on it.
            [ProductItem.CategoryId] = new() { S = "test-only" },
            [ProductItem.Price] = new() { N = price.ToString(CultureInfo.InvariantCulture) },
            [ProductItem.Currency] = new() { S = "USD" },
            [ProductItem.Stock] = new() { N = stock.ToString(CultureInfo.InvariantCulture) },
            [ProductItem.CreatedAt] = new() { S = "2026-01-01T00:00:00+00:00" },
        };
        if (listedInCategory is not null)
        {
            item[ProductItem.CategoryId] = new() { S = listedInCategory };
            item[ProductItem.NameKey] = new() { S = $"{TextFolding.Fold(name)}{ProductItem.NameKeySeparator}{id}" };
            item[ProductItem.SearchText] = new() { S = $" {string.Join(' ', TextFolding.Words($"{name} Test Brand"))} " };
        }
        await fixture.DynamoDb.PutItemAsync(new PutItemRequest { TableName = "Products", Item = item });
        return id;
    }

    public static async Task<int> StockAsync(BStoreFixture fixture, string id)
    {
        var item = await fixture.DynamoDb.GetItemAsync(new GetItemRequest
        {
            TableName = "Products", Key = new() { [ProductItem.Id] = new() { S = id } }, ConsistentRead = true,
        });
        return int.Parse(item.Item[ProductItem.Stock].N, CultureInfo.InvariantCulture);
    }

    public static Task SetStockAsync(BStoreFixture fixture, string id, int stock) =>
        fixture.DynamoDb.UpdateItemAsync(new UpdateItemRequest
        {
            TableName = "Products",
            Key = new() { [ProductItem.Id] = new() { S = id } },
            UpdateExpression = "SET #stock = :stock",
            ExpressionAttributeNames = new() { ["#stock"] = ProductItem.Stock },
            ExpressionAttributeValues = new() { [":stock"] = new() { N = stock.ToString(CultureInfo.InvariantCulture) } },
        });
}
