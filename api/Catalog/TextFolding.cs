using System.Globalization;
using System.Text;

namespace BStore.Api.Catalog;

/// <summary>
/// Folds text for case- and accent-insensitive matching: "Crème ÉCLAT" becomes "creme eclat".
/// A table rather than Unicode normalization because the API runs with invariant globalization
/// (no ICU on Lambda), where <see cref="string.Normalize()"/> leaves accents in place.
/// </summary>
public static class TextFolding
{
    // Latin-1 Supplement and Latin Extended-A (U+00C0..U+017F), folded to lower-case ASCII.
    private const string Latin1Folds =
        "aaaaaaaceeeeiiii" + // C0-CF (C6 Æ handled below)
        "dnooooo_ouuuuyts" + // D0-DF (D7 × is not a letter; DE Þ -> t; DF ß handled below)
        "aaaaaaaceeeeiiii" + // E0-EF
        "dnooooo_ouuuuyty";  // F0-FF (F7 ÷ is not a letter)

    private const string LatinExtendedAFolds =
        "aaaaaaccccccccdd" + // 100-10F
        "ddeeeeeeeeeegggg" + // 110-11F
        "gggghhhhiiiiiiii" + // 120-12F
        "iiiijjkkklllllll" + // 130-13F (132/133 Ĳ handled below)
        "lllnnnnnnnnnoooo" + // 140-14F
        "oooorrrrrrssssss" + // 150-15F (152/153 Œ handled below)
        "ssttttttuuuuuuuu" + // 160-16F
        "uuuuwwyyyzzzzzzs";  // 170-17F (17F long s)

    /// <summary>Lower-case, accent-free words separated by single spaces; punctuation becomes a separator.</summary>
    public static string Fold(string text)
    {
        var builder = new StringBuilder(text.Length);
        var pendingSpace = false;
        foreach (var c in text)
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.NonSpacingMark)
            {
                continue; // a combining accent, as in "Cre\u0300me": part of its letter, not a separator
            }
            var folded = FoldChar(c);
            if (folded is null)
            {
                pendingSpace = builder.Length > 0;
                continue;
            }
            if (pendingSpace)
            {
                builder.Append(' ');
                pendingSpace = false;
            }
            builder.Append(folded);
        }
        return builder.ToString();
    }

    /// <summary>The distinct folded words of <paramref name="text"/>.</summary>
    public static IReadOnlyList<string> Words(string text) =>
        Fold(text).Split(' ', StringSplitOptions.RemoveEmptyEntries).Distinct(StringComparer.Ordinal).ToArray();

    private static string? FoldChar(char c)
    {
        if (char.IsAsciiLetterOrDigit(c))
        {
            return char.ToLowerInvariant(c).ToString();
        }
        switch (c)
        {
            case 'Æ' or 'æ': return "ae";
            case 'ß': return "ss";
            case 'Œ' or 'œ': return "oe";
            case 'Ĳ' or 'ĳ': return "ij";
        }
        if (c is >= '\u00C0' and <= '\u00FF')
        {
            var f = Latin1Folds[c - 0xC0];
            return f == '_' ? null : f.ToString();
        }
        if (c is >= '\u0100' and <= '\u017F')
        {
            return LatinExtendedAFolds[c - 0x100].ToString();
        }
        // Other scripts are kept (lower-cased) so that search still works for them, without accent folding.
        return char.IsLetterOrDigit(c) ? char.ToLowerInvariant(c).ToString() : null;
    }
}
