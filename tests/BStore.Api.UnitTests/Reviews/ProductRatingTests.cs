using BStore.Api.Catalog;

namespace BStore.Api.UnitTests.Reviews;

public class ProductRatingTests
{
    private static Product Product(string id, string name, long sum, long count) => new(
        id, name, "Brand", "Description", "skin-care", 10m, "USD", 5, [], [], DateTimeOffset.UnixEpoch, sum, count);

    [Theory]
    [InlineData(5, 1, 5.0)]
    [InlineData(9, 2, 4.5)]
    [InlineData(14, 3, 4.7)] // 4.666…
    [InlineData(13, 3, 4.3)] // 4.333…
    [InlineData(29, 8, 3.6)] // 3.625
    [InlineData(7, 4, 1.8)] // 1.75 rounds half away from zero
    [InlineData(3, 3, 1.0)]
    public void The_average_is_rounded_to_one_decimal(long sum, long count, double expected)
    {
        var rating = ProductRating.Of(sum, count);

        rating.Average.Should().Be((decimal)expected);
        rating.Count.Should().Be(count);
    }

    [Fact]
    public void Without_reviews_the_average_is_null_and_the_count_zero()
    {
        ProductRating.Of(0, 0).Should().Be(new ProductRating(null, 0));
        ProductRating.Of(Product("a", "A", 0, 0)).Should().Be(ProductRating.None);
    }

    [Fact]
    public void Adding_editing_and_removing_reviews_by_deltas_keeps_the_aggregate_of_what_remains()
    {
        // The store never reads-and-writes the aggregate: each change is (sum delta, count delta). Replaying a history of
        // changes by deltas must give the same numbers as computing them from the reviews that remain.
        var reviews = new Dictionary<string, int>();
        var (sum, count) = (0L, 0L);
        var random = new Random(5);
        for (var i = 0; i < 500; i++)
        {
            var shopper = $"s{random.Next(20)}";
            if (random.Next(4) == 0)
            {
                if (reviews.Remove(shopper, out var old))
                {
                    (sum, count) = (sum - old, count - 1);
                }
                continue;
            }
            var rating = random.Next(1, 6);
            var previous = reviews.TryGetValue(shopper, out var p) ? p : (int?)null;
            reviews[shopper] = rating;
            (sum, count) = (sum + rating - (previous ?? 0), count + (previous is null ? 1 : 0));
        }

        sum.Should().Be(reviews.Values.Sum());
        count.Should().Be(reviews.Count);
        ProductRating.Of(sum, count).Average.Should().Be(count == 0 ? null : Math.Round((decimal)reviews.Values.Sum() / reviews.Count, 1, MidpointRounding.AwayFromZero));
    }

    [Fact]
    public void Sort_keys_order_by_shown_average_then_count_then_name_with_unrated_last()
    {
        var products = new[]
        {
            Product("unrated-b", "Balm", 0, 0),
            Product("four-of-two", "Zinc cream", 8, 2),
            Product("five-of-one", "Oil", 5, 1),
            Product("unrated-a", "Apricot scrub", 0, 0),
            Product("four-of-ten", "Yarrow mist", 40, 10),
            Product("four-of-two-a", "Aloe gel", 8, 2),
            Product("four-point-seven", "Mask", 14, 3),
            Product("one-of-one", "Toner", 1, 1),
            Product("four-point-seven-b", "Night cream", 47, 10), // 4.7 shown: ties 14/3 by average, wins on count
        };

        var ordered = products.OrderBy(ProductRating.SortKey, StringComparer.Ordinal).Select(p => p.Id);

        ordered.Should().Equal(
            "five-of-one", "four-point-seven-b", "four-point-seven", "four-of-ten", "four-of-two-a", "four-of-two", "one-of-one",
            "unrated-a", "unrated-b");
    }

    [Fact]
    public void Sort_keys_are_unique_per_product_even_with_equal_names_and_ratings()
    {
        var a = ProductRating.SortKey(Product("same-1", "Same", 4, 1));
        var b = ProductRating.SortKey(Product("same-2", "Same", 4, 1));

        a.Should().NotBe(b);
        string.CompareOrdinal(a, b).Should().BeNegative();
    }
}
