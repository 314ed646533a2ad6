using System.Text;
using BStore.Api.Catalog;

namespace BStore.Api.UnitTests.Catalog;

public class TextFoldingTests
{
    [Theory]
    [InlineData("Crème ÉCLAT", "creme eclat")]
    [InlineData("Müller & Sohn", "muller sohn")]
    [InlineData("Straße", "strasse")]
    [InlineData("STRASSE", "strasse")]
    [InlineData("Æther", "aether")]
    [InlineData("æsthetic", "aesthetic")]
    [InlineData("Œuvre", "oeuvre")]
    [InlineData("cœur", "coeur")]
    [InlineData("Ĳssel", "ijssel")]
    [InlineData("Ångström Čeština Łódź", "angstrom cestina lodz")]
    [InlineData("SPF 50+", "spf 50")]
    [InlineData("Vitamin-C", "vitamin c")]
    [InlineData("hello,   world!!", "hello world")]
    [InlineData("  -- leading and trailing --  ", "leading and trailing")]
    [InlineData("a\tb\nc", "a b c")]
    [InlineData("x×y÷z", "x y z")]
    [InlineData("Привет Мир", "привет мир")]
    public void Fold_examples(string text, string expected) =>
        TextFolding.Fold(text).Should().Be(expected);

    [Theory]
    [InlineData("")]
    [InlineData(" ")]
    [InlineData("   \t \n ")]
    [InlineData("!!! ... ---")]
    [InlineData("×÷")]
    public void Fold_of_text_without_letters_or_digits_is_empty(string text) =>
        TextFolding.Fold(text).Should().BeEmpty();

    [Fact]
    public void Fold_never_leaves_double_leading_or_trailing_spaces()
    {
        var folded = TextFolding.Fold(" ¡¡ Crème  --  brûlée  !!  Éclair ?? ");

        folded.Should().Be("creme brulee eclair");
    }

    [Fact]
    public void The_reference_normalization_really_decomposes()
    {
        // Guards the property test below: with invariant globalization Normalize would leave "é" whole
        // and the property test would check almost nothing.
        "é".Normalize(NormalizationForm.FormD).Should().Be("e\u0301");
    }

    [Fact]
    public void Every_latin_letter_with_an_ascii_base_folds_to_that_base()
    {
        var checkedChars = 0;
        var failures = new List<string>();
        for (var c = '\u00C0'; c <= '\u017F'; c++)
        {
            var decomposed = c.ToString().Normalize(NormalizationForm.FormD);
            if (!char.IsAsciiLetter(decomposed[0]))
            {
                continue;
            }
            checkedChars++;
            var expected = char.ToLowerInvariant(decomposed[0]).ToString();
            var actual = TextFolding.Fold(c.ToString());
            if (actual != expected)
            {
                failures.Add($"U+{(int)c:X4} '{c}': expected \"{expected}\", got \"{actual}\"");
            }
        }

        failures.Should().BeEmpty();
        // 161 characters of U+00C0..U+017F decompose to an ASCII letter plus combining marks.
        checkedChars.Should().Be(161);
    }

    [Fact]
    public void Every_char_from_C0_to_17F_that_is_not_a_letter_is_a_separator()
    {
        var nonLetters = new List<char>();
        for (var c = '\u00C0'; c <= '\u017F'; c++)
        {
            if (!char.IsLetter(c))
            {
                nonLetters.Add(c);
            }
        }

        nonLetters.Should().Equal('×', '÷');
        foreach (var c in nonLetters)
        {
            TextFolding.Fold(c.ToString()).Should().BeEmpty($"U+{(int)c:X4} is not a letter");
            TextFolding.Fold($"a{c}b").Should().Be("a b", $"U+{(int)c:X4} separates words");
        }
    }

    // The letters of U+00C0..U+017F without a canonical ASCII base, with their conventional transliteration.
    [Theory]
    [InlineData('Æ', "ae")]
    [InlineData('æ', "ae")]
    [InlineData('Ð', "d")]
    [InlineData('ð', "d")]
    [InlineData('Ø', "o")]
    [InlineData('ø', "o")]
    [InlineData('Þ', "t")]
    [InlineData('þ', "t")]
    [InlineData('ß', "ss")]
    [InlineData('Đ', "d")]
    [InlineData('đ', "d")]
    [InlineData('Ħ', "h")]
    [InlineData('ħ', "h")]
    [InlineData('ı', "i")]
    [InlineData('Ĳ', "ij")]
    [InlineData('ĳ', "ij")]
    [InlineData('ĸ', "k")]
    [InlineData('Ŀ', "l")]
    [InlineData('ŀ', "l")]
    [InlineData('Ł', "l")]
    [InlineData('ł', "l")]
    [InlineData('ŉ', "n")]
    [InlineData('Ŋ', "n")]
    [InlineData('ŋ', "n")]
    [InlineData('Œ', "oe")]
    [InlineData('œ', "oe")]
    [InlineData('Ŧ', "t")]
    [InlineData('ŧ', "t")]
    [InlineData('ſ', "s")]
    public void Letters_without_an_ascii_base_are_transliterated(char c, string expected) =>
        TextFolding.Fold(c.ToString()).Should().Be(expected);

    // Decomposed text (a base letter followed by combining accents, as pasted from some macOS or PDF sources)
    // means the same as the precomposed text and must fold the same way; a combining mark is no word separator.
    [Theory]
    [InlineData("Cre\u0300me", "creme")]
    [InlineData("E\u0301CLAT", "eclat")]
    [InlineData("bru\u0302le\u0301e", "brulee")]
    public void Combining_accents_are_dropped_not_treated_as_separators(string decomposed, string expected) =>
        TextFolding.Fold(decomposed).Should().Be(expected);

    [Fact]
    public void Words_are_distinct_and_keep_their_first_order()
    {
        TextFolding.Words("Sérum gel SERUM  Gel, crème serum").Should().Equal("serum", "gel", "creme");
        TextFolding.Words("b a b c a").Should().Equal("b", "a", "c");
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("?!-")]
    public void Words_of_text_without_letters_is_empty(string text) =>
        TextFolding.Words(text).Should().BeEmpty();
}
