using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using BStore.Api.Notifications;
using BStore.Api.Catalog;
using BStore.Api.Hosting;
using Microsoft.Extensions.Options;

namespace BStore.Api.Cart;

public enum CartOutcome { Changed, Unchanged, ProductNotFound, InsufficientStock, TooManyLines, VersionMismatch, Conflict, NotInWishlist }

/// <summary>What a cart write did: the cart's version afterwards, and for stock problems what is available.</summary>
public sealed record CartWrite(CartOutcome Outcome, long? Version, int Quantity = 0, int Available = 0);

/// <summary>
/// Cart reads and writes. Every write is one TransactWriteItems holding the change, the cart header and the
/// activity event. Each line write is conditioned on what was read (absent, or its quantity), the header's
/// version and line count change by atomic ADD, so writes to different lines never conflict and a write whose
/// read went stale fails and is retried on fresh data: no update is lost. With If-Match the header is
/// conditioned on that version instead, and a stale one is answered 412.
/// </summary>
public sealed class CartStore(IAmazonDynamoDB dynamoDb, IOptions<Data.TableNameSettings> options, ActivityEvents events, TimeProvider time)
{
    public const int MaxQuantity = 99;
    /// <summary>
    /// Checkout reserves stock and empties the cart in one DynamoDB transaction (at most 100 items): two per line
    /// plus four, so a cart holds at most 45 different products.
    /// </summary>
    public const int MaxLines = 45;
    private const int Attempts = 4;

    private readonly string _table = options.Value.UserActivity;
    private readonly string _products = options.Value.Products;

    public async Task<StoredCart> ReadAsync(string userId, CancellationToken cancellationToken)
    {
        var items = new List<Dictionary<string, AttributeValue>>();
        Dictionary<string, AttributeValue>? start = null;
        do
        {
            var page = await dynamoDb.QueryAsync(new QueryRequest
            {
                TableName = _table,
                KeyConditionExpression = "userId = :u AND begins_with(sk, :cart)",
                ExpressionAttributeValues = new() { [":u"] = new() { S = userId }, [":cart"] = new() { S = CartItems.HeaderKey } },
                ConsistentRead = true,
                ExclusiveStartKey = start,
            }, cancellationToken);
            items.AddRange(page.Items ?? []);
            start = page.LastEvaluatedKey is { Count: > 0 } next ? next : null;
        }
        while (start is not null);
        var header = items.FirstOrDefault(i => i["sk"].S == CartItems.HeaderKey);
        var lines = items.Where(i => i["sk"].S.StartsWith(CartItems.LinePrefix, StringComparison.Ordinal))
            .Select(i => new StoredCartLine(i["sk"].S[CartItems.LinePrefix.Length..], CartItems.Quantity(i)))
            .ToList();
        return new StoredCart(CartItems.Version(header), lines);
    }

    /// <summary>Sets a line's quantity (1–99). <paramref name="expectedVersion"/> comes from If-Match.</summary>
    public Task<CartWrite> SetQuantityAsync(string userId, string productId, int quantity, long? expectedVersion, CancellationToken cancellationToken) =>
        WithRetriesAsync(expectedVersion, async () =>
        {
            var state = await LoadAsync(userId, productId, cancellationToken);
            if (state.Product is null)
            {
                return new CartWrite(CartOutcome.ProductNotFound, state.Version);
            }
            if (expectedVersion is not null && expectedVersion != state.Version)
            {
                return new CartWrite(CartOutcome.VersionMismatch, state.Version);
            }
            if (quantity > state.Product.Stock)
            {
                return new CartWrite(CartOutcome.InsufficientStock, state.Version, quantity, Math.Max(state.Product.Stock, 0));
            }
            if (state.Line is null && state.LineCount >= MaxLines)
            {
                return new CartWrite(CartOutcome.TooManyLines, state.Version);
            }
            if (CartItems.Quantity(state.Line) == quantity)
            {
                return new CartWrite(CartOutcome.Unchanged, state.Version, quantity);
            }
            return await CommitAsync(state.Version, quantity,
            [
                PutLine(userId, productId, quantity, state.Line),
                Header(userId, expectedVersion, state.Line is null ? 1 : 0),
                events.Put(_table, userId, ActivityTypes.CartItemSet, productId, quantity),
            ], cancellationToken);
        });

    public Task<CartWrite> RemoveAsync(string userId, string productId, long? expectedVersion, CancellationToken cancellationToken) =>
        WithRetriesAsync(expectedVersion, async () =>
        {
            var state = await LoadAsync(userId, productId, cancellationToken, withProduct: false);
            if (expectedVersion is not null && expectedVersion != state.Version)
            {
                return new CartWrite(CartOutcome.VersionMismatch, state.Version);
            }
            if (state.Line is null)
            {
                return new CartWrite(CartOutcome.Unchanged, state.Version);
            }
            return await CommitAsync(state.Version, 0,
            [
                DeleteLine(userId, productId),
                Header(userId, expectedVersion, -1),
                events.Put(_table, userId, ActivityTypes.CartItemRemoved, productId),
            ], cancellationToken);
        });

    public Task<CartWrite> ClearAsync(string userId, long? expectedVersion, CancellationToken cancellationToken) =>
        WithRetriesAsync(expectedVersion, async () =>
        {
            var cart = await ReadAsync(userId, cancellationToken);
            if (expectedVersion is not null && expectedVersion != cart.Version)
            {
                return new CartWrite(CartOutcome.VersionMismatch, cart.Version);
            }
            if (cart.Lines.Count == 0)
            {
                return new CartWrite(CartOutcome.Unchanged, cart.Version);
            }
            // Conditioned on the version read: a line added meanwhile must not survive an "empty the cart".
            return await CommitAsync(cart.Version, 0,
            [
                .. cart.Lines.Select(l => DeleteLine(userId, l.ProductId)),
                Header(userId, cart.Version, -cart.Lines.Count),
                events.Put(_table, userId, ActivityTypes.CartCleared),
            ], cancellationToken);
        });

    /// <summary>Adds a guest cart's quantities to the account's (capped by stock and 99) in one transaction.</summary>
    public Task<(CartWrite Write, IReadOnlyList<string> Unknown, IReadOnlyList<(string ProductId, int Requested, int Quantity)> Adjusted)> MergeAsync(
        string userId, IReadOnlyDictionary<string, int> guestLines, CatalogStore catalog, CancellationToken cancellationToken) =>
        WithRetriesAsync<(CartWrite, IReadOnlyList<string>, IReadOnlyList<(string, int, int)>)>(null, async () =>
        {
            var cart = await ReadAsync(userId, cancellationToken);
            var products = await catalog.GetProductsAsync(guestLines.Keys, cancellationToken);
            var current = cart.Lines.ToDictionary(l => l.ProductId, l => l.Quantity, StringComparer.Ordinal);
            var unknown = guestLines.Keys.Where(id => !products.ContainsKey(id)).Order(StringComparer.Ordinal).ToList();
            var adjusted = new List<(string, int, int)>();
            var writes = new List<TransactWriteItem>();
            var lineCount = cart.Lines.Count;
            var added = 0;
            foreach (var (productId, guestQuantity) in guestLines.Where(l => products.ContainsKey(l.Key)).OrderBy(l => l.Key, StringComparer.Ordinal))
            {
                var existing = current.GetValueOrDefault(productId);
                var wanted = existing + guestQuantity;
                var allowed = Math.Min(wanted, Math.Min(MaxQuantity, Math.Max(products[productId].Stock, existing)));
                if (existing == 0 && lineCount >= MaxLines)
                {
                    allowed = 0;
                }
                if (allowed != wanted)
                {
                    adjusted.Add((productId, wanted, allowed));
                }
                if (allowed > existing)
                {
                    lineCount += existing == 0 ? 1 : 0;
                    added += existing == 0 ? 1 : 0;
                    writes.Add(PutLine(userId, productId, allowed, existing == 0 ? null : QuantityItem(existing)));
                }
            }
            if (writes.Count == 0)
            {
                return (new CartWrite(CartOutcome.Unchanged, cart.Version), unknown, adjusted);
            }
            var write = await CommitAsync(cart.Version, 0,
                [.. writes, Header(userId, null, added), events.Put(_table, userId, ActivityTypes.CartMerged, quantity: writes.Count)],
                cancellationToken);
            return (write, unknown, adjusted);
        }, conflict => (conflict, [], []));

    /// <summary>Moves a wishlist entry into the cart (one more of it), all in one transaction.</summary>
    public Task<CartWrite> MoveFromWishlistAsync(string userId, string productId, string wishlistKey, CancellationToken cancellationToken) =>
        WithRetriesAsync(null, async () =>
        {
            var state = await LoadAsync(userId, productId, cancellationToken, wishlistKey: wishlistKey);
            if (state.WishlistEntry is null)
            {
                return new CartWrite(CartOutcome.NotInWishlist, state.Version);
            }
            if (state.Product is null)
            {
                return new CartWrite(CartOutcome.ProductNotFound, state.Version);
            }
            var existing = CartItems.Quantity(state.Line);
            var quantity = existing + 1;
            if (quantity > Math.Min(MaxQuantity, state.Product.Stock))
            {
                return new CartWrite(CartOutcome.InsufficientStock, state.Version, quantity, Math.Max(state.Product.Stock, 0));
            }
            if (state.Line is null && state.LineCount >= MaxLines)
            {
                return new CartWrite(CartOutcome.TooManyLines, state.Version);
            }
            return await CommitAsync(state.Version, quantity,
            [
                new TransactWriteItem
                {
                    Delete = new Delete { TableName = _table, Key = CartItems.Key(userId, wishlistKey), ConditionExpression = "attribute_exists(sk)" },
                },
                PutLine(userId, productId, quantity, state.Line),
                Header(userId, null, state.Line is null ? 1 : 0),
                events.Put(_table, userId, ActivityTypes.WishlistItemMovedToCart, productId, quantity),
            ], cancellationToken);
        });

    private sealed record LoadedState(
        Product? Product, long Version, int LineCount, Dictionary<string, AttributeValue>? Line, Dictionary<string, AttributeValue>? WishlistEntry);

    /// <summary>Product, cart header, cart line (and wishlist entry) in one BatchGetItem across both tables.</summary>
    private async Task<LoadedState> LoadAsync(
        string userId, string productId, CancellationToken cancellationToken, bool withProduct = true, string? wishlistKey = null)
    {
        List<Dictionary<string, AttributeValue>> activityKeys = [CartItems.Key(userId, CartItems.HeaderKey), CartItems.Key(userId, CartItems.LineKey(productId))];
        if (wishlistKey is not null)
        {
            activityKeys.Add(CartItems.Key(userId, wishlistKey));
        }
        var request = new Dictionary<string, KeysAndAttributes> { [_table] = new() { Keys = activityKeys, ConsistentRead = true } };
        if (withProduct)
        {
            request[_products] = new() { Keys = [new() { [ProductItem.Id] = new() { S = productId } }], ConsistentRead = true };
        }
        var found = new Dictionary<string, List<Dictionary<string, AttributeValue>>>();
        while (request.Count > 0)
        {
            var response = await dynamoDb.BatchGetItemAsync(new BatchGetItemRequest { RequestItems = request }, cancellationToken);
            foreach (var (table, items) in response.Responses ?? [])
            {
                (found.TryGetValue(table, out var list) ? list : found[table] = []).AddRange(items);
            }
            request = response.UnprocessedKeys ?? [];
        }
        var activity = found.GetValueOrDefault(_table) ?? [];
        var header = activity.FirstOrDefault(i => i["sk"].S == CartItems.HeaderKey);
        var product = found.GetValueOrDefault(_products)?.FirstOrDefault();
        return new LoadedState(
            product is null ? null : ProductItem.ToProduct(product),
            CartItems.Version(header),
            CartItems.LineCount(header),
            activity.FirstOrDefault(i => i["sk"].S == CartItems.LineKey(productId)),
            wishlistKey is null ? null : activity.FirstOrDefault(i => i["sk"].S == wishlistKey));
    }

    /// <summary>
    /// Commits a change made on a cart read at <paramref name="readVersion"/>. The header's ADD makes that version + 1,
    /// unless another change landed in between: then this answer's version is already stale and an If-Match with it
    /// is refused (412), never taken for a cart its sender has not seen. No read-back: one round trip less.
    /// </summary>
    private async Task<CartWrite> CommitAsync(long readVersion, int quantity, List<TransactWriteItem> writes, CancellationToken cancellationToken)
    {
        await dynamoDb.TransactWriteItemsAsync(new TransactWriteItemsRequest { TransactItems = writes }, cancellationToken);
        return new CartWrite(CartOutcome.Changed, readVersion + 1, quantity);
    }

    private static Dictionary<string, AttributeValue> QuantityItem(int quantity) => new() { ["quantity"] = new() { N = CartItems.N(quantity) } };

    /// <summary>Writes a line, conditioned on the line as it was read (absent, or at its quantity).</summary>
    private TransactWriteItem PutLine(string userId, string productId, int quantity, Dictionary<string, AttributeValue>? readLine)
    {
        var item = CartItems.Key(userId, CartItems.LineKey(productId));
        item["quantity"] = new() { N = CartItems.N(quantity) };
        item["updatedAt"] = Now();
        return new TransactWriteItem
        {
            Put = readLine is null
                ? new Put { TableName = _table, Item = item, ConditionExpression = "attribute_not_exists(sk)" }
                : new Put
                {
                    TableName = _table,
                    Item = item,
                    ConditionExpression = "quantity = :read",
                    ExpressionAttributeValues = new() { [":read"] = new() { N = CartItems.N(CartItems.Quantity(readLine)) } },
                },
        };
    }

    private TransactWriteItem DeleteLine(string userId, string productId) => new()
    {
        Delete = new Delete { TableName = _table, Key = CartItems.Key(userId, CartItems.LineKey(productId)), ConditionExpression = "attribute_exists(sk)" },
    };

    /// <summary>
    /// The header: version + 1 and line count + <paramref name="lineDelta"/> by atomic ADD (a new line only while the
    /// cart holds fewer than the maximum). With <paramref name="expectedVersion"/>, conditioned on that version.
    /// </summary>
    private TransactWriteItem Header(string userId, long? expectedVersion, int lineDelta)
    {
        var values = new Dictionary<string, AttributeValue>
        {
            [":one"] = new() { N = "1" },
            [":delta"] = new() { N = CartItems.N(lineDelta) },
            [":now"] = Now(),
        };
        var conditions = new List<string>();
        if (expectedVersion is { } expected)
        {
            conditions.Add(expected == 0 ? "attribute_not_exists(version)" : "version = :expected");
            if (expected != 0)
            {
                values[":expected"] = new() { N = CartItems.N(expected) };
            }
        }
        if (lineDelta > 0)
        {
            conditions.Add("(attribute_not_exists(lineCount) OR lineCount <= :room)");
            values[":room"] = new() { N = CartItems.N(MaxLines - lineDelta) };
        }
        return new TransactWriteItem
        {
            Update = new Update
            {
                TableName = _table,
                Key = CartItems.Key(userId, CartItems.HeaderKey),
                UpdateExpression = "SET updatedAt = :now ADD version :one, lineCount :delta",
                ConditionExpression = conditions.Count == 0 ? null : string.Join(" AND ", conditions),
                ExpressionAttributeValues = values,
            },
        };
    }

    private AttributeValue Now() => new() { S = time.GetUtcNow().ToString("O", System.Globalization.CultureInfo.InvariantCulture) };

    private static Task<CartWrite> WithRetriesAsync(long? expectedVersion, Func<Task<CartWrite>> attempt) =>
        WithRetriesAsync(expectedVersion, attempt, conflict => conflict);

    /// <summary>
    /// Runs read-then-write attempts. A transaction cancelled by a condition or a conflicting transaction means the
    /// cart changed in between: without If-Match the write is retried on fresh data; with it, the client is told.
    /// </summary>
    private static async Task<T> WithRetriesAsync<T>(long? expectedVersion, Func<Task<T>> attempt, Func<CartWrite, T> onConflict)
    {
        for (var i = 1; ; i++)
        {
            try
            {
                return await attempt();
            }
            catch (TransactionCanceledException e) when (IsRace(e))
            {
                if (expectedVersion is not null)
                {
                    return onConflict(new CartWrite(CartOutcome.VersionMismatch, -1));
                }
                if (i == Attempts)
                {
                    return onConflict(new CartWrite(CartOutcome.Conflict, -1));
                }
                await Task.Delay(Random.Shared.Next(5, 20 * i));
            }
        }
    }

    private static bool IsRace(TransactionCanceledException e) =>
        e.CancellationReasons?.Any(r => r.Code is "ConditionalCheckFailed" or "TransactionConflict") ?? true;
}
