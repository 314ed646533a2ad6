using System.Security.Claims;

namespace BStore.Api.Identity;

/// <summary>The signed-in shopper of a request. Their id is the Cognito <c>sub</c> claim and nothing else.</summary>
public static class Shopper
{
    public const string Policy = "Shopper";

    /// <summary>Cognito subs are 36-character UUIDs; anything much longer is not one.</summary>
    public const int MaxIdLength = 128;

    public static string IdOf(ClaimsPrincipal user) =>
        user.FindFirstValue("sub") is { Length: > 0 } sub
            ? sub
            : throw new InvalidOperationException("A shopper endpoint ran without an authenticated shopper.");
}
