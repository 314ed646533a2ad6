using System.Globalization;
using System.Text.RegularExpressions;
using Amazon.DynamoDBv2.Model;
using BStore.Api.Catalog;
using BStore.Api.Data;

namespace BStore.Api.Promotions;

/// <summary>
/// A promo code: a percentage or a fixed amount off the subtotal, within a validity window, above a minimum subtotal,
/// at most <see cref="MaxRedemptions"/> times in all (unlimited when null) and <see cref="MaxPerShopper"/> times per shopper.
/// </summary>
public sealed record Promotion(
    string Code, string Description, string Kind, decimal Value, DateTimeOffset ValidFrom, DateTimeOffset ValidUntil,
    decimal MinSubtotal, int? MaxRedemptions, int MaxPerShopper, int Redeemed = 0)
{
    public const string Percent = "percent";
    public const string Fixed = "fixed";

    /// <summary>What the code takes off <paramref name="subtotal"/>: never more than the subtotal, rounded to cents.</summary>
    public decimal DiscountOn(decimal subtotal) => Kind == Percent
        ? decimal.Round(subtotal * Value / 100m, 2, MidpointRounding.AwayFromZero)
        : Math.Min(Value, subtotal);

    /// <summary>Why the code does not apply to this subtotal for a shopper who used it <paramref name="uses"/> times; null when it does.</summary>
    public string? WhyNot(decimal subtotal, int uses, DateTimeOffset now) =>
        now < ValidFrom ? $"{Code} is valid from {ValidFrom:yyyy-MM-dd}."
        : now >= ValidUntil ? $"{Code} expired on {ValidUntil:yyyy-MM-dd}."
        : subtotal < MinSubtotal ? $"{Code} needs a subtotal of at least {MinSubtotal.ToString("0.00", CultureInfo.InvariantCulture)}."
        : MaxRedemptions is { } max && Redeemed >= max ? $"{Code} has been used as many times as it can be."
        : uses >= MaxPerShopper ? $"You have already used {Code}."
        : null;
}

/// <summary>How promo codes are stored: in Products as <c>promo#CODE</c>, outside every catalog index (docs/data-model.md).</summary>
public static partial class PromotionItems
{
    public const string KeyPrefix = "promo#";
    public const string Redeemed = "redeemed";

    /// <summary>Codes are case-insensitive: 3 to 20 letters and digits, kept in capitals.</summary>
    public static string? Normalize(string? code) => code is { Length: >= 3 and <= 20 } && CodePattern().IsMatch(code) ? code.ToUpperInvariant() : null;

    public static Dictionary<string, AttributeValue> Key(string code) => new() { [ProductItem.Id] = new() { S = KeyPrefix + code } };

    public static Dictionary<string, AttributeValue> ShopperUseKey(string userId, string code) => UserActivityItems.Key(userId, UserActivityKeys.PromoUsePrefix + code);

    /// <summary>Every attribute except <see cref="Redeemed"/>, which checkouts change after the code is created.</summary>
    public static Dictionary<string, AttributeValue> Attributes(Promotion p)
    {
        var item = Key(p.Code);
        item["code"] = new() { S = p.Code };
        item["description"] = new() { S = p.Description };
        item["kind"] = new() { S = p.Kind };
        item["value"] = new() { N = p.Value.ToString(CultureInfo.InvariantCulture) };
        item["validFrom"] = new() { N = p.ValidFrom.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture) };
        item["validUntil"] = new() { N = p.ValidUntil.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture) };
        item["minSubtotal"] = new() { N = p.MinSubtotal.ToString(CultureInfo.InvariantCulture) };
        item["maxPerShopper"] = new() { N = DynamoNumbers.N(p.MaxPerShopper) };
        if (p.MaxRedemptions is { } max)
        {
            item["maxRedemptions"] = new() { N = DynamoNumbers.N(max) };
        }
        return item;
    }

    public static Dictionary<string, AttributeValue> NewItem(Promotion p)
    {
        var item = Attributes(p);
        item[Redeemed] = new() { N = "0" };
        return item;
    }

    public static Promotion ToPromotion(Dictionary<string, AttributeValue> item) => new(
        item["code"].S,
        item["description"].S,
        item["kind"].S,
        Number(item["value"]),
        DateTimeOffset.FromUnixTimeSeconds(long.Parse(item["validFrom"].N, CultureInfo.InvariantCulture)),
        DateTimeOffset.FromUnixTimeSeconds(long.Parse(item["validUntil"].N, CultureInfo.InvariantCulture)),
        Number(item["minSubtotal"]),
        item.TryGetValue("maxRedemptions", out var max) ? int.Parse(max.N, CultureInfo.InvariantCulture) : null,
        int.Parse(item["maxPerShopper"].N, CultureInfo.InvariantCulture),
        item.TryGetValue(Redeemed, out var redeemed) ? int.Parse(redeemed.N, CultureInfo.InvariantCulture) : 0);

    /// <summary>
    /// The two writes that redeem a code inside the checkout transaction: the code's counter, conditioned on its limit
    /// and validity, and the shopper's own use count, conditioned on the per-shopper limit. Racing checkouts cannot
    /// both take the last redemption.
    /// </summary>
    public static IEnumerable<TransactWriteItem> Redeem(string productsTable, string activityTable, string userId, Promotion p, DateTimeOffset now)
    {
        var nowSeconds = new AttributeValue { N = now.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture) };
        yield return new TransactWriteItem { Update = new Update
        {
            TableName = productsTable,
            Key = Key(p.Code),
            UpdateExpression = "ADD #redeemed :one",
            ConditionExpression = "attribute_exists(#id) AND validFrom <= :now AND validUntil > :now AND (attribute_not_exists(maxRedemptions) OR #redeemed < maxRedemptions)",
            ExpressionAttributeNames = new() { ["#redeemed"] = Redeemed, ["#id"] = ProductItem.Id },
            ExpressionAttributeValues = new() { [":one"] = new() { N = "1" }, [":now"] = nowSeconds },
        } };
        yield return new TransactWriteItem { Update = new Update
        {
            TableName = activityTable,
            Key = ShopperUseKey(userId, p.Code),
            UpdateExpression = "ADD uses :one",
            ConditionExpression = "attribute_not_exists(uses) OR uses < :max",
            ExpressionAttributeValues = new() { [":one"] = new() { N = "1" }, [":max"] = new() { N = DynamoNumbers.N(p.MaxPerShopper) } },
        } };
    }

    /// <summary>The writes that give a redemption back when its order is cancelled.</summary>
    public static IEnumerable<TransactWriteItem> Release(string productsTable, string activityTable, string userId, string code)
    {
        yield return new TransactWriteItem { Update = new Update
        {
            TableName = productsTable,
            Key = Key(code),
            UpdateExpression = "ADD #redeemed :minusOne",
            ConditionExpression = "attribute_exists(#id)",
            ExpressionAttributeNames = new() { ["#redeemed"] = Redeemed, ["#id"] = ProductItem.Id },
            ExpressionAttributeValues = new() { [":minusOne"] = new() { N = "-1" } },
        } };
        yield return new TransactWriteItem { Update = new Update
        {
            TableName = activityTable,
            Key = ShopperUseKey(userId, code),
            UpdateExpression = "ADD uses :minusOne",
            ConditionExpression = "uses > :zero",
            ExpressionAttributeValues = new() { [":minusOne"] = new() { N = "-1" }, [":zero"] = new() { N = "0" } },
        } };
    }

    private static decimal Number(AttributeValue value) => decimal.Parse(value.N, NumberStyles.Number, CultureInfo.InvariantCulture);

    [GeneratedRegex(@"\A[A-Za-z0-9]+\z", RegexOptions.CultureInvariant)]
    private static partial Regex CodePattern();
}
