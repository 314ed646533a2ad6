namespace BStore.Api.Orders;

/// <summary>What a shipping address must look like; each problem names its field (<c>shippingAddress.city</c>).</summary>
public static class ShippingAddressRules
{
    public static Dictionary<string, string[]> Validate(ShippingAddress? address)
    {
        var errors = new Dictionary<string, string[]>();
        if (address is null)
        {
            errors["shippingAddress"] = ["shippingAddress is required."];
            return errors;
        }
        Text(errors, "fullName", address.FullName, required: true, 100);
        Text(errors, "line1", address.Line1, required: true, 200);
        Text(errors, "line2", address.Line2, required: false, 200);
        Text(errors, "city", address.City, required: true, 100);
        Text(errors, "region", address.Region, required: false, 100);
        Text(errors, "postalCode", address.PostalCode, required: true, 20);
        if (address.Country is not { Length: 2 } country || !country.All(char.IsAsciiLetterUpper))
        {
            errors["shippingAddress.country"] = ["country must be a two-letter ISO 3166-1 code in capitals, such as FR."];
        }
        if (address.Phone is { } phone && (phone.Length is 0 or > 30 || !phone.All(c => char.IsAsciiDigit(c) || c is '+' or ' ' or '-' or '(' or ')')))
        {
            errors["shippingAddress.phone"] = ["phone may hold up to 30 digits, spaces and + - ( )."];
        }
        return errors;
    }

    /// <summary>The address as stored: trimmed, empty optional parts dropped.</summary>
    public static ShippingAddress Normalize(ShippingAddress a) => new(
        a.FullName!.Trim(), a.Line1!.Trim(), Optional(a.Line2), a.City!.Trim(), Optional(a.Region), a.PostalCode!.Trim(), a.Country, Optional(a.Phone));

    private static string? Optional(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    private static void Text(Dictionary<string, string[]> errors, string field, string? value, bool required, int maxLength)
    {
        var name = "shippingAddress." + field;
        if (string.IsNullOrWhiteSpace(value))
        {
            if (required)
            {
                errors[name] = [$"{field} is required."];
            }
            return;
        }
        if (value.Length > maxLength)
        {
            errors[name] = [$"{field} may be at most {maxLength} characters."];
        }
        else if (value.Any(char.IsControl))
        {
            errors[name] = [$"{field} may not contain control characters."];
        }
    }
}
