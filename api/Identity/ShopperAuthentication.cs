using BStore.Api.Hosting;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.Options;
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
    /// <summary>Shoppers' sign-in (BStore:Cognito) and Cognito's PostConfirmation trigger at /events.</summary>
    public static IHostApplicationBuilder AddShoppers(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<CognitoSettings>().Bind(builder.Configuration.GetSection(CognitoSettings.Section))
            .ValidateSettings(CognitoSettings.Section, cognito => cognito.Problems());
        services.AddTransient<ILambdaEventHandler, ShopperConfirmation>();
        services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme).AddJwtBearer();
        services.AddOptions<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme)
            .Configure<IOptions<CognitoSettings>, IOptions<AwsSettings>>((options, cognito, aws) => Configure(options, cognito.Value, aws.Value));
        services.AddAuthorizationBuilder().AddPolicy(Shopper.Policy, policy => policy.RequireAuthenticatedUser().RequireClaim("sub"));
        return builder;
    }

    private static void Configure(JwtBearerOptions options, CognitoSettings cognito, AwsSettings aws)
    {
        var configured = cognito.IsConfigured;
        var issuer = configured ? $"https://cognito-idp.{aws.Region}.amazonaws.com/{cognito.UserPoolId}" : "https://unconfigured.invalid";
        // Locally the emulator serves the pool's keys; in AWS they are under the issuer. (The emulator's
        // openid-configuration is broken, so the key set is read directly.)
        var jwksUrl = string.IsNullOrWhiteSpace(aws.ServiceUrl)
            ? $"{issuer}/.well-known/jwks.json"
            : $"{aws.ServiceUrl.TrimEnd('/')}/{cognito.UserPoolId}/.well-known/jwks.json";
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
