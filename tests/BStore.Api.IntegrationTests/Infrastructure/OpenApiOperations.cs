using System.Text.Json;
using System.Text.RegularExpressions;

namespace BStore.Api.IntegrationTests.Infrastructure;

/// <summary>A parameter of an operation: where it goes (path, query, header), its name and its schema.</summary>
public sealed record OpenApiParameter(string Name, string In, bool Required, JsonElement Schema);

/// <summary>
/// One operation of the API's OpenAPI document as the API under test serves it (<c>/openapi/v1.json</c>), with its
/// schemas resolved against the document: tests that read it at run time cover a new route without being told.
/// </summary>
public sealed partial record OpenApiOperation(
    string Method, string PathTemplate, IReadOnlyList<OpenApiParameter> Parameters, JsonElement? RequestBodySchema,
    IReadOnlyDictionary<string, IReadOnlyList<string>> ResponseContentTypes, JsonElement Document)
{
    /// <summary>"GET /api/cart": how tests name an operation.</summary>
    public string Name => $"{Method} {PathTemplate}";

    public HttpMethod HttpMethod => new(Method);

    /// <summary>The path with every <c>{parameter}</c> replaced by <paramref name="value"/>.</summary>
    public string Fill(string value) => PathParameter().Replace(PathTemplate, value);

    /// <summary>The path with each <c>{parameter}</c> replaced by what <paramref name="value"/> gives for its name (already URL-encoded).</summary>
    public string Fill(Func<string, string> value) => PathParameter().Replace(PathTemplate, m => value(m.Groups[1].Value));

    /// <summary>Follows <c>$ref</c>s into the document's components.</summary>
    public JsonElement Resolve(JsonElement schema) => OpenApiOperations.Resolve(Document, schema);

    [GeneratedRegex(@"\{([^}]+)\}")]
    private static partial Regex PathParameter();
}

public static class OpenApiOperations
{
    public const string DocumentPath = "/openapi/v1.json";

    /// <summary>Every operation of the document the API serves, in document order.</summary>
    public static async Task<IReadOnlyList<OpenApiOperation>> LoadAsync(HttpClient api)
    {
        using var response = await api.GetAsync(DocumentPath);
        return Parse(await response.JsonAsync());
    }

    /// <summary>Every operation of <paramref name="document"/>, in document order.</summary>
    public static IReadOnlyList<OpenApiOperation> Parse(JsonElement document)
    {
        var operations = new List<OpenApiOperation>();
        foreach (var path in document.GetProperty("paths").EnumerateObject())
        {
            foreach (var operation in path.Value.EnumerateObject())
            {
                var parameters = operation.Value.TryGetProperty("parameters", out var list)
                    ? list.EnumerateArray().Select(p => Resolve(document, p)).Select(p => new OpenApiParameter(
                        p.GetProperty("name").GetString()!,
                        p.GetProperty("in").GetString()!,
                        p.TryGetProperty("required", out var required) && required.GetBoolean(),
                        p.TryGetProperty("schema", out var schema) ? Resolve(document, schema) : default)).ToList()
                    : [];
                JsonElement? body = operation.Value.TryGetProperty("requestBody", out var requestBody)
                    && Resolve(document, requestBody).TryGetProperty("content", out var content)
                    && content.EnumerateObject().FirstOrDefault(c => c.Value.TryGetProperty("schema", out _)) is { Value.ValueKind: JsonValueKind.Object } media
                        ? Resolve(document, media.Value.GetProperty("schema"))
                        : null;
                var responses = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
                if (operation.Value.TryGetProperty("responses", out var answers))
                {
                    foreach (var answer in answers.EnumerateObject())
                    {
                        responses[answer.Name] = Resolve(document, answer.Value).TryGetProperty("content", out var types)
                            ? [.. types.EnumerateObject().Select(t => t.Name)]
                            : [];
                    }
                }
                operations.Add(new OpenApiOperation(operation.Name.ToUpperInvariant(), path.Name, parameters, body, responses, document));
            }
        }
        return operations;
    }

    public static JsonElement Resolve(JsonElement document, JsonElement schema)
    {
        for (var hops = 0; schema.ValueKind == JsonValueKind.Object && schema.TryGetProperty("$ref", out var reference) && hops < 32; hops++)
        {
            var target = document;
            foreach (var part in reference.GetString()!.TrimStart('#', '/').Split('/'))
            {
                target = target.GetProperty(part.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal));
            }
            schema = target;
        }
        return schema;
    }
}
