namespace BStore.Api.Cart;

/// <summary>A cart line as read, with its product: <see cref="Stock"/> null when the product is not in the catalog,
/// <see cref="Quantity"/> null when the cart has no such line.</summary>
public sealed record CartLineState(int? Stock, long Version, int LineCount, int? Quantity);

/// <summary>What a cart change comes to: an answer with nothing to write, or a line to write at <see cref="Quantity"/>
/// (0: delete it) with the header's line count changed by <see cref="LineDelta"/>.</summary>
public readonly record struct CartDecision(CartWrite? Answer, int Quantity, int LineDelta)
{
    public static CartDecision Write(int quantity, int lineDelta) => new(null, quantity, lineDelta);

    public static implicit operator CartDecision(CartWrite answer) => new(answer, 0, 0);
}

/// <summary>A guest cart merged into the account's: what to write, and what the shopper is told.</summary>
public sealed record MergePlan(
    IReadOnlyList<MergedLine> Writes, int AddedLines, IReadOnlyList<string> Unknown, IReadOnlyList<(string ProductId, int Requested, int Quantity)> Adjusted);

/// <summary>A line the merge writes: <see cref="Quantity"/>, over the <see cref="Existing"/> quantity it was read at (0: a new line).</summary>
public sealed record MergedLine(string ProductId, int Quantity, int Existing);

/// <summary>
/// The cart's rules, apart from how it is stored: at most <see cref="CartStore.MaxQuantity"/> of a product and no more than
/// its stock, at most <see cref="CartStore.MaxLines"/> lines, If-Match versions. Pure functions of the cart as read;
/// <see cref="CartStore"/> writes each decision conditioned on what was read (the line's quantity, the header's version
/// and line count), so a decision taken on a cart that changed meanwhile fails in DynamoDB and is taken again.
/// </summary>
public static class CartRules
{
    public static CartDecision SetQuantity(CartLineState state, int quantity, long? expectedVersion)
    {
        if (state.Stock is not { } stock)
        {
            return new CartWrite(CartOutcome.ProductNotFound, state.Version);
        }
        if (expectedVersion is not null && expectedVersion != state.Version)
        {
            return new CartWrite(CartOutcome.VersionMismatch, state.Version);
        }
        if (quantity > stock)
        {
            return new CartWrite(CartOutcome.InsufficientStock, state.Version, quantity, Math.Max(stock, 0));
        }
        if (state.Quantity is null && state.LineCount >= CartStore.MaxLines)
        {
            return new CartWrite(CartOutcome.TooManyLines, state.Version);
        }
        if ((state.Quantity ?? 0) == quantity)
        {
            return new CartWrite(CartOutcome.Unchanged, state.Version, quantity);
        }
        return CartDecision.Write(quantity, state.Quantity is null ? 1 : 0);
    }

    public static CartDecision Remove(long version, bool lineExists, long? expectedVersion) =>
        expectedVersion is not null && expectedVersion != version ? new CartWrite(CartOutcome.VersionMismatch, version)
        : !lineExists ? new CartWrite(CartOutcome.Unchanged, version)
        : CartDecision.Write(0, -1);

    public static CartDecision Clear(StoredCart cart, long? expectedVersion) =>
        expectedVersion is not null && expectedVersion != cart.Version ? new CartWrite(CartOutcome.VersionMismatch, cart.Version)
        : cart.Lines.Count == 0 ? new CartWrite(CartOutcome.Unchanged, cart.Version)
        : CartDecision.Write(0, -cart.Lines.Count);

    /// <summary>One more of a wishlist entry's product in the cart.</summary>
    public static CartDecision MoveFromWishlist(CartLineState state, bool inWishlist)
    {
        if (!inWishlist)
        {
            return new CartWrite(CartOutcome.NotInWishlist, state.Version);
        }
        if (state.Stock is not { } stock)
        {
            return new CartWrite(CartOutcome.ProductNotFound, state.Version);
        }
        var quantity = (state.Quantity ?? 0) + 1;
        if (quantity > Math.Min(CartStore.MaxQuantity, stock))
        {
            return new CartWrite(CartOutcome.InsufficientStock, state.Version, quantity, Math.Max(stock, 0));
        }
        if (state.Quantity is null && state.LineCount >= CartStore.MaxLines)
        {
            return new CartWrite(CartOutcome.TooManyLines, state.Version);
        }
        return CartDecision.Write(quantity, state.Quantity is null ? 1 : 0);
    }

    /// <summary>
    /// Adds a guest cart's quantities to the account's, in product id order: each capped by 99 and by stock (a line already
    /// above the stock is kept, never lowered), new lines only while the cart has room; products not in the catalog
    /// (<paramref name="stock"/> lacks them) are left out and named.
    /// </summary>
    public static MergePlan Merge(StoredCart cart, IReadOnlyDictionary<string, int> guestLines, IReadOnlyDictionary<string, int> stock)
    {
        var current = cart.Lines.ToDictionary(l => l.ProductId, l => l.Quantity, StringComparer.Ordinal);
        var unknown = guestLines.Keys.Where(id => !stock.ContainsKey(id)).Order(StringComparer.Ordinal).ToList();
        var adjusted = new List<(string, int, int)>();
        var writes = new List<MergedLine>();
        var lineCount = cart.Lines.Count;
        var added = 0;
        foreach (var (productId, guestQuantity) in guestLines.Where(l => stock.ContainsKey(l.Key)).OrderBy(l => l.Key, StringComparer.Ordinal))
        {
            var existing = current.GetValueOrDefault(productId);
            var wanted = existing + guestQuantity;
            var allowed = Math.Min(wanted, Math.Min(CartStore.MaxQuantity, Math.Max(stock[productId], existing)));
            if (existing == 0 && lineCount >= CartStore.MaxLines)
            {
                allowed = 0;
            }
            if (allowed != wanted)
            {
                adjusted.Add((productId, wanted, allowed));
            }
            if (allowed > existing)
            {
                if (existing == 0)
                {
                    lineCount++;
                    added++;
                }
                writes.Add(new MergedLine(productId, allowed, existing));
            }
        }
        return new MergePlan(writes, added, unknown, adjusted);
    }
}
