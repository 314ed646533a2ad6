using System.Text.Json.Nodes;

namespace BStore.Stacks.Constructs;

/// <summary>One route of the HTTP API: an operation of the API's OpenAPI document.</summary>
public sealed record ApiRoute(string Method, string Path, bool NeedsShopper)
{
    public string RouteKey => $"{Method} {Path}";
}

/// <summary>
/// The HTTP API's routes come from the API's committed OpenAPI document (api/openapi.json, checked against the one the
/// API serves by OpenApiDocumentTests): one route per operation, behind the JWT authorizer when the operation has the
/// <c>cognito</c> security requirement. There is no <c>$default</c> route, so a path the document does not name answers
/// 404 from API Gateway and never reaches the function (POST /events, /health).
/// </summary>
public static class ApiRoutes
{
    public const string DocumentPath = "api/openapi.json";

    /// <summary>The document itself, public like the catalog (it is not one of its own operations).</summary>
    public static readonly ApiRoute OpenApiDocument = new("GET", "/openapi/v1.json", NeedsShopper: false);

    private static readonly string[] Methods = ["get", "put", "post", "delete", "patch", "head", "options"];

    public static IReadOnlyList<ApiRoute> Load(string repositoryRoot) =>
        FromDocument(JsonNode.Parse(File.ReadAllText(Path.Combine(repositoryRoot, DocumentPath)))!);

    public static IReadOnlyList<ApiRoute> FromDocument(JsonNode document)
    {
        var routes = new List<ApiRoute> { OpenApiDocument };
        foreach (var (path, item) in document["paths"]!.AsObject())
        {
            foreach (var (method, operation) in item!.AsObject().Where(o => Methods.Contains(o.Key)))
            {
                // Any one requirement may be met; an empty one ({}) means the operation is open to anyone.
                var needsShopper = operation!["security"] is JsonArray { Count: > 0 } security
                    && security.All(requirement => requirement is JsonObject { Count: > 0 });
                routes.Add(new ApiRoute(method.ToUpperInvariant(), path, needsShopper));
            }
        }
        return routes;
    }
}
