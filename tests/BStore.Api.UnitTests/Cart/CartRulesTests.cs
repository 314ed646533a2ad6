using BStore.Api.Cart;

namespace BStore.Api.UnitTests.Cart;

public class CartRulesTests
{
    private static CartLineState Line(int? stock = 10, long version = 5, int lineCount = 2, int? quantity = null) =>
        new(stock, version, lineCount, quantity);

    private static CartWrite? Answer(CartDecision decision) => decision.Answer;

    [Fact]
    public void Setting_a_new_line_writes_it_and_counts_one_more_line() =>
        CartRules.SetQuantity(Line(), 3, expectedVersion: null).Should().Be(CartDecision.Write(3, 1));

    [Fact]
    public void Changing_an_existing_line_keeps_the_line_count() =>
        CartRules.SetQuantity(Line(quantity: 1), 4, expectedVersion: 5).Should().Be(CartDecision.Write(4, 0));

    [Fact]
    public void Setting_a_line_to_what_it_is_writes_nothing() =>
        Answer(CartRules.SetQuantity(Line(quantity: 4), 4, null)).Should().Be(new CartWrite(CartOutcome.Unchanged, 5, 4));

    [Fact]
    public void Setting_a_quantity_is_refused_in_the_order_the_shopper_would_fix_it()
    {
        Answer(CartRules.SetQuantity(Line(stock: null), 1, expectedVersion: 4)).Should().Be(new CartWrite(CartOutcome.ProductNotFound, 5));
        Answer(CartRules.SetQuantity(Line(stock: 1), 3, expectedVersion: 4)).Should().Be(new CartWrite(CartOutcome.VersionMismatch, 5));
        Answer(CartRules.SetQuantity(Line(stock: 1), 3, expectedVersion: 5)).Should().Be(new CartWrite(CartOutcome.InsufficientStock, 5, 3, 1));
        Answer(CartRules.SetQuantity(Line(stock: -1), 3, null)).Should().Be(new CartWrite(CartOutcome.InsufficientStock, 5, 3, 0));
        Answer(CartRules.SetQuantity(Line(lineCount: CartStore.MaxLines), 1, null)).Should().Be(new CartWrite(CartOutcome.TooManyLines, 5));
        CartRules.SetQuantity(Line(lineCount: CartStore.MaxLines, quantity: 1), 2, null).Should().Be(CartDecision.Write(2, 0), "a full cart can change its lines");
    }

    [Fact]
    public void Removing_deletes_a_line_that_is_there_and_nothing_else()
    {
        CartRules.Remove(5, lineExists: true, expectedVersion: null).Should().Be(CartDecision.Write(0, -1));
        Answer(CartRules.Remove(5, lineExists: false, expectedVersion: null)).Should().Be(new CartWrite(CartOutcome.Unchanged, 5));
        Answer(CartRules.Remove(5, lineExists: true, expectedVersion: 4)).Should().Be(new CartWrite(CartOutcome.VersionMismatch, 5));
    }

    [Fact]
    public void Clearing_deletes_every_line_unless_there_is_none_or_the_version_is_stale()
    {
        var cart = new StoredCart(5, [new("a", 1), new("b", 2)]);

        CartRules.Clear(cart, expectedVersion: 5).Should().Be(CartDecision.Write(0, -2));
        Answer(CartRules.Clear(cart, expectedVersion: 6)).Should().Be(new CartWrite(CartOutcome.VersionMismatch, 5));
        Answer(CartRules.Clear(new StoredCart(5, []), null)).Should().Be(new CartWrite(CartOutcome.Unchanged, 5));
    }

    [Fact]
    public void Moving_from_the_wishlist_adds_one_within_stock_and_the_99_cap()
    {
        CartRules.MoveFromWishlist(Line(), inWishlist: true).Should().Be(CartDecision.Write(1, 1));
        CartRules.MoveFromWishlist(Line(quantity: 2), inWishlist: true).Should().Be(CartDecision.Write(3, 0));
        Answer(CartRules.MoveFromWishlist(Line(), inWishlist: false)).Should().Be(new CartWrite(CartOutcome.NotInWishlist, 5));
        Answer(CartRules.MoveFromWishlist(Line(stock: null), inWishlist: true)).Should().Be(new CartWrite(CartOutcome.ProductNotFound, 5));
        Answer(CartRules.MoveFromWishlist(Line(stock: 2, quantity: 2), inWishlist: true))
            .Should().Be(new CartWrite(CartOutcome.InsufficientStock, 5, 3, 2));
        Answer(CartRules.MoveFromWishlist(Line(stock: 500, quantity: CartStore.MaxQuantity), inWishlist: true))
            .Should().Be(new CartWrite(CartOutcome.InsufficientStock, 5, CartStore.MaxQuantity + 1, 500));
        Answer(CartRules.MoveFromWishlist(Line(lineCount: CartStore.MaxLines), inWishlist: true)).Should().Be(new CartWrite(CartOutcome.TooManyLines, 5));
    }

    [Fact]
    public void Merging_adds_the_guest_quantities_capped_by_stock_and_99_and_names_unknown_products()
    {
        var account = new StoredCart(3, [new("kept", 5), new("over", 8), new("full", 98)]);
        var guest = new Dictionary<string, int> { ["new"] = 2, ["kept"] = 1, ["over"] = 3, ["full"] = 5, ["ghost"] = 1, ["alpha-ghost"] = 1 };
        var stock = new Dictionary<string, int> { ["new"] = 1, ["kept"] = 50, ["over"] = 4, ["full"] = 500 };

        var plan = CartRules.Merge(account, guest, stock);

        plan.Unknown.Should().Equal("alpha-ghost", "ghost");
        plan.Writes.Should().Equal(new MergedLine("full", 99, 98), new MergedLine("kept", 6, 5), new MergedLine("new", 1, 0));
        plan.AddedLines.Should().Be(1);
        plan.Adjusted.Should().Equal(("full", 103, 99), ("new", 2, 1), ("over", 11, 8));
    }

    [Fact]
    public void Merging_into_a_full_cart_adds_no_line_and_says_so()
    {
        var full = new StoredCart(1, [.. Enumerable.Range(0, CartStore.MaxLines).Select(i => new StoredCartLine($"p{i:D2}", 1))]);

        var plan = CartRules.Merge(full, new Dictionary<string, int> { ["zz"] = 2, ["p00"] = 1 }, new Dictionary<string, int> { ["zz"] = 9, ["p00"] = 9 });

        plan.Writes.Should().Equal(new MergedLine("p00", 2, 1));
        plan.AddedLines.Should().Be(0);
        plan.Adjusted.Should().Equal(("zz", 2, 0));
    }
}
