using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace BStore.Api.Http;

/// <summary>A request header an endpoint reads, for its OpenAPI description (endpoint metadata).</summary>
public sealed record RequestHeaderDescription(string Name, string Description, bool Required);

/// <summary>What the generated OpenAPI document cannot see by itself: request headers, and 401 on routes that need a shopper.</summary>
public static class OpenApiDescriptions
{
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
        if (metadata.OfType<IAuthorizeData>().Any() && operation.Responses is { } responses && !responses.ContainsKey("401")
            && responses.TryGetValue("400", out var badRequest))
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
