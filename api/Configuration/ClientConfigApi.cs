using BStore.Api.Catalog;
using BStore.Api.Hosting;
using BStore.Api.Http;
using Microsoft.Extensions.Options;

namespace BStore.Api.Configuration;

/// <summary>What a client needs to talk to this deployment. Nothing here is secret.</summary>
public sealed record ClientConfigResponse(
    string ApiBaseUrl,
    string Region,
    CognitoConfigResponse Cognito,
    string ImagesBaseUrl);

public sealed record CognitoConfigResponse(string? UserPoolId, string? ClientId, string? Endpoint);

public static class ClientConfigApi
{
    public static IEndpointRouteBuilder MapClientConfigApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/config", GetConfig)
            .AllowQueryParameters()
            .WithTags("Configuration")
            .WithName("GetClientConfig")
            .WithSummary("Addresses and identifiers a client needs to use this deployment.");
        return app;
    }

    private static CachedJsonResult<ClientConfigResponse> GetConfig(HttpRequest request, IOptions<BStoreOptions> options, ImageUrls images)
    {
        var settings = options.Value;
        var apiBaseUrl = string.IsNullOrWhiteSpace(settings.PublicBaseUrl)
            ? $"{PublicScheme(request, settings.Limits.TrustForwardedFor)}://{request.Host}"
            : settings.PublicBaseUrl.TrimEnd('/');
        var config = new ClientConfigResponse(
            apiBaseUrl,
            settings.Aws.Region,
            new CognitoConfigResponse(settings.Cognito.UserPoolId, settings.Cognito.ClientId, settings.Cognito.Endpoint),
            images.BaseUrl);
        return CachedJson.Ok(config, ApiJsonContext.Default.ClientConfigResponse, "no-cache");
    }

    /// <summary>
    /// Behind API Gateway (TrustForwardedFor) the adapter's connection is plain http, and X-Forwarded-Proto, set by API
    /// Gateway, says how the client came in; anywhere else that header is whatever the client wrote. In AWS the template
    /// sets PublicBaseUrl anyway (stacks/Constructs/Api.cs): this covers a process started without it.
    /// </summary>
    private static string PublicScheme(HttpRequest request, bool behindApiGateway) =>
        behindApiGateway && request.Headers["X-Forwarded-Proto"].ToString().Split(',')[^1].Trim() is "https" ? "https" : request.Scheme;
}
