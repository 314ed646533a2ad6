using BStore.Api.Reviews;

namespace BStore.Api.UnitTests.Reviews;

public class ReviewRulesTests
{
    private static (ReviewText? Text, Dictionary<string, string[]> Errors) Validate(int? rating = 4, string? title = "Lovely", string? body = "Soft and light.")
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        return (ReviewRules.Validate(new ReviewRequest(rating, title, body), errors), errors);
    }

    private static void ShouldName((ReviewText? Text, Dictionary<string, string[]> Errors) result, string field)
    {
        result.Text.Should().BeNull();
        result.Errors.Keys.Should().Equal(field);
        result.Errors[field].Should().ContainSingle().Which.Should().Contain(field);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(5)]
    public void Ratings_from_one_to_five_are_accepted(int rating) =>
        Validate(rating: rating).Text!.Rating.Should().Be(rating);

    [Theory]
    [InlineData(0)]
    [InlineData(6)]
    [InlineData(-1)]
    [InlineData(null)]
    public void Other_ratings_or_none_name_rating(int? rating) => ShouldName(Validate(rating: rating), "rating");

    [Fact]
    public void Text_is_trimmed_and_windows_line_ends_become_newlines()
    {
        var text = Validate(title: "  Great balm \t", body: "\r\n Line one\r\nLine two\t\n ").Text!;

        text.Title.Should().Be("Great balm");
        text.Body.Should().Be("Line one\nLine two");
    }

    [Fact]
    public void Markup_is_kept_as_given_plain_text()
    {
        var text = Validate(title: "<b>Wow</b> & \"more\"", body: "<script>alert(1)</script>").Text!;

        text.Title.Should().Be("<b>Wow</b> & \"more\"");
        text.Body.Should().Be("<script>alert(1)</script>");
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   \n\t ")]
    public void A_title_is_required(string? title) => ShouldName(Validate(title: title), "title");

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("  ")]
    public void The_body_may_be_empty(string? body) => Validate(body: body).Text!.Body.Should().BeEmpty();

    [Fact]
    public void Limits_count_characters_after_trimming()
    {
        Validate(title: new string('t', ReviewRules.MaxTitleLength), body: new string('b', ReviewRules.MaxBodyLength)).Text.Should().NotBeNull();
        Validate(title: "  " + new string('t', ReviewRules.MaxTitleLength) + "  ").Text.Should().NotBeNull();
        Validate(title: new string('é', ReviewRules.MaxTitleLength)).Text.Should().NotBeNull();

        ShouldName(Validate(title: new string('t', ReviewRules.MaxTitleLength + 1)), "title");
        ShouldName(Validate(body: new string('b', ReviewRules.MaxBodyLength + 1)), "body");
    }

    [Theory]
    [InlineData("title", "Bad\u0000title")]
    [InlineData("title", "Bell\u0007")]
    [InlineData("title", "Lone\rreturn")]
    [InlineData("body", "Escape \u001b[31m red")]
    [InlineData("body", "C1 \u0085 control")]
    [InlineData("body", "Delete \u007f")]
    public void Control_characters_other_than_newline_and_tab_name_the_field(string field, string value) =>
        ShouldName(field == "title" ? Validate(title: value) : Validate(body: value), field);

    [Fact]
    public void Broken_surrogate_pairs_name_the_field()
    {
        // Built in code: xunit's test case data would turn a lone surrogate into U+FFFD.
        var (high, low) = ((char)0xD83C, (char)0xDF1F);
        ShouldName(Validate(body: $"Broken {high} pair"), "body");
        ShouldName(Validate(title: $"Reversed {low}{high} pair"), "title");
        ShouldName(Validate(title: $"Ends in {high}"), "title");
        Validate(title: $"Whole {high}{low} pair").Text!.Title.Should().Be("Whole 🌟 pair");
    }

    [Fact]
    public void Newlines_tabs_and_emoji_are_fine()
    {
        var text = Validate(title: "Five stars 🌟", body: "Pros:\n\t- scent 💐\n\t- price").Text!;

        text.Title.Should().Be("Five stars 🌟");
        text.Body.Should().Contain("\t- scent 💐");
    }

    [Fact]
    public void Every_bad_field_is_named_at_once()
    {
        var (text, errors) = Validate(rating: 9, title: "", body: new string('b', ReviewRules.MaxBodyLength + 1));

        text.Should().BeNull();
        errors.Keys.Should().BeEquivalentTo("rating", "title", "body");
    }
}

public class ReviewerNamesTests
{
    [Theory]
    [InlineData("ana.lima@example.com", "Ana")]
    [InlineData("JEAN_PAUL@example.com", "Jean")]
    [InlineData("zoë-m@example.com", "Zoë")]
    [InlineData("shopper-2f1c9a@example.com", "Shopper")]
    [InlineData("x@example.com", "Shopper")]
    [InlineData("93bob@example.com", "Shopper")]
    [InlineData("@example.com", "Shopper")]
    [InlineData("no-at-sign", "Shopper")]
    [InlineData("", "Shopper")]
    [InlineData(null, "Shopper")]
    public void The_shown_name_is_the_leading_letters_of_the_address_or_Shopper(string? email, string expected) =>
        ReviewerNames.From(email).Should().Be(expected);

    [Fact]
    public void The_shown_name_never_contains_the_address_and_is_short()
    {
        var name = ReviewerNames.From("averyveryverylongfirstnameindeed@example.com");

        name.Should().HaveLength(ReviewerNames.MaxLength).And.NotContain("@").And.NotContain("example");
    }
}
