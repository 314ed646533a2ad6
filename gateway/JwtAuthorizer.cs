using System.Collections.Concurrent;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace BStore.LocalGateway;

/// <summary>
/// API Gateway's JWT authorizer: the token from the identity source header ("Bearer " optional), signed by a key of the
/// issuer's JWKS, <c>iss</c> equal to the issuer, <c>aud</c> (or, without one, <c>client_id</c>) one of the audience,
/// not expired and not before <c>nbf</c>. The issuer's keys come from the emulator standing in for Cognito.
/// </summary>
public sealed class JwtAuthorizer(HttpClient http, Uri cognitoEndpoint, TimeProvider time)
{
    private static readonly TimeSpan KeyRefreshInterval = TimeSpan.FromSeconds(5);
    private readonly ConcurrentDictionary<string, (JsonWebKeySet Keys, DateTimeOffset ReadAt)> _keys = new();
    private readonly JsonWebTokenHandler _handler = new() { MapInboundClaims = false };

    /// <summary>The token's claims when it passes, or the reason API Gateway would give in <c>WWW-Authenticate</c>.</summary>
    public async Task<(IReadOnlyDictionary<string, object>? Claims, string? Error)> AuthorizeAsync(
        JwtAuthorizerDefinition authorizer, string? headerValue, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(headerValue))
        {
            return (null, null);
        }
        var token = headerValue.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? headerValue[7..].Trim() : headerValue.Trim();
        JsonWebToken jwt;
        try
        {
            jwt = _handler.ReadJsonWebToken(token);
        }
        catch (ArgumentException)
        {
            return (null, "the token is not a JWT");
        }
        var keys = await KeysAsync(authorizer.Issuer, jwt.Kid, cancellationToken);
        var result = await _handler.ValidateTokenAsync(token, new TokenValidationParameters
        {
            ValidIssuer = authorizer.Issuer,
            ValidateAudience = false, // below: aud, or client_id for Cognito access tokens
            ValidateLifetime = true,
            RequireExpirationTime = true,
            RequireSignedTokens = true,
            ValidAlgorithms = [SecurityAlgorithms.RsaSha256],
            IssuerSigningKeys = keys.GetSigningKeys(),
            ClockSkew = TimeSpan.Zero,
            LifetimeValidator = (notBefore, expires, _, _) =>
                expires > time.GetUtcNow().UtcDateTime && (notBefore is null || notBefore <= time.GetUtcNow().UtcDateTime),
        });
        if (!result.IsValid)
        {
            return (null, result.Exception switch
            {
                SecurityTokenInvalidLifetimeException or SecurityTokenExpiredException => "the token has expired",
                SecurityTokenInvalidIssuerException => "the token does not have a valid issuer",
                _ => "the token is not valid",
            });
        }
        var audiences = jwt.Audiences.ToList();
        var presented = audiences.Count > 0 ? audiences : jwt.TryGetClaim("client_id", out var clientId) ? [clientId.Value] : [];
        if (!presented.Any(authorizer.Audience.Contains))
        {
            return (null, "the token does not have a valid audience");
        }
        return (result.Claims.ToDictionary(c => c.Key, c => c.Value), null);
    }

    private async Task<JsonWebKeySet> KeysAsync(string issuer, string? kid, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        if (_keys.TryGetValue(issuer, out var cached)
            && (cached.Keys.Keys.Any(k => k.Kid == kid) || now - cached.ReadAt < KeyRefreshInterval))
        {
            return cached.Keys;
        }
        // In AWS the keys are at {issuer}/.well-known/jwks.json; locally the emulator serves them under the same path.
        var jwks = new Uri(cognitoEndpoint, new Uri(issuer).AbsolutePath.TrimEnd('/') + "/.well-known/jwks.json");
        var keys = new JsonWebKeySet(await http.GetStringAsync(jwks, cancellationToken));
        _keys[issuer] = (keys, now);
        return keys;
    }
}
