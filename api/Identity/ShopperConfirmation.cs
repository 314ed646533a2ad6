using System.Text.Json;
using BStore.Api.Hosting;
using BStore.Api.Http;
using BStore.Api.Notifications;
using Microsoft.Extensions.Options;

namespace BStore.Api.Identity;

/// <summary>
/// Cognito's PostConfirmation trigger: once a shopper confirms their account, their address is subscribed to their
/// own activity emails. Cognito expects the event back unchanged; an error would make ConfirmSignUp fail for the
/// shopper, so a notification that cannot be set up is logged and the confirmation still answered (the shopper can
/// turn emails on later, from the app).
/// </summary>
public sealed class ShopperConfirmation(IOptions<CognitoSettings> cognito, EmailSubscriptions emails, ILogger<ShopperConfirmation> logger)
    : ILambdaEventHandler
{
    public const string ConfirmSignUp = "PostConfirmation_ConfirmSignUp";
    private const string PostConfirmationPrefix = "PostConfirmation_";

    public string Takes => "Cognito's PostConfirmation trigger";

    public bool Handles(JsonElement root) => root.TryGetProperty("triggerSource", out _);

    public async Task<IResult> HandleAsync(LambdaEvent lambdaEvent, CancellationToken cancellationToken)
    {
        var (trigger, body) = (lambdaEvent.Root, lambdaEvent.Body);
        var source = Text(trigger, "triggerSource");
        if (source is null || !source.StartsWith(PostConfirmationPrefix, StringComparison.Ordinal))
        {
            return JsonBody.Invalid("triggerSource", "Only Cognito's PostConfirmation trigger is handled here.");
        }
        if (Text(trigger, "userPoolId") is not { } poolId || poolId != cognito.Value.UserPoolId)
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
            logger.LogError("Shopper {UserId} confirmed, but no email topic is configured: not subscribed to their activity emails", userId);
            return TypedResults.Bytes(body, "application/json");
        }
        try
        {
            await emails.SubscribeAsync(userId, address!, cancellationToken);
            logger.LogInformation("Shopper {UserId} confirmed; subscribed to their activity emails", userId);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // E.g. SNS's limit of filter policies per topic, or SNS unreachable: sign-up must not fail for it.
            logger.LogError(e, "Shopper {UserId} confirmed, but their activity emails could not be set up", userId);
        }
        return TypedResults.Bytes(body, "application/json");
    }

    private static string? Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
