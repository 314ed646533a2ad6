using BStore.Api.Hosting;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.IdentityModel.Protocols;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Microsoft.IdentityModel.Tokens;

namespace BStore.Api.Identity;

/// <summary>
/// Shopper routes accept a Cognito access token of this deployment's user pool and app client: RS256 signature
/// against the pool's JWKS, issuer, expiry (30 s skew), <c>token_use</c> = access and <c>client_id</c>. Every
/// refusal is a 401 problem that says only that the token is missing or invalid.
/// </summary>
public static class ShopperAuthentication
{
    public static IServiceCollection AddShopperAuthentication(this IServiceCollection services, BStoreOptions settings)
    {
        var cognito = settings.Cognito;
        var configured = !string.IsNullOrWhiteSpace(cognito.UserPoolId) && !string.IsNullOrWhiteSpace(cognito.ClientId);
        var issuer = configured ? $"https://cognito-idp.{settings.Aws.Region}.amazonaws.com/{cognito.UserPoolId}" : "https://unconfigured.invalid";
        // Locally the emulator serves the pool's keys; in AWS they are under the issuer. (The emulator's
        // openid-configuration is broken, so the key set is read directly.)
        var jwksUrl = string.IsNullOrWhiteSpace(settings.Aws.ServiceUrl)
            ? $"{issuer}/.well-known/jwks.json"
            : $"{settings.Aws.ServiceUrl.TrimEnd('/')}/{cognito.UserPoolId}/.well-known/jwks.json";

        services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme).AddJwtBearer(options =>
        {
            options.MapInboundClaims = false;
            options.ConfigurationManager = new ConfigurationManager<OpenIdConnectConfiguration>(
                jwksUrl, new JwksOnlyRetriever(issuer), new HttpDocumentRetriever { RequireHttps = jwksUrl.StartsWith("https:", StringComparison.Ordinal) });
            options.TokenValidationParameters = new TokenValidationParameters
            {
                ValidIssuer = issuer,
                ValidateIssuer = true,
                ValidateAudience = false, // access tokens carry client_id, not aud: checked below
                ValidateLifetime = true,
                RequireExpirationTime = true,
                RequireSignedTokens = true,
                ValidAlgorithms = [SecurityAlgorithms.RsaSha256],
                ClockSkew = TimeSpan.FromSeconds(30),
            };
            options.Events = new JwtBearerEvents
            {
                OnTokenValidated = context =>
                {
                    var principal = context.Principal!;
                    if (!configured || principal.FindFirst("token_use")?.Value != "access")
                    {
                        context.Fail("token_use is not 'access'.");
                    }
                    else if (principal.FindFirst("client_id")?.Value != cognito.ClientId)
                    {
                        context.Fail("client_id is not this app's client.");
                    }
                    else if (string.IsNullOrEmpty(principal.FindFirst("sub")?.Value))
                    {
                        context.Fail("The token has no sub.");
                    }
                    return Task.CompletedTask;
                },
                OnChallenge = async context =>
                {
                    context.HandleResponse();
                    context.Response.StatusCode = StatusCodes.Status401Unauthorized;
                    context.Response.Headers.WWWAuthenticate = context.AuthenticateFailure is null ? "Bearer" : "Bearer error=\"invalid_token\"";
                    // TypedResults.Problem, not the problem details service: that one writes nothing (and throws) for Accept: text/html.
                    await TypedResults.Problem(
                        statusCode: StatusCodes.Status401Unauthorized,
                        title: "Sign-in required",
                        detail: context.AuthenticateFailure is null
                            ? "This needs a signed-in shopper: send 'Authorization: Bearer <access token>'."
                            : "The access token is not valid (expired, altered or from another app). Sign in again.").ExecuteAsync(context.HttpContext);
                },
            };
        });
        services.AddAuthorizationBuilder().AddPolicy(Shopper.Policy, policy => policy.RequireAuthenticatedUser().RequireClaim("sub"));
        return services;
    }

    /// <summary>Builds the validation configuration from the JWKS alone.</summary>
    private sealed class JwksOnlyRetriever(string issuer) : IConfigurationRetriever<OpenIdConnectConfiguration>
    {
        public async Task<OpenIdConnectConfiguration> GetConfigurationAsync(string address, IDocumentRetriever retriever, CancellationToken cancel)
        {
            var keys = new JsonWebKeySet(await retriever.GetDocumentAsync(address, cancel));
            var configuration = new OpenIdConnectConfiguration { Issuer = issuer, JwksUri = address, JsonWebKeySet = keys };
            foreach (var key in keys.GetSigningKeys())
            {
                configuration.SigningKeys.Add(key);
            }
            return configuration;
        }
    }
}
