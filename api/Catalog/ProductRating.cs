using System.Globalization;

namespace BStore.Api.Catalog;

/// <summary>A product's rating as shown: the average of its reviews to one decimal (null without reviews) and their count.</summary>
public sealed record ProductRating(decimal? Average, long Count)
{
    public static readonly ProductRating None = new(null, 0);

    public static ProductRating Of(long sum, long count) =>
        count <= 0 ? None : new(Math.Round((decimal)sum / count, 1, MidpointRounding.AwayFromZero), count);

    public static ProductRating Of(Product product) => Of(product.RatingSum, product.RatingCount);

    /// <summary>
    /// Ordinal key of <c>sort=rating</c>: the shown average descending, then the review count descending, then the name key
    /// (folded name, then id), so the order is total and a cursor position is one string. Unrated products come last.
    /// </summary>
    public static string SortKey(Product product)
    {
        var rating = Of(product);
        var tenths = rating.Average is { } average ? (int)Math.Clamp(average * 10, 0, 50) : 0;
        var count = Math.Clamp(rating.Count, 0, MaxCount);
        return string.Create(CultureInfo.InvariantCulture, $"{50 - tenths:00}{MaxCount - count:0000000000}{ProductItem.NameKeyOf(product)}");
    }

    private const long MaxCount = 9_999_999_999;
}
