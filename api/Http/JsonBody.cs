using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using BStore.Api.Hosting;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace BStore.Api.Http;

/// <summary>
/// Reads a JSON request body with the endpoint's source-generated type. Anything wrong is a 4xx problem that
/// names the field: not JSON (415), larger than BStore:Limits:MaxJsonBodyBytes (413), nested deeper than
/// BStore:Limits:MaxJsonDepth, malformed, mistyped or unknown fields (400).
/// </summary>
public static class JsonBody
{
    public static async Task<(T? Value, JsonBodyProblem? Problem)> ReadAsync<T>(HttpRequest request, JsonTypeInfo<T> typeInfo, CancellationToken cancellationToken)
        where T : class
    {
        if (!request.HasJsonContentType())
        {
            return (null, new(TypedResults.Problem(
                statusCode: StatusCodes.Status415UnsupportedMediaType, title: "Unsupported media type", detail: "Send the body as application/json.")));
        }
        var limits = request.HttpContext.RequestServices.GetService<IOptions<LimitSettings>>()?.Value ?? new LimitSettings();
        if (request.ContentLength > limits.MaxJsonBodyBytes
            || await ReadAtMostAsync(request.Body, limits.MaxJsonBodyBytes, cancellationToken) is not { } body)
        {
            return (null, new(TooLarge(limits.MaxJsonBodyBytes)));
        }
        if (ExceedsDepth(body, limits.MaxJsonDepth))
        {
            return (null, new(Invalid("body", $"The body nests objects and arrays deeper than the maximum depth of {limits.MaxJsonDepth} levels.")));
        }
        try
        {
            var value = JsonSerializer.Deserialize(body, typeInfo);
            return value is null ? (null, new(Invalid("body", "The body must be a JSON object."))) : (value, null);
        }
        catch (JsonException e)
        {
            var field = e.Path is { Length: > 2 } path ? path.TrimStart('$', '.') : "body";
            return (null, new(Invalid(field, JsonErrors.Describe(e))));
        }
    }

    public static ValidationProblem Invalid(string field, string message) =>
        TypedResults.ValidationProblem(new Dictionary<string, string[]> { [field] = [message] });

    /// <summary>
    /// True when objects and arrays nest deeper than <paramref name="maxDepth"/>. Checked apart from deserializing so
    /// that the answer says so plainly (the serializer's own message is a bare resource key under Native AOT).
    /// Malformed JSON is left to the deserializer to describe.
    /// </summary>
    internal static bool ExceedsDepth(ReadOnlySpan<byte> json, int maxDepth)
    {
        var reader = new Utf8JsonReader(json, new JsonReaderOptions { MaxDepth = json.Length + 1 });
        try
        {
            while (reader.Read())
            {
                if (reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray && reader.CurrentDepth >= maxDepth)
                {
                    return true;
                }
            }
        }
        catch (JsonException)
        {
        }
        return false;
    }

    private static ProblemHttpResult TooLarge(int maxBytes) => TypedResults.Problem(
        statusCode: StatusCodes.Status413PayloadTooLarge, title: "Body too large", detail: $"The body may be at most {maxBytes} bytes.");

    /// <summary>The whole body, or null once it passes <paramref name="limit"/> (also when sent without a Content-Length).</summary>
    private static async Task<byte[]?> ReadAtMostAsync(Stream body, int limit, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[4096];
        int read;
        while ((read = await body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > limit)
            {
                return null;
            }
            buffer.Write(chunk, 0, read);
        }
        return buffer.ToArray();
    }
}

/// <summary>
/// Why a JSON body could not be read, as <see cref="JsonBody.ReadAsync"/> answers it: not JSON (415), too large (413), or
/// a 400 naming the field. One type, so that it takes one place in an endpoint's <c>Results&lt;…&gt;</c>; the 400 is
/// documented by the <see cref="ValidationProblem"/> every endpoint declares.
/// </summary>
public sealed class JsonBodyProblem : IResult
{
    private readonly IResult _problem;

    internal JsonBodyProblem(ProblemHttpResult problem) => _problem = problem;

    internal JsonBodyProblem(ValidationProblem problem) => _problem = problem;

    public Task ExecuteAsync(HttpContext httpContext) => _problem.ExecuteAsync(httpContext);
}
