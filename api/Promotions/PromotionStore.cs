using System.Globalization;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using BStore.Api.Data;
using BStore.Api.Hosting;
using Microsoft.Extensions.Options;

namespace BStore.Api.Promotions;

public sealed class PromotionStore(IAmazonDynamoDB dynamoDb, IOptions<Data.TableNameSettings> options)
{
    /// <summary>The code (null when there is none) and how many times the shopper has used it.</summary>
    public async Task<(Promotion? Promotion, int Uses)> GetAsync(string userId, string code, CancellationToken cancellationToken)
    {
        var tables = options.Value;
        var found = await dynamoDb.BatchGetAllAsync(new()
        {
            [tables.Products] = new() { Keys = [PromotionItems.Key(code)], ConsistentRead = true },
            [tables.UserActivity] = new() { Keys = [PromotionItems.ShopperUseKey(userId, code)], ConsistentRead = true },
        }, cancellationToken);
        var promotion = found[tables.Products].FirstOrDefault();
        var use = found[tables.UserActivity].FirstOrDefault();
        return (promotion is null ? null : PromotionItems.ToPromotion(promotion),
            use?.GetValueOrDefault("uses")?.N is { } n ? int.Parse(n, CultureInfo.InvariantCulture) : 0);
    }
}
