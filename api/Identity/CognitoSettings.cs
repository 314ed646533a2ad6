using BStore.Api.Hosting;

namespace BStore.Api.Identity;

/// <summary><c>BStore:Cognito</c>: the user pool and app client whose access tokens sign shoppers in.</summary>
public sealed class CognitoSettings
{
    public const string Section = "BStore:Cognito";

    public string? UserPoolId { get; set; }
    public string? ClientId { get; set; }

    /// <summary>Cognito's address for the app (the emulator locally), given to clients by GET /api/config.</summary>
    public string? Endpoint { get; set; }

    /// <summary>Without a pool and client every token is refused (a process that serves only the catalog).</summary>
    public bool IsConfigured => !string.IsNullOrWhiteSpace(UserPoolId) && !string.IsNullOrWhiteSpace(ClientId);

    internal IEnumerable<string?> Problems()
    {
        yield return string.IsNullOrWhiteSpace(UserPoolId) != string.IsNullOrWhiteSpace(ClientId)
            ? "UserPoolId and ClientId go together: set both or neither."
            : null;
        yield return Endpoint is { Length: > 0 } && !SettingsValidation.IsHttpUrl(Endpoint) ? "Endpoint must be an absolute http(s) URL or unset." : null;
    }
}
