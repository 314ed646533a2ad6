using System.Text.Json.Nodes;

namespace BStore.LocalGateway;

/// <summary>A JWT authorizer of the template, its references resolved to the local user pool and app client.</summary>
public sealed record JwtAuthorizerDefinition(string LogicalId, string Issuer, IReadOnlyList<string> Audience, string IdentityHeader);

/// <summary>A route of the template: <c>GET /api/products/{id}</c>, and the authorizer in front of it (null: public).</summary>
public sealed record RouteDefinition(string RouteKey, string Method, IReadOnlyList<string> Segments, JwtAuthorizerDefinition? Authorizer);

/// <summary>The template's CORS configuration of the HTTP API (API Gateway answers CORS itself, ignoring the function's).</summary>
public sealed record CorsDefinition(
    IReadOnlyList<string> AllowOrigins, IReadOnlyList<string> AllowMethods, IReadOnlyList<string> AllowHeaders,
    IReadOnlyList<string> ExposeHeaders, int? MaxAgeSeconds, bool AllowCredentials);

/// <summary>
/// The HTTP API as the synthesized stage template describes it: its routes (no <c>$default</c> means an unrouted request
/// answers 404 without reaching the function), its JWT authorizers and its CORS. Read from the committed snapshot
/// (stacks/snapshots/&lt;stage&gt;.template.json), which the stacks tests keep identical to a fresh synth.
/// </summary>
public sealed record HttpApiDefinition(IReadOnlyList<RouteDefinition> Routes, CorsDefinition? Cors, int IntegrationTimeoutMilliseconds)
{
    public static HttpApiDefinition FromTemplate(JsonObject template, TemplateValues values)
    {
        var resources = template["Resources"]!.AsObject();
        IEnumerable<(string Id, JsonObject Properties)> OfType(string type) => resources
            .Where(r => r.Value!["Type"]!.GetValue<string>() == type)
            .Select(r => (r.Key, r.Value!["Properties"]?.AsObject() ?? []));

        var apis = OfType("AWS::ApiGatewayV2::Api").ToList();
        if (apis.Count != 1)
        {
            throw new InvalidOperationException($"The template has {apis.Count} HTTP APIs; the local gateway serves exactly one.");
        }
        var authorizers = OfType("AWS::ApiGatewayV2::Authorizer").ToDictionary(a => a.Id, a =>
        {
            var (id, properties) = a;
            if (properties["AuthorizerType"]?.GetValue<string>() != "JWT")
            {
                throw new InvalidOperationException($"Authorizer {id} is not a JWT authorizer, the only kind the local gateway applies.");
            }
            var jwt = properties["JwtConfiguration"]!;
            var identitySource = properties["IdentitySource"]?.AsArray().Select(s => s!.GetValue<string>()).SingleOrDefault()
                ?? "$request.header.Authorization";
            const string headerPrefix = "$request.header.";
            if (!identitySource.StartsWith(headerPrefix, StringComparison.Ordinal))
            {
                throw new InvalidOperationException($"Authorizer {id} reads its token from {identitySource}; the local gateway reads headers only.");
            }
            return new JwtAuthorizerDefinition(id, values.Resolve(jwt["Issuer"]),
                jwt["Audience"]!.AsArray().Select(values.Resolve).ToList(), identitySource[headerPrefix.Length..]);
        });
        var routes = OfType("AWS::ApiGatewayV2::Route").Select(r =>
        {
            var (id, properties) = r;
            var routeKey = properties["RouteKey"]!.GetValue<string>();
            var authorization = properties["AuthorizationType"]?.GetValue<string>() ?? "NONE";
            JwtAuthorizerDefinition? authorizer = authorization switch
            {
                "NONE" => null,
                "JWT" => authorizers[properties["AuthorizerId"]!["Ref"]!.GetValue<string>()],
                _ => throw new InvalidOperationException($"Route {id} uses {authorization} authorization, which the local gateway does not apply."),
            };
            return RouteTable.Parse(routeKey, authorizer);
        }).ToList();
        var integrationTimeout = OfType("AWS::ApiGatewayV2::Integration")
            .Select(i => i.Properties["TimeoutInMillis"]?.GetValue<int>()).Max() ?? 30_000;

        var api = apis[0].Properties;
        CorsDefinition? cors = api["CorsConfiguration"] is JsonObject c
            ? new CorsDefinition(
                Strings(c["AllowOrigins"]), Strings(c["AllowMethods"]), Strings(c["AllowHeaders"]), Strings(c["ExposeHeaders"]),
                c["MaxAge"]?.GetValue<int>(), c["AllowCredentials"]?.GetValue<bool>() ?? false)
            : null;
        return new HttpApiDefinition(routes, cors, integrationTimeout);

        IReadOnlyList<string> Strings(JsonNode? node) => node?.AsArray().Select(values.Resolve).ToList() ?? [];
    }
}

/// <summary>
/// Resolves the template's references for this machine: the user pool and its app client to the emulator's, pseudo
/// parameters to the local region. Anything else the gateway would need is refused by name rather than guessed.
/// </summary>
public sealed class TemplateValues(JsonObject template, string region, string userPoolId, string clientId)
{
    private readonly JsonObject _resources = template["Resources"]!.AsObject();

    public string Resolve(JsonNode? node) => node switch
    {
        JsonValue value => value.GetValue<string>(),
        JsonObject { Count: 1 } o when o["Ref"] is { } reference => Reference(reference.GetValue<string>()),
        JsonObject { Count: 1 } o when o["Fn::Join"] is JsonArray join =>
            string.Join(join[0]!.GetValue<string>(), join[1]!.AsArray().Select(Resolve)),
        _ => throw new InvalidOperationException($"The local gateway cannot resolve {node?.ToJsonString()} from the template."),
    };

    private string Reference(string name) => name switch
    {
        "AWS::Region" => region,
        "AWS::URLSuffix" => "amazonaws.com",
        "AWS::Partition" => "aws",
        _ => _resources[name]?["Type"]?.GetValue<string>() switch
        {
            "AWS::Cognito::UserPool" => userPoolId,
            "AWS::Cognito::UserPoolClient" => clientId,
            var type => throw new InvalidOperationException($"The local gateway cannot resolve a reference to {name} ({type ?? "not in the template"})."),
        },
    };
}
