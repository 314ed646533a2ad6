using System.Security.Cryptography;
using BStore.Api.Catalog;
using BStore.Api.Reviews;

namespace BStore.Api.UnitTests.Reviews;

public class ReviewCursorCodecTests
{
    private readonly ReviewCursorCodec _codec = new(new CursorSecret(RandomNumberGenerator.GetBytes(32)));
    private static readonly ReviewPosition Position = new("0f9c2d4e-1111-2222-3333-444455556666", "2026-11-25T10:00:00.0000000+00:00");

    [Fact]
    public void A_cursor_round_trips_for_its_product()
    {
        var cursor = _codec.Encode("rose-oil", Position);

        _codec.Decode("rose-oil", cursor).Should().Be(Position);
        cursor.Length.Should().BeLessThanOrEqualTo(ReviewCursorCodec.MaxLength);
    }

    [Fact]
    public void A_cursor_does_not_show_the_reviewer_id()
    {
        var cursor = _codec.Encode("rose-oil", Position);
        var bytes = System.Buffers.Text.Base64Url.DecodeFromChars(cursor);

        System.Text.Encoding.UTF8.GetString(bytes).Should().NotContain(Position.UserId).And.NotContain("0f9c2d4e");
    }

    [Fact]
    public void Another_products_cursor_an_altered_cursor_another_keys_cursor_and_garbage_are_refused()
    {
        var cursor = _codec.Encode("rose-oil", Position);
        var altered = (cursor[5] == 'A' ? "B" : "A") is var c ? cursor[..5] + c + cursor[6..] : cursor;

        _codec.Decode("lip-balm", cursor).Should().BeNull();
        _codec.Decode("rose-oil", altered).Should().BeNull();
        new ReviewCursorCodec(new CursorSecret(RandomNumberGenerator.GetBytes(32))).Decode("rose-oil", cursor).Should().BeNull();
        _codec.Decode("rose-oil", "not a cursor!").Should().BeNull();
        _codec.Decode("rose-oil", "AAAA").Should().BeNull();
        _codec.Decode("rose-oil", new string('A', ReviewCursorCodec.MaxLength + 4)).Should().BeNull();
    }
}
