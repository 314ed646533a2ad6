using System.Globalization;
using Amazon.DynamoDBv2.Model;
using BStore.Api.Data;

namespace BStore.Api.Orders;

/// <summary>How orders and idempotency keys are stored in the shopper's UserActivity partition (docs/data-model.md).</summary>
public static class OrderItems
{
    public static Dictionary<string, AttributeValue> OrderKey(string userId, string orderId) => UserActivityItems.Key(userId, UserActivityKeys.OrderPrefix + orderId);

    public static Dictionary<string, AttributeValue> IdempotencyKey(string userId, string key) => UserActivityItems.Key(userId, UserActivityKeys.IdempotencyPrefix + key);

    public static Dictionary<string, AttributeValue> ToItem(string userId, OrderResponse order, string idempotencyKey, string paymentMethod)
    {
        var item = OrderKey(userId, order.Id);
        item["orderId"] = new() { S = order.Id };
        item["status"] = new() { S = order.Status };
        item["createdAt"] = new() { S = order.CreatedAt.ToString("O", CultureInfo.InvariantCulture) };
        item["subtotal"] = Number(order.Subtotal);
        item["discount"] = Number(order.Discount);
        item["total"] = Number(order.Total);
        item["currency"] = new() { S = order.Currency };
        item["itemCount"] = new() { N = DynamoNumbers.N(order.Lines.Sum(l => l.Quantity)) };
        item["lines"] = new() { L = [.. order.Lines.Select(l => new AttributeValue { M = new()
        {
            ["productId"] = new() { S = l.ProductId },
            ["name"] = new() { S = l.Name },
            ["unitPrice"] = Number(l.UnitPrice),
            ["quantity"] = new() { N = DynamoNumbers.N(l.Quantity) },
        } })] };
        item["address"] = new() { M = AddressItem(order.ShippingAddress) };
        item["timeline"] = new() { L = [.. order.Timeline.Select(StatusChangeItem)] };
        item["idempotencyKey"] = new() { S = idempotencyKey };
        item["version"] = new() { N = "1" };
        item["paymentStatus"] = new() { S = order.PaymentStatus };
        item["paymentMethod"] = new() { S = paymentMethod };
        if (order.PromoCode is not null)
        {
            item["promoCode"] = new() { S = order.PromoCode };
        }
        return item;
    }

    public static AttributeValue StatusChangeItem(OrderStatusChange change)
    {
        var map = new Dictionary<string, AttributeValue>
        {
            ["status"] = new() { S = change.Status }, ["at"] = new() { S = change.At.ToString("O", CultureInfo.InvariantCulture) },
        };
        if (change.Reason is not null)
        {
            map["reason"] = new() { S = change.Reason };
        }
        return new() { M = map };
    }

    public static OrderResponse ToOrder(Dictionary<string, AttributeValue> item)
    {
        var address = item["address"].M;
        return new OrderResponse(
            item["orderId"].S,
            item["status"].S,
            [.. item["lines"].L.Select(l =>
            {
                var unitPrice = Decimal(l.M["unitPrice"]);
                var quantity = int.Parse(l.M["quantity"].N, CultureInfo.InvariantCulture);
                return new OrderLineResponse(l.M["productId"].S, l.M["name"].S, unitPrice, quantity, unitPrice * quantity);
            })],
            Decimal(item["subtotal"]),
            Decimal(item["discount"]),
            Decimal(item["total"]),
            item["currency"].S,
            item.GetValueOrDefault("promoCode")?.S,
            new ShippingAddress(Text(address, "fullName"), Text(address, "line1"), Text(address, "line2"), Text(address, "city"),
                Text(address, "region"), Text(address, "postalCode"), Text(address, "country"), Text(address, "phone")),
            [.. item["timeline"].L.Select(t => new OrderStatusChange(
                t.M["status"].S, DateTimeOffset.Parse(t.M["at"].S, CultureInfo.InvariantCulture), Text(t.M, "reason")))],
            DateTimeOffset.Parse(item["createdAt"].S, CultureInfo.InvariantCulture),
            Text(item, "paymentStatus") ?? PaymentStatuses.Pending);
    }

    public static OrderSummaryResponse ToSummary(Dictionary<string, AttributeValue> item) => new(
        item["orderId"].S,
        item["status"].S,
        int.Parse(item["itemCount"].N, CultureInfo.InvariantCulture),
        Decimal(item["total"]),
        item["currency"].S,
        DateTimeOffset.Parse(item["createdAt"].S, CultureInfo.InvariantCulture));

    public static AttributeValue Number(decimal value) => new() { N = value.ToString(CultureInfo.InvariantCulture) };

    private static decimal Decimal(AttributeValue value) => decimal.Parse(value.N, NumberStyles.Number, CultureInfo.InvariantCulture);

    private static Dictionary<string, AttributeValue> AddressItem(ShippingAddress a)
    {
        var map = new Dictionary<string, AttributeValue>();
        foreach (var (name, value) in new[]
        {
            ("fullName", a.FullName), ("line1", a.Line1), ("line2", a.Line2), ("city", a.City),
            ("region", a.Region), ("postalCode", a.PostalCode), ("country", a.Country), ("phone", a.Phone),
        })
        {
            if (value is not null)
            {
                map[name] = new() { S = value };
            }
        }
        return map;
    }

    private static string? Text(Dictionary<string, AttributeValue> map, string name) => map.GetValueOrDefault(name)?.S;
}
