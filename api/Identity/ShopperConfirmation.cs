using System.Text.Json;
using BStore.Api.Hosting;
using BStore.Api.Http;
using BStore.Api.Notifications;

namespace BStore.Api.Identity;

/// <summary>
/// Cognito's PostConfirmation trigger: once a shopper confirms their account, their address is subscribed to their
/// own activity emails. Cognito expects the event back unchanged; an error makes it report the failure to the app
/// (the account stays confirmed, and the shopper can turn emails on later).
/// </summary>
public static class ShopperConfirmation
{
    public const string ConfirmSignUp = "PostConfirmation_ConfirmSignUp";
    private const string PostConfirmationPrefix = "PostConfirmation_";

    public static bool IsTrigger(JsonElement root) =>
        root.ValueKind == JsonValueKind.Object && root.TryGetProperty("triggerSource", out _);

    public static async Task<IResult> HandleAsync(
        JsonElement trigger, byte[] body, BStoreOptions options, EmailSubscriptions emails, ILogger logger, CancellationToken cancellationToken)
    {
        var source = Text(trigger, "triggerSource");
        if (source is null || !source.StartsWith(PostConfirmationPrefix, StringComparison.Ordinal))
        {
            return JsonBody.Invalid("triggerSource", "Only Cognito's PostConfirmation trigger is handled here.");
        }
        if (Text(trigger, "userPoolId") is not { } poolId || poolId != options.Cognito.UserPoolId)
        {
            return JsonBody.Invalid("userPoolId", "The event is not from this deployment's user pool.");
        }
        if (source != ConfirmSignUp)
        {
            // PostConfirmation_ConfirmForgotPassword: nothing to do.
            return TypedResults.Bytes(body, "application/json");
        }
        var attributes = trigger.TryGetProperty("request", out var request) && request.ValueKind == JsonValueKind.Object &&
            request.TryGetProperty("userAttributes", out var found) && found.ValueKind == JsonValueKind.Object ? found : default;
        var userId = attributes.ValueKind == JsonValueKind.Object ? Text(attributes, "sub") : null;
        if (userId is not { Length: > 0 and <= Shopper.MaxIdLength })
        {
            return JsonBody.Invalid("request.userAttributes.sub", "The confirmed user's sub is missing or too long.");
        }
        var address = Text(attributes, "email");
        if (!EmailSubscriptions.IsPlausibleAddress(address))
        {
            return JsonBody.Invalid("request.userAttributes.email", "The confirmed user's email address is missing or not an address.");
        }
        if (!emails.IsConfigured)
        {
            return EmailPreferencesApi.NotConfigured();
        }
        await emails.SubscribeAsync(userId, address!, cancellationToken);
        logger.LogInformation("Shopper {UserId} confirmed; subscribed to their activity emails", userId);
        return TypedResults.Bytes(body, "application/json");
    }

    private static string? Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
