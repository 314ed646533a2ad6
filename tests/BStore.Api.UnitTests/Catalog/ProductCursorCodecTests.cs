using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using BStore.Api.Catalog;
using BStore.Api.UnitTests.Infrastructure;

namespace BStore.Api.UnitTests.Catalog;

public class ProductCursorCodecTests
{
    private const string Base64UrlAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

    private static readonly byte[] Key = [.. Enumerable.Range(1, 32).Select(i => (byte)i)];
    private static readonly byte[] OtherKey = [.. Enumerable.Range(101, 32).Select(i => (byte)i)];
    private static readonly DateTimeOffset Start = new(2026, 3, 14, 9, 0, 0, TimeSpan.Zero);

    private static readonly ProductQuery Query = new(
        ["serum"], "skin-care", 10m, 50m, ProductSort.Name, 20, null);

    private static readonly CursorPosition NamePosition =
        new("creme-hydratante-riche", "creme hydratante riche#creme-hydratante-riche");

    private readonly ManualTimeProvider _clock = new(Start);

    private ProductCursorCodec Codec(byte[]? key = null) => new(key ?? Key, _clock);

    public static TheoryData<CursorPosition> Positions() => new()
    {
        NamePosition,
        new CursorPosition("vitamin-c-brightening-serum", "34.9"),
        new CursorPosition("a", "2025-01-06T09:00:00Z"),
        new CursorPosition("x-1", "Crème #1 / ünïcödé ✓ = + ?"),
        new CursorPosition("y", ""),
        new CursorPosition("rose-oil", "rose oil\u001Frose-oil"),
    };

    [Theory]
    [MemberData(nameof(Positions))]
    public void Decode_returns_the_encoded_position(CursorPosition position)
    {
        var codec = Codec();
        var cursor = codec.Encode(Query, position);

        var decoded = codec.Decode(cursor, Query, out var error);

        error.Should().BeNull();
        decoded.Should().Be(position);
    }

    [Fact]
    public void Cursor_is_url_safe_payload_dot_signature()
    {
        var cursor = Codec().Encode(Query, NamePosition);

        cursor.Should().MatchRegex("^[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+$");
        cursor.Length.Should().BeLessThanOrEqualTo(ProductQuery.MaxCursorLength);
        // HMAC-SHA256 is 32 bytes: 43 base64url characters without padding.
        cursor.Split('.')[1].Should().HaveLength(43);
    }

    [Fact]
    public void Cursor_survives_another_codec_with_the_same_key()
    {
        var cursor = Codec().Encode(Query, NamePosition);

        new ProductCursorCodec([.. Key], _clock).Decode(cursor, Query, out var error).Should().Be(NamePosition);
        error.Should().BeNull();
    }

    [Fact]
    public void Cursor_is_valid_for_another_page_size_of_the_same_query()
    {
        var codec = Codec();
        var cursor = codec.Encode(Query, NamePosition);

        codec.Decode(cursor, Query with { Limit = 100, Cursor = cursor }, out var error).Should().Be(NamePosition);
        error.Should().BeNull();
    }

    [Fact]
    public void A_flipped_character_anywhere_in_the_payload_is_rejected()
    {
        var codec = Codec();
        var cursor = codec.Encode(Query, NamePosition);
        var dot = cursor.IndexOf('.', StringComparison.Ordinal);
        dot.Should().BeGreaterThan(10);

        for (var i = 0; i < dot; i++)
        {
            ShouldBeRejected(codec, Flip(cursor, i), Query, $"character {i} of the payload was changed");
        }
    }

    [Fact]
    public void A_flipped_character_anywhere_in_the_signature_is_rejected()
    {
        var codec = Codec();
        var cursor = codec.Encode(Query, NamePosition);
        var dot = cursor.IndexOf('.', StringComparison.Ordinal);

        for (var i = dot + 1; i < cursor.Length; i++)
        {
            ShouldBeRejected(codec, Flip(cursor, i), Query, $"character {i - dot - 1} of the signature was changed");
        }
    }

    [Fact]
    public void Swapped_signatures_are_rejected()
    {
        var codec = Codec();
        var first = codec.Encode(Query, NamePosition).Split('.');
        var second = codec.Encode(Query, new CursorPosition("other", "other#other")).Split('.');

        ShouldBeRejected(codec, $"{first[0]}.{second[1]}", Query, "the signature belongs to another payload");
    }

    [Fact]
    public void A_cursor_signed_with_another_key_is_rejected()
    {
        var foreign = Codec(OtherKey).Encode(Query, NamePosition);

        ShouldBeRejected(Codec(), foreign, Query, "it was signed with another key");
    }

    public static TheoryData<ProductQuery> OtherQueries() => new()
    {
        Query with { Sort = ProductSort.PriceAsc },
        Query with { Sort = ProductSort.Newest },
        Query with { SearchWords = ["gel"] },
        Query with { SearchWords = [] },
        Query with { CategoryId = "make-up" },
        Query with { CategoryId = null },
        Query with { MinPrice = 11m },
        Query with { MaxPrice = null },
    };

    [Theory]
    [MemberData(nameof(OtherQueries))]
    public void A_cursor_of_a_different_query_is_rejected(ProductQuery other)
    {
        var codec = Codec();
        var cursor = codec.Encode(Query, NamePosition);

        codec.Decode(cursor, other, out var error).Should().BeNull();
        error.Should().Contain("different query");
    }

    [Fact]
    public void A_cursor_older_than_its_lifetime_has_expired()
    {
        var codec = Codec();
        var cursor = codec.Encode(Query, NamePosition);

        _clock.Advance(ProductCursorCodec.Lifetime + TimeSpan.FromSeconds(1));

        codec.Decode(cursor, Query, out var error).Should().BeNull();
        error.Should().Contain("expired");
    }

    [Fact]
    public void A_cursor_is_still_valid_just_before_its_lifetime_ends()
    {
        var codec = Codec();
        var cursor = codec.Encode(Query, NamePosition);

        _clock.Advance(ProductCursorCodec.Lifetime - TimeSpan.FromSeconds(1));

        codec.Decode(cursor, Query, out var error).Should().Be(NamePosition);
        error.Should().BeNull();
    }

    [Fact]
    public void A_cursor_issued_mid_second_is_still_valid_a_second_before_its_lifetime_ends()
    {
        _clock.Advance(TimeSpan.FromMilliseconds(999));
        var codec = Codec();
        var cursor = codec.Encode(Query, NamePosition);

        _clock.Advance(ProductCursorCodec.Lifetime - TimeSpan.FromSeconds(1));

        codec.Decode(cursor, Query, out var error).Should().Be(NamePosition);
        error.Should().BeNull();
    }

    [Fact]
    public void The_lifetime_is_a_day()
    {
        ProductCursorCodec.Lifetime.Should().Be(TimeSpan.FromHours(24));
    }

    public static TheoryData<string> Garbage()
    {
        var random = new Random(20260314);
        string RandomBase64Url(int length) =>
            new([.. Enumerable.Range(0, length).Select(_ => Base64UrlAlphabet[random.Next(Base64UrlAlphabet.Length)])]);

        return new()
        {
            "",
            "abc",
            ".",
            "..",
            "a.b",
            "a.b.c",
            ".abc",
            "abc.",
            "====.====",
            "AAAA.AAAA",
            RandomBase64Url(500),
            RandomBase64Url(250) + "." + RandomBase64Url(249),
            RandomBase64Url(44) + "." + RandomBase64Url(43),
            "çürsör.✓✓✓✓",
            "\uD800.\uDC00",
            "\0.\0",
            " . ",
        };
    }

    [Theory]
    [MemberData(nameof(Garbage))]
    public void Garbage_is_rejected(string cursor) =>
        ShouldBeRejected(Codec(), cursor, Query, "it is not a cursor");

    [Fact]
    public void Random_strings_never_throw_and_are_all_rejected()
    {
        var codec = Codec();
        var random = new Random(42);
        for (var n = 0; n < 2000; n++)
        {
            var chars = new char[random.Next(0, 120)];
            for (var i = 0; i < chars.Length; i++)
            {
                chars[i] = random.Next(4) == 0 ? '.' : Base64UrlAlphabet[random.Next(Base64UrlAlphabet.Length)];
            }
            ShouldBeRejected(codec, new string(chars), Query, "it is random");
        }
    }

    // Correctly signed payloads (signed here with the test key) that are not in the cursor format.
    public static TheoryData<string> SignedMalformedPayloads()
    {
        var now = Start.ToUnixTimeSeconds();
        return new()
        {
            "",
            "1",
            $"2\nbinding\nid\nvalue\n{now}",
            $"1\nbinding\nid\nvalue",
            $"1\nbinding\nid\nvalue\n{now}\nextra",
            $"1\nbinding\nid\nvalue\nyesterday",
            $"1\nbinding\nid\nvalue\n-{now}",
        };
    }

    [Theory]
    [MemberData(nameof(SignedMalformedPayloads))]
    public void A_signed_payload_in_the_wrong_format_is_rejected(string payload)
    {
        var bytes = Encoding.UTF8.GetBytes(payload);
        var cursor = $"{Base64Url.EncodeToString(bytes)}.{Base64Url.EncodeToString(HMACSHA256.HashData(Key, bytes))}";

        ShouldBeRejected(Codec(), cursor, Query, "the payload is not in the cursor format");
    }

    private static void ShouldBeRejected(ProductCursorCodec codec, string cursor, ProductQuery query, string because)
    {
        var decoded = codec.Decode(cursor, query, out var error);

        decoded.Should().BeNull(because);
        error.Should().NotBeNullOrWhiteSpace(because);
    }

    /// <summary>
    /// Replaces the base64url character at <paramref name="index"/> with the one whose 6-bit value differs in the
    /// top bit, which every character of an unpadded base64url string uses, so the decoded bytes always change.
    /// </summary>
    private static string Flip(string cursor, int index)
    {
        var value = Base64UrlAlphabet.IndexOf(cursor[index], StringComparison.Ordinal);
        value.Should().BeGreaterThanOrEqualTo(0);
        var chars = cursor.ToCharArray();
        chars[index] = Base64UrlAlphabet[value ^ 0b10_0000];
        return new string(chars);
    }
}
