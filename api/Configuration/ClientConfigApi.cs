using System.Text.Json;
using System.Text.Json.Serialization;
using BStore.Api.Catalog;
using BStore.Api.Hosting;
using BStore.Api.Http;
using BStore.Api.Identity;
using Microsoft.Extensions.Options;

namespace BStore.Api.Configuration;

/// <summary>What a client needs to talk to this deployment. Nothing here is secret.</summary>
public sealed record ClientConfigResponse(
    string ApiBaseUrl,
    string Region,
    CognitoConfigResponse Cognito,
    string ImagesBaseUrl);

public sealed record CognitoConfigResponse(string? UserPoolId, string? ClientId, string? Endpoint);

/// <summary><c>BStore:PublicBaseUrl</c>: the public base URL of this API; when unset it is taken from the request.</summary>
public sealed class ClientConfigSettings
{
    public const string Section = "BStore";

    public string? PublicBaseUrl { get; set; }

    internal IEnumerable<string?> Problems()
    {
        yield return PublicBaseUrl is { Length: > 0 } && !SettingsValidation.IsHttpUrl(PublicBaseUrl)
            ? "PublicBaseUrl must be an absolute http(s) URL or unset."
            : null;
    }
}

/// <summary>Answers, source-generated (Native AOT has no reflection).</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(ClientConfigResponse))]
public sealed partial class ConfigurationJsonContext : JsonSerializerContext;

public static class ClientConfigApi
{
    public static IHostApplicationBuilder AddClientConfig(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<ClientConfigSettings>().Bind(builder.Configuration.GetSection(ClientConfigSettings.Section))
            .ValidateSettings(ClientConfigSettings.Section, settings => settings.Problems());
        builder.Services.AddJsonTypes(ConfigurationJsonContext.Default);
        return builder;
    }

    public static IEndpointRouteBuilder MapClientConfigApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/config", GetConfig)
            .AllowQueryParameters()
            .WithTags("Configuration")
            .WithName("GetClientConfig")
            .WithSummary("Addresses and identifiers a client needs to use this deployment.");
        return app;
    }

    private static CachedJsonResult<ClientConfigResponse> GetConfig(
        HttpRequest request, IOptions<ClientConfigSettings> options, IOptions<LimitSettings> limits, IOptions<AwsSettings> aws,
        IOptions<CognitoSettings> cognito, ImageUrls images)
    {
        var publicBaseUrl = options.Value.PublicBaseUrl;
        var apiBaseUrl = string.IsNullOrWhiteSpace(publicBaseUrl)
            ? $"{PublicScheme(request, limits.Value.TrustForwardedFor)}://{request.Host}"
            : publicBaseUrl.TrimEnd('/');
        var config = new ClientConfigResponse(
            apiBaseUrl,
            aws.Value.Region,
            new CognitoConfigResponse(cognito.Value.UserPoolId, cognito.Value.ClientId, cognito.Value.Endpoint),
            images.BaseUrl);
        return CachedJson.Ok(config, ConfigurationJsonContext.Default.ClientConfigResponse, "no-cache");
    }

    /// <summary>
    /// Behind API Gateway (TrustForwardedFor) the adapter's connection is plain http, and X-Forwarded-Proto, set by API
    /// Gateway, says how the client came in; anywhere else that header is whatever the client wrote. In AWS the template
    /// sets PublicBaseUrl anyway (stacks/Constructs/Api.cs): this covers a process started without it.
    /// </summary>
    private static string PublicScheme(HttpRequest request, bool behindApiGateway) =>
        behindApiGateway && request.Headers["X-Forwarded-Proto"].ToString().Split(',')[^1].Trim() is "https" ? "https" : request.Scheme;
}
