using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using BStore.Api.Data;
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

    private readonly string _table = options.Value.UserActivity;
    private readonly string _products = options.Value.Products;

    public async Task<StoredCart> ReadAsync(string userId, CancellationToken cancellationToken)
    {
        // The header ("CART") and every line ("CART#…") share the header's key as prefix.
        var query = UserActivityItems.QueryPrefix(_table, userId, UserActivityKeys.CartHeader);
        query.ConsistentRead = true;
        var items = await dynamoDb.QueryAllAsync(query, cancellationToken);
        var header = items.FirstOrDefault(i => UserActivityItems.SortKeyOf(i) == UserActivityKeys.CartHeader);
        var lines = items.Where(i => UserActivityItems.SortKeyOf(i).StartsWith(UserActivityKeys.CartLinePrefix, StringComparison.Ordinal))
            .Select(i => new StoredCartLine(UserActivityItems.SortKeyOf(i)[UserActivityKeys.CartLinePrefix.Length..], CartItems.Quantity(i)))
            .ToList();
        return new StoredCart(CartItems.Version(header), lines);
    }

    /// <summary>Sets a line's quantity (1–99). <paramref name="expectedVersion"/> comes from If-Match.</summary>
    public Task<CartWrite> SetQuantityAsync(string userId, string productId, int quantity, long? expectedVersion, CancellationToken cancellationToken) =>
        WithRetriesAsync(expectedVersion, async () =>
        {
            var (state, _) = await LoadAsync(userId, productId, cancellationToken);
            var decision = CartRules.SetQuantity(state, quantity, expectedVersion);
            return decision.Answer ?? await CommitAsync(state.Version, quantity,
            [
                PutLine(userId, productId, quantity, state.Quantity),
                Header(userId, expectedVersion, decision.LineDelta),
                events.Put(_table, userId, ActivityTypes.CartItemSet, productId, quantity),
            ], cancellationToken);
        });

    public Task<CartWrite> RemoveAsync(string userId, string productId, long? expectedVersion, CancellationToken cancellationToken) =>
        WithRetriesAsync(expectedVersion, async () =>
        {
            var (state, _) = await LoadAsync(userId, productId, cancellationToken, withProduct: false);
            var decision = CartRules.Remove(state.Version, state.Quantity is not null, expectedVersion);
            return decision.Answer ?? await CommitAsync(state.Version, 0,
            [
                DeleteLine(userId, productId),
                Header(userId, expectedVersion, decision.LineDelta),
                events.Put(_table, userId, ActivityTypes.CartItemRemoved, productId),
            ], cancellationToken);
        });

    public Task<CartWrite> ClearAsync(string userId, long? expectedVersion, CancellationToken cancellationToken) =>
        WithRetriesAsync(expectedVersion, async () =>
        {
            var cart = await ReadAsync(userId, cancellationToken);
            var decision = CartRules.Clear(cart, expectedVersion);
            // Conditioned on the version read: a line added meanwhile must not survive an "empty the cart".
            return decision.Answer ?? await CommitAsync(cart.Version, 0,
            [
                .. cart.Lines.Select(l => DeleteLine(userId, l.ProductId)),
                Header(userId, cart.Version, decision.LineDelta),
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
            var plan = CartRules.Merge(cart, guestLines, products.ToDictionary(p => p.Key, p => p.Value.Stock, StringComparer.Ordinal));
            if (plan.Writes.Count == 0)
            {
                return (new CartWrite(CartOutcome.Unchanged, cart.Version), plan.Unknown, plan.Adjusted);
            }
            var write = await CommitAsync(cart.Version, 0,
            [
                .. plan.Writes.Select(line => PutLine(userId, line.ProductId, line.Quantity, line.Existing == 0 ? null : line.Existing)),
                Header(userId, null, plan.AddedLines),
                events.Put(_table, userId, ActivityTypes.CartMerged, quantity: plan.Writes.Count),
            ], cancellationToken);
            return (write, plan.Unknown, plan.Adjusted);
        }, conflict => (conflict, [], []));

    /// <summary>Moves a wishlist entry into the cart (one more of it), all in one transaction.</summary>
    public Task<CartWrite> MoveFromWishlistAsync(string userId, string productId, string wishlistKey, CancellationToken cancellationToken) =>
        WithRetriesAsync(null, async () =>
        {
            var (state, inWishlist) = await LoadAsync(userId, productId, cancellationToken, wishlistKey: wishlistKey);
            var decision = CartRules.MoveFromWishlist(state, inWishlist);
            return decision.Answer ?? await CommitAsync(state.Version, decision.Quantity,
            [
                new TransactWriteItem
                {
                    Delete = new Delete { TableName = _table, Key = UserActivityItems.Key(userId, wishlistKey), ConditionExpression = "attribute_exists(sk)" },
                },
                PutLine(userId, productId, decision.Quantity, state.Quantity),
                Header(userId, null, decision.LineDelta),
                events.Put(_table, userId, ActivityTypes.WishlistItemMovedToCart, productId, decision.Quantity),
            ], cancellationToken);
        });

    /// <summary>Product, cart header, cart line (and wishlist entry: is it there?) in one BatchGetItem across both tables.</summary>
    private async Task<(CartLineState State, bool InWishlist)> LoadAsync(
        string userId, string productId, CancellationToken cancellationToken, bool withProduct = true, string? wishlistKey = null)
    {
        List<Dictionary<string, AttributeValue>> activityKeys =
            [UserActivityItems.Key(userId, UserActivityKeys.CartHeader), UserActivityItems.Key(userId, CartItems.LineKey(productId))];
        if (wishlistKey is not null)
        {
            activityKeys.Add(UserActivityItems.Key(userId, wishlistKey));
        }
        var request = new Dictionary<string, KeysAndAttributes> { [_table] = new() { Keys = activityKeys, ConsistentRead = true } };
        if (withProduct)
        {
            request[_products] = new() { Keys = [new() { [ProductItem.Id] = new() { S = productId } }], ConsistentRead = true };
        }
        var found = await dynamoDb.BatchGetAllAsync(request, cancellationToken);
        var activity = found[_table];
        var header = activity.FirstOrDefault(i => UserActivityItems.SortKeyOf(i) == UserActivityKeys.CartHeader);
        var line = activity.FirstOrDefault(i => UserActivityItems.SortKeyOf(i) == CartItems.LineKey(productId));
        var product = found.GetValueOrDefault(_products)?.FirstOrDefault();
        var state = new CartLineState(
            product is null ? null : ProductItem.ToProduct(product).Stock,
            CartItems.Version(header),
            CartItems.LineCount(header),
            line is null ? null : CartItems.Quantity(line));
        return (state, wishlistKey is not null && activity.Any(i => UserActivityItems.SortKeyOf(i) == wishlistKey));
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

    /// <summary>Writes a line, conditioned on the line as it was read (absent, or at <paramref name="readQuantity"/>).</summary>
    private TransactWriteItem PutLine(string userId, string productId, int quantity, int? readQuantity)
    {
        var item = UserActivityItems.Key(userId, CartItems.LineKey(productId));
        item["quantity"] = new() { N = DynamoNumbers.N(quantity) };
        item["updatedAt"] = Now();
        return new TransactWriteItem
        {
            Put = readQuantity is not { } read
                ? new Put { TableName = _table, Item = item, ConditionExpression = "attribute_not_exists(sk)" }
                : new Put
                {
                    TableName = _table,
                    Item = item,
                    ConditionExpression = "quantity = :read",
                    ExpressionAttributeValues = new() { [":read"] = new() { N = DynamoNumbers.N(read) } },
                },
        };
    }

    private TransactWriteItem DeleteLine(string userId, string productId) => new()
    {
        Delete = new Delete { TableName = _table, Key = UserActivityItems.Key(userId, CartItems.LineKey(productId)), ConditionExpression = "attribute_exists(sk)" },
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
            [":delta"] = new() { N = DynamoNumbers.N(lineDelta) },
            [":now"] = Now(),
        };
        var conditions = new List<string>();
        if (expectedVersion is { } expected)
        {
            conditions.Add(expected == 0 ? "attribute_not_exists(version)" : "version = :expected");
            if (expected != 0)
            {
                values[":expected"] = new() { N = DynamoNumbers.N(expected) };
            }
        }
        if (lineDelta > 0)
        {
            conditions.Add("(attribute_not_exists(lineCount) OR lineCount <= :room)");
            values[":room"] = new() { N = DynamoNumbers.N(MaxLines - lineDelta) };
        }
        return new TransactWriteItem
        {
            Update = new Update
            {
                TableName = _table,
                Key = UserActivityItems.Key(userId, UserActivityKeys.CartHeader),
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
    private static Task<T> WithRetriesAsync<T>(long? expectedVersion, Func<Task<T>> attempt, Func<CartWrite, T> onConflict) =>
        RetryPolicy.Conflicts.RunAsync<T>(async _ =>
        {
            try
            {
                return await attempt();
            }
            catch (TransactionCanceledException e) when (e.IsRace())
            {
                return expectedVersion is null ? Attempt<T>.Again : onConflict(new CartWrite(CartOutcome.VersionMismatch, -1));
            }
        }, () => onConflict(new CartWrite(CartOutcome.Conflict, -1)), CancellationToken.None);
}
