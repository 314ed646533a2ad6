using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace BStore.Api.Http;

/// <summary>A request header an endpoint reads, for its OpenAPI description (endpoint metadata).</summary>
public sealed record RequestHeaderDescription(string Name, string Description, bool Required);

/// <summary>
/// What the generated OpenAPI document cannot see by itself: request headers, and on routes that need a shopper their
/// security requirement and 401. The committed copy of the document (api/openapi.json) is where the deployed HTTP API's
/// routes and their authorizer come from (stacks/Constructs/ApiRoutes.cs), so the security requirement is what puts a
/// route behind the JWT authorizer.
/// </summary>
public static class OpenApiDescriptions
{
    /// <summary>The security scheme of shopper routes: a Cognito access token of this stage's user pool and app client.</summary>
    public const string ShopperScheme = "cognito";

    public static Task DescribeDocumentAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        // The address a document is served from is not part of the contract (the committed copy is the same everywhere).
        document.Servers = [];
        document.Components ??= new OpenApiComponents();
        document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
        document.Components.SecuritySchemes[ShopperScheme] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.Http,
            Scheme = "bearer",
            BearerFormat = "JWT",
            Description = "A Cognito access token of this stage's user pool, issued to the mobile app's client.",
        };
        return Task.CompletedTask;
    }

    public static TBuilder ReadsHeader<TBuilder>(this TBuilder builder, string name, string description, bool required = false)
        where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new RequestHeaderDescription(name, description, required));

    public static Task DescribeAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        var metadata = context.Description.ActionDescriptor.EndpointMetadata;
        foreach (var header in metadata.OfType<RequestHeaderDescription>())
        {
            operation.Parameters ??= [];
            operation.Parameters.Add(new OpenApiParameter
            {
                Name = header.Name,
                In = ParameterLocation.Header,
                Required = header.Required,
                Description = header.Description,
                Schema = new OpenApiSchema { Type = JsonSchemaType.String },
            });
        }
        if (!metadata.OfType<IAuthorizeData>().Any())
        {
            return Task.CompletedTask;
        }
        operation.Security ??= [];
        operation.Security.Add(new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(ShopperScheme, context.Document)] = [] });
        if (operation.Responses is { } responses && !responses.ContainsKey("401") && responses.TryGetValue("400", out var badRequest))
        {
            responses["401"] = new OpenApiResponse
            {
                Description = "No valid access token (missing, expired, tampered or from another user pool).",
                Content = badRequest.Content,
            };
        }
        return Task.CompletedTask;
    }
}
