using System.Net;
using System.Text.Json;

namespace BStore.Api.IntegrationTests.Infrastructure.Fuzz;

/// <summary>An answer as received: status, content type, headers worth showing, and the body as text.</summary>
public sealed record FuzzAnswer(int Status, string? ContentType, string Body, string Headers)
{
    public static async Task<FuzzAnswer> ReadAsync(HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync();
        var headers = string.Join("; ", response.Headers.Concat(response.Content.Headers)
            .Where(h => h.Key is "Content-Type" or "Content-Length" or "Retry-After" or "WWW-Authenticate" or "Location" or "ETag" or "Allow")
            .Select(h => $"{h.Key}: {string.Join(",", h.Value)}"));
        return new FuzzAnswer((int)response.StatusCode, response.Content.Headers.ContentType?.MediaType, body, headers);
    }

    public string Describe() => $"{Status} [{Headers}] {FuzzRequest.Shown(Body, FuzzRequest.ShownBodyChars)}";
}

/// <summary>
/// What every answer to a fuzzed request must be: never a 5xx; every 4xx either API Gateway's own refusal (its JWT
/// authorizer's 401, an unrouted 404, an oversized 413: <c>{"message": ...}</c>, which HTTP APIs cannot change) or an RFC
/// 7807 problem with a title (a 400 naming
/// the field in <c>errors</c> or saying what is wrong in <c>detail</c>), leaking no internals; every 2xx body JSON when
/// the document says so; and no answer carrying the bystander's id or address.
/// </summary>
public static class FuzzOracle
{
    /// <summary>Texts no answer may carry: stack traces, exception and AWS SDK names, the emulator.</summary>
    private static readonly string[] Internals = ["Exception", "   at ", "Amazon.", "moto", "Werkzeug", "BStore.Api.", "System."];

    /// <summary>Why the answer breaks the contract; null when it keeps it.</summary>
    public static string? Violation(FuzzRequest request, OpenApiOperation operation, FuzzAnswer answer, IReadOnlyList<string> secrets)
    {
        foreach (var secret in secrets)
        {
            if (answer.Body.Contains(secret, StringComparison.OrdinalIgnoreCase) || answer.Headers.Contains(secret, StringComparison.OrdinalIgnoreCase))
            {
                return "the answer carries the bystander's data";
            }
        }
        switch (answer.Status)
        {
            case >= 500:
                return "server error";
            case >= 200 and < 300:
                return Success(request, operation, answer);
            case 304:
                return request.Headers.Any(h => h.Name == "If-None-Match") && answer.Body.Length == 0 ? null : "304 without If-None-Match, or with a body";
            case >= 400:
                return ClientError(request, answer);
            default:
                return "unexpected status";
        }
    }

    private static string? Success(FuzzRequest request, OpenApiOperation operation, FuzzAnswer answer)
    {
        if (request.Method == "HEAD" || answer.Status == (int)HttpStatusCode.NoContent)
        {
            return answer.Body.Length == 0 || request.Method == "HEAD" ? null : "204 with a body";
        }
        var documented = operation.ResponseContentTypes.TryGetValue(answer.Status.ToString(System.Globalization.CultureInfo.InvariantCulture), out var types)
            ? types
            : null;
        var saysJson = documented?.Contains("application/json") == true;
        if (answer.Body.Length == 0)
        {
            return saysJson ? "the document promises a JSON body; the answer is empty" : null;
        }
        if (answer.ContentType != "application/json")
        {
            return $"a {answer.Status} body that is not application/json";
        }
        return ParsesAsJson(answer.Body) ? null : "a 2xx body that does not parse as JSON";
    }

    private static bool IsGatewayAnswer(FuzzRequest request, FuzzAnswer answer) => (answer.Status, answer.Body) switch
    {
        (401 or 404 or 413, "") when request.Method == "HEAD" => answer.ContentType == "application/json", // without its body
        (401, """{"message":"Unauthorized"}""") or (404, """{"message":"Not Found"}""") or (413, """{"message":"Request Entity Too Large"}""")
            => answer.ContentType == "application/json",
        _ => false,
    };

    private static string? ClientError(FuzzRequest request, FuzzAnswer answer)
    {
        if (request.WireLevel is not null && answer.Body.Length == 0 && answer.Status is 400 or 414 or 431)
        {
            return null; // refused by the HTTP server before the API (API Gateway refuses it in AWS)
        }
        if (IsGatewayAnswer(request, answer))
        {
            return null;
        }
        if (answer.ContentType != "application/problem+json")
        {
            return $"a {answer.Status} that is not application/problem+json";
        }
        if (request.Method == "HEAD")
        {
            return null; // the problem's headers without its body
        }
        JsonElement problem;
        try
        {
            using var document = JsonDocument.Parse(answer.Body);
            problem = document.RootElement.Clone();
        }
        catch (JsonException)
        {
            return "a problem body that does not parse as JSON";
        }
        if (problem.ValueKind != JsonValueKind.Object || !problem.TryGetProperty("title", out var title) || title.ValueKind != JsonValueKind.String
            || string.IsNullOrWhiteSpace(title.GetString()))
        {
            return "a problem without a title";
        }
        if (problem.TryGetProperty("status", out var status) && (status.ValueKind != JsonValueKind.Number || status.GetInt32() != answer.Status))
        {
            return "a problem whose status is not the answer's";
        }
        if (answer.Status == 400 && !NamesAField(problem) && !(problem.TryGetProperty("detail", out var detail) && !string.IsNullOrWhiteSpace(detail.GetString())))
        {
            return "a 400 problem with neither errors naming the field nor a detail";
        }
        foreach (var text in Internals)
        {
            // A problem may quote what the client sent (an unknown id, a parameter's name): only what it did not send counts.
            if (answer.Body.Contains(text, StringComparison.Ordinal) && !request.Sent.Contains(text, StringComparison.Ordinal))
            {
                return $"a problem leaking internals ('{text}')";
            }
        }
        return null;
    }

    private static bool NamesAField(JsonElement problem) =>
        problem.TryGetProperty("errors", out var errors) && errors.ValueKind == JsonValueKind.Object && errors.EnumerateObject().Any()
        && errors.EnumerateObject().All(e => e.Value.ValueKind == JsonValueKind.Array && e.Value.GetArrayLength() > 0
            && e.Value.EnumerateArray().All(m => m.ValueKind == JsonValueKind.String && !string.IsNullOrWhiteSpace(m.GetString())));

    private static bool ParsesAsJson(string body)
    {
        try
        {
            using var _ = JsonDocument.Parse(body);
            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }
}
