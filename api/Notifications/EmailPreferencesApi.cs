using BStore.Api.Hosting;
using BStore.Api.Http;
using BStore.Api.Identity;
using Microsoft.AspNetCore.Http.HttpResults;

namespace BStore.Api.Notifications;

public sealed record SetEmailPreferencesRequest(bool? Enabled);

/// <summary>GET and PUT /api/notifications/email: the shopper's choice of activity emails (the inbox is always on).</summary>
public static class EmailPreferencesApi
{
    public static RouteGroupBuilder MapEmailPreferences(this RouteGroupBuilder notifications)
    {
        notifications.MapGet("/email", Read).AllowQueryParameters().WithName("GetEmailPreferences")
            .WithSummary("Whether activity emails go to the shopper, and to which address.");
        notifications.MapPut("/email", Set).AllowQueryParameters().WithName("SetEmailPreferences")
            .WithSummary("Turn activity emails on or off. Turning them on subscribes the address the account was confirmed with.")
            .Accepts<SetEmailPreferencesRequest>("application/json")
            .ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        return notifications;
    }

    private static async Task<Ok<EmailPreferences>> Read(HttpContext context, EmailSubscriptions emails, CancellationToken cancellationToken) =>
        TypedResults.Ok(await emails.ReadAsync(Shopper.IdOf(context.User), cancellationToken));

    private static async Task<Results<Ok<EmailPreferences>, ValidationProblem, ProblemHttpResult, JsonBodyProblem>> Set(HttpContext context, EmailSubscriptions emails, CancellationToken cancellationToken)
    {
        var (body, problem) = await JsonBody.ReadAsync(context.Request, NotificationsRequestJsonContext.Default.SetEmailPreferencesRequest, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }
        if (body!.Enabled is not { } enabled)
        {
            return JsonBody.Invalid("enabled", "enabled is required: true or false.");
        }
        var userId = Shopper.IdOf(context.User);
        if (!enabled)
        {
            return TypedResults.Ok(await emails.TurnOffAsync(userId, cancellationToken));
        }
        if (!emails.IsConfigured)
        {
            return NotConfigured();
        }
        var current = await emails.ReadAsync(userId, cancellationToken);
        if (current.Address is null)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "No email address on record",
                detail: "This account has no confirmed email address on record yet, so emails cannot be turned on.");
        }
        // Subscribing again is harmless and restores a subscription the shopper ended from an email's unsubscribe link.
        return TypedResults.Ok(await emails.SubscribeAsync(userId, current.Address, cancellationToken));
    }

    public static ProblemHttpResult NotConfigured() => TypedResults.Problem(statusCode: StatusCodes.Status503ServiceUnavailable,
        title: "Emails are unavailable", detail: "This deployment has no shopper email topic configured.");
}
