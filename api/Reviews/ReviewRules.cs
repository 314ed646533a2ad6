using System.Globalization;
using System.Text;

namespace BStore.Api.Reviews;

/// <summary>A review's content after validation: trimmed plain text within the limits.</summary>
public sealed record ReviewText(int Rating, string Title, string Body);

public static class ReviewRules
{
    public const int MinRating = 1;
    public const int MaxRating = 5;
    public const int MaxTitleLength = 120;
    public const int MaxBodyLength = 4000;

    /// <summary>The review's text as it will be stored, or null with the problems by field name.</summary>
    public static ReviewText? Validate(ReviewRequest request, Dictionary<string, string[]> errors)
    {
        if (request.Rating is not { } rating)
        {
            errors["rating"] = [$"rating is required: a whole number from {MinRating} to {MaxRating}."];
        }
        else if (rating is < MinRating or > MaxRating)
        {
            errors["rating"] = [$"rating must be a whole number from {MinRating} to {MaxRating}."];
        }
        var title = Text("title", request.Title, MaxTitleLength, required: true, errors);
        var body = Text("body", request.Body, MaxBodyLength, required: false, errors);
        return errors.Count > 0 ? null : new ReviewText(request.Rating!.Value, title!, body!);
    }

    private static string? Text(string field, string? value, int maxLength, bool required, Dictionary<string, string[]> errors)
    {
        // Windows line ends are still line ends; a lone carriage return is a control character like any other.
        var text = (value ?? "").Replace("\r\n", "\n", StringComparison.Ordinal).Trim();
        if (text.Length == 0 && required)
        {
            errors[field] = [$"{field} is required: 1 to {maxLength} characters."];
            return null;
        }
        if (text.Length > maxLength)
        {
            errors[field] = [$"{field} must be at most {maxLength} characters (it has {text.Length.ToString(CultureInfo.InvariantCulture)})."];
            return null;
        }
        if (HasForbiddenCharacter(text))
        {
            errors[field] = [$"{field} must be plain text: no control characters other than line breaks and tabs, no broken surrogate pairs."];
            return null;
        }
        return text;
    }

    private static bool HasForbiddenCharacter(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(c) || (char.IsControl(c) && c is not ('\n' or '\t')))
            {
                return true;
            }
        }
        return false;
    }
}

/// <summary>How a reviewer is shown: a first name taken from their email address, or "Shopper"; never the address.</summary>
public static class ReviewerNames
{
    public const string Fallback = "Shopper";
    public const int MaxLength = 20;

    /// <summary>
    /// The leading letters of the address's local part ("ana.lima@…" → "Ana", "jo_93@…" → "Jo"); the fallback when there
    /// are fewer than two letters, so an initial or a number never stands in for a name.
    /// </summary>
    public static string From(string? email)
    {
        var at = email?.IndexOf('@', StringComparison.Ordinal) ?? -1;
        if (at <= 0)
        {
            return Fallback;
        }
        var letters = new StringBuilder();
        foreach (var c in email![..at])
        {
            if (!char.IsLetter(c) || letters.Length == MaxLength)
            {
                break;
            }
            letters.Append(letters.Length == 0 ? char.ToUpperInvariant(c) : char.ToLowerInvariant(c));
        }
        return letters.Length >= 2 ? letters.ToString() : Fallback;
    }
}
