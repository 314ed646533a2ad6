using System.Globalization;
using System.Text.Json;

namespace BStore.Api.Http;

/// <summary>
/// What a client is told when its JSON body cannot be read. Never the serializer's own message: that names the
/// API's internal types (<c>BStore.Api.Cart.SetQuantityRequest</c>, <c>System.Int32</c>), and with
/// UseSystemResourceKeys it is a bare resource key (<c>UnmappedJsonProperty, price, ...</c>) that helps nobody.
/// </summary>
public static class JsonErrors
{
    public static string Describe(JsonException e) =>
        e.LineNumber is { } line && e.BytePositionInLine is { } position
            ? string.Create(CultureInfo.InvariantCulture,
                $"The body is not valid here (line {line + 1}, byte {position + 1}): malformed JSON, a value of the wrong type, or a field this endpoint does not take.")
            : "The body is not valid here: malformed JSON, a value of the wrong type, or a field this endpoint does not take.";
}
