using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using BStore.Api.Cart;
using BStore.Api.Catalog;
using BStore.Api.Data;
using BStore.Api.Hosting;
using BStore.Api.Notifications;
using BStore.Api.Promotions;
using Microsoft.Extensions.Options;

namespace BStore.Api.Orders;

public enum CheckoutOutcome { Placed, Replayed, EmptyCart, LinesUnavailable, KeyReused, PromoUnknown, PromoNotApplicable, Busy }

/// <summary>What checkout did: the order (placed now, or earlier with the same key), or why there is none.</summary>
public sealed record CheckoutResult(
    CheckoutOutcome Outcome, OrderResponse? Order = null, IReadOnlyList<CheckoutLineProblem>? Problems = null, string? PromoProblem = null);

public enum CancelOutcome { Cancelled, AlreadyCancelled, NotFound, TooLate, Busy }

/// <summary>
/// Orders: checkout turns the caller's cart into an order in one TransactWriteItems (docs/data-model.md):
/// every product's stock decremented on the condition that enough is left and the price is the one charged,
/// every cart line and the cart header deleted on the condition that they are as read, the order, its
/// idempotency key and its activity event put, and a promo code redeemed within its limits. All of it or nothing;
/// stock and redemptions are never read-modified-written. At most 2 × 45 lines + 6 = 96 of DynamoDB's 100 items.
/// </summary>
public sealed class OrderStore(
    IAmazonDynamoDB dynamoDb, IOptions<Data.TableNameSettings> options, CatalogStore catalog, CartStore carts, PromotionStore promotions, ActivityEvents events,
    TimeProvider time)
{
    public static readonly TimeSpan IdempotencyKeyLifetime = TimeSpan.FromHours(24);

    // The first attempt, on the snapshot's figures, does not count against the retries of a busy sale.
    private static readonly RetryPolicy CheckoutRetries = RetryPolicy.Conflicts with { Attempts = RetryPolicy.Conflicts.Attempts + 1 };

    // The order of the transaction's items, which the cancellation reasons follow.
    private const int IdempotencyItem = 0;

    private readonly string _table = options.Value.UserActivity;
    private readonly string _products = options.Value.Products;

    /// <summary>A fingerprint of what was asked, to tell a retry (same body) from a reused key (another body).</summary>
    public static string Fingerprint(PlaceOrderRequest request) =>
        Convert.ToHexStringLower(SHA256.HashData(JsonSerializer.SerializeToUtf8Bytes(request, OrdersRequestJsonContext.Default.PlaceOrderRequest)));

    public async Task<CheckoutResult> PlaceAsync(string userId, string idempotencyKey, PlaceOrderRequest request, CancellationToken cancellationToken)
    {
        var fingerprint = Fingerprint(request);
        // Prices and stock come from the catalog snapshot first: the transaction is conditioned on both, so a stale
        // snapshot costs a retry with a consistent read, never a wrong order.
        var consistent = false;
        return await CheckoutRetries.RunAsync<CheckoutResult>(async _ =>
        {
            var cart = await carts.ReadAsync(userId, cancellationToken);
            if (cart.Lines.Count == 0)
            {
                // A retry of a checkout that went through finds the cart it emptied.
                return await ReplayAsync(userId, idempotencyKey, fingerprint, cancellationToken) ?? new CheckoutResult(CheckoutOutcome.EmptyCart);
            }
            var ids = cart.Lines.Select(l => l.ProductId);
            var products = consistent ? await catalog.GetProductsAsync(ids, cancellationToken) : await catalog.LookupAsync(ids, cancellationToken);
            var problems = CheckoutRules.Problems(cart, products);
            if (problems.Count > 0 && !consistent)
            {
                // A refusal is never made on the snapshot's figures alone.
                products = await catalog.GetProductsAsync(ids, cancellationToken);
                problems = CheckoutRules.Problems(cart, products);
                consistent = true;
            }
            if (problems.Count > 0)
            {
                return new CheckoutResult(CheckoutOutcome.LinesUnavailable, Problems: problems);
            }

            var now = time.GetUtcNow();
            var order = CheckoutRules.Price(cart, products, ShippingAddressRules.Normalize(request.ShippingAddress!), ActivityEvents.SortableId(now), now);
            Promotion? promotion = null;
            if (PromotionItems.Normalize(request.PromoCode) is { } code)
            {
                (promotion, var uses) = await promotions.GetAsync(userId, code, cancellationToken);
                (order, var refusal) = CheckoutRules.ApplyPromotion(order, code, promotion, uses, time.GetUtcNow());
                if (refusal is not null)
                {
                    return refusal;
                }
            }
            try
            {
                await dynamoDb.TransactWriteItemsAsync(new TransactWriteItemsRequest
                {
                    TransactItems = Transaction(userId, idempotencyKey, fingerprint, order, cart, products, promotion,
                        request.PaymentMethod ?? LocalPaymentGateway.DefaultPaymentMethod),
                }, cancellationToken);
                return new CheckoutResult(CheckoutOutcome.Placed, order);
            }
            catch (TransactionCanceledException e) when (e.ConditionFailedAt(IdempotencyItem))
            {
                // The key is taken: a retry of an earlier checkout (or one racing it), or the key reused for another body.
                if (await ReplayAsync(userId, idempotencyKey, fingerprint, cancellationToken) is { } earlier)
                {
                    return earlier;
                }
            }
            catch (TransactionCanceledException)
            {
                // Stock, a price, the cart or the code's redemptions moved since they were read: read again, consistently.
                consistent = true;
            }
            return Attempt<CheckoutResult>.Again;
        }, () => new CheckoutResult(CheckoutOutcome.Busy), cancellationToken);
    }

    public async Task<OrderResponse?> GetAsync(string userId, string orderId, CancellationToken cancellationToken) =>
        await ReadOrderItemAsync(userId, orderId, cancellationToken) is { } item ? OrderItems.ToOrder(item) : null;

    /// <summary>The stored order item (consistent read), for the steps that condition their writes on its version.</summary>
    public Task<Dictionary<string, AttributeValue>?> ReadOrderItemAsync(string userId, string orderId, CancellationToken cancellationToken) =>
        ReadItemAsync(OrderItems.OrderKey(userId, orderId), cancellationToken);

    /// <summary>The shopper's orders, newest first, <paramref name="limit"/> at a time after <paramref name="afterId"/>.</summary>
    public async Task<(IReadOnlyList<OrderSummaryResponse> Orders, string? NextId)> ListAsync(
        string userId, int limit, string? afterId, CancellationToken cancellationToken)
    {
        var query = UserActivityItems.QueryPrefix(_table, userId, UserActivityKeys.OrderPrefix);
        query.ProjectionExpression = "orderId, #status, itemCount, #total, currency, createdAt";
        query.ExpressionAttributeNames = new() { ["#status"] = "status", ["#total"] = "total" };
        query.ScanIndexForward = false;
        query.Limit = limit;
        query.ExclusiveStartKey = afterId is null ? null : OrderItems.OrderKey(userId, afterId);
        var page = await dynamoDb.QueryAsync(query, cancellationToken);
        var orders = (page.Items ?? []).Select(OrderItems.ToSummary).ToList();
        var nextId = page.LastEvaluatedKey is { Count: > 0 } && orders.Count > 0 ? orders[^1].Id : null;
        return (orders, nextId);
    }

    /// <summary>
    /// Cancels an order that has not shipped: status, timeline (with <paramref name="reason"/>), the shopper's event
    /// and every product's stock back, and a redeemed promo code given back, in one transaction. Money is the
    /// caller's business (<see cref="OrderLifecycle"/>).
    /// </summary>
    public async Task<(CancelOutcome Outcome, OrderResponse? Order)> CancelAsync(
        string userId, string orderId, string reason, CancellationToken cancellationToken)
    {
        return await RetryPolicy.Conflicts.RunAsync<(CancelOutcome, OrderResponse?)>(async _ =>
        {
            if (await ReadItemAsync(OrderItems.OrderKey(userId, orderId), cancellationToken) is not { } item)
            {
                return (CancelOutcome.NotFound, null);
            }
            var order = OrderItems.ToOrder(item);
            var (refusal, plan) = OrderTransitions.Cancel(order, reason, time.GetUtcNow());
            if (plan is null)
            {
                return (refusal!.Value, order);
            }
            // Conditioned on the version read: the order is still in the state the plan was made for.
            List<TransactWriteItem> writes =
            [
                new() { Update = new Update
                {
                    TableName = _table,
                    Key = OrderItems.OrderKey(userId, orderId),
                    UpdateExpression = "SET #status = :cancelled, timeline = list_append(timeline, :change), paymentStatus = :payment ADD version :one",
                    ConditionExpression = "version = :version",
                    ExpressionAttributeNames = new() { ["#status"] = "status" },
                    ExpressionAttributeValues = new()
                    {
                        [":cancelled"] = new() { S = OrderStatuses.Cancelled },
                        [":change"] = new() { L = [OrderItems.StatusChangeItem(plan.Change)] },
                        [":one"] = new() { N = "1" },
                        [":version"] = item["version"],
                        [":payment"] = new() { S = plan.PaymentStatus },
                    },
                } },
                events.Put(_table, userId, plan.EventType, quantity: order.Lines.Sum(l => l.Quantity), orderId: orderId),
                .. order.PromoCode is null ? [] : PromotionItems.Release(_products, _table, userId, order.PromoCode),
                .. order.Lines.Select(line => new TransactWriteItem { Update = new Update
                {
                    TableName = _products,
                    Key = new() { [ProductItem.Id] = new() { S = line.ProductId } },
                    UpdateExpression = "ADD #stock :quantity",
                    // A product that left the catalog is not brought back by its stock.
                    ConditionExpression = "attribute_exists(#id)",
                    ExpressionAttributeNames = new() { ["#stock"] = ProductItem.Stock, ["#id"] = ProductItem.Id },
                    ExpressionAttributeValues = new() { [":quantity"] = new() { N = DynamoNumbers.N(line.Quantity) } },
                } }),
            ];
            try
            {
                await dynamoDb.TransactWriteItemsAsync(new TransactWriteItemsRequest { TransactItems = writes }, cancellationToken);
                return (CancelOutcome.Cancelled, OrderTransitions.Cancelled(order, plan));
            }
            catch (TransactionCanceledException e) when (e.ReasonAt(0) is TransactionCancellation.ConditionalCheckFailed or TransactionCancellation.TransactionConflict)
            {
                // The order moved on (the workflow advanced it) since it was read: look again.
            }
            return Attempt<(CancelOutcome, OrderResponse?)>.Again;
        }, () => (CancelOutcome.Busy, null), cancellationToken);
    }

    private async Task<CheckoutResult?> ReplayAsync(string userId, string idempotencyKey, string fingerprint, CancellationToken cancellationToken)
    {
        if (await ReadItemAsync(OrderItems.IdempotencyKey(userId, idempotencyKey), cancellationToken) is not { } key || long.Parse(key["expiresAt"].N, CultureInfo.InvariantCulture) < time.GetUtcNow().ToUnixTimeSeconds())
        {
            return null;
        }
        if (key["requestHash"].S != fingerprint)
        {
            return new CheckoutResult(CheckoutOutcome.KeyReused);
        }
        var order = await GetAsync(userId, key["orderId"].S, cancellationToken);
        return new CheckoutResult(CheckoutOutcome.Replayed, order);
    }

    private async Task<Dictionary<string, AttributeValue>?> ReadItemAsync(Dictionary<string, AttributeValue> key, CancellationToken cancellationToken)
    {
        var found = await dynamoDb.GetItemAsync(new GetItemRequest { TableName = _table, Key = key, ConsistentRead = true }, cancellationToken);
        return found.Item is { Count: > 0 } item ? item : null;
    }

    private List<TransactWriteItem> Transaction(
        string userId, string idempotencyKey, string fingerprint, OrderResponse order, StoredCart cart, IReadOnlyDictionary<string, Product> products,
        Promotion? promotion, string paymentMethod)
    {
        var now = time.GetUtcNow();
        var key = OrderItems.IdempotencyKey(userId, idempotencyKey);
        key["requestHash"] = new() { S = fingerprint };
        key["orderId"] = new() { S = order.Id };
        key["expiresAt"] = new() { N = (now + IdempotencyKeyLifetime).ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture) };
        List<TransactWriteItem> writes =
        [
            new() { Put = new Put
            {
                TableName = _table,
                Item = key,
                // DynamoDB deletes expired items lazily: an expired key counts as free.
                ConditionExpression = "attribute_not_exists(sk) OR expiresAt < :now",
                ExpressionAttributeValues = new() { [":now"] = new() { N = now.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture) } },
            } },
            new() { Put = new Put
            {
                TableName = _table, Item = OrderItems.ToItem(userId, order, idempotencyKey, paymentMethod), ConditionExpression = "attribute_not_exists(sk)",
            } },
            events.Put(_table, userId, ActivityTypes.OrderPlaced, quantity: order.Lines.Sum(l => l.Quantity), orderId: order.Id),
            new() { Delete = new Delete
            {
                TableName = _table,
                Key = UserActivityItems.Key(userId, UserActivityKeys.CartHeader),
                ConditionExpression = "attribute_not_exists(sk) OR version = :version",
                ExpressionAttributeValues = new() { [":version"] = new() { N = DynamoNumbers.N(cart.Version) } },
            } },
            .. promotion is null ? [] : PromotionItems.Redeem(_products, _table, userId, promotion, now),
        ];
        foreach (var line in cart.Lines)
        {
            writes.Add(new() { Delete = new Delete
            {
                TableName = _table,
                Key = UserActivityItems.Key(userId, CartItems.LineKey(line.ProductId)),
                ConditionExpression = "quantity = :quantity",
                ExpressionAttributeValues = new() { [":quantity"] = new() { N = DynamoNumbers.N(line.Quantity) } },
            } });
            writes.Add(new() { Update = new Update
            {
                TableName = _products,
                Key = new() { [ProductItem.Id] = new() { S = line.ProductId } },
                UpdateExpression = "SET #stock = #stock - :quantity",
                ConditionExpression = "#stock >= :quantity AND #price = :price",
                ExpressionAttributeNames = new() { ["#stock"] = ProductItem.Stock, ["#price"] = ProductItem.Price },
                ExpressionAttributeValues = new()
                {
                    [":quantity"] = new() { N = DynamoNumbers.N(line.Quantity) },
                    [":price"] = OrderItems.Number(products[line.ProductId].Price),
                },
            } });
        }
        return writes;
    }
}
