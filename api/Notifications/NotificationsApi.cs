using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using BStore.Api.Aws;
using BStore.Api.Catalog;
using BStore.Api.Hosting;
using BStore.Api.Http;
using BStore.Api.Identity;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace BStore.Api.Notifications;

public sealed record NotificationResponse(
    string Id, string Type, string? ProductId, string? ProductName, int? Quantity, string Message, DateTimeOffset At, bool Read);

public sealed record NotificationPageResponse(IReadOnlyList<NotificationResponse> Items, int UnreadCount, string? NextCursor);

/// <summary>Answers, source-generated (Native AOT has no reflection).</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(NotificationPageResponse))]
[JsonSerializable(typeof(EmailPreferences))]
public sealed partial class NotificationsJsonContext : JsonSerializerContext;

/// <summary>Request bodies, strict (<see cref="Http.JsonBody"/>): unknown fields and numbers in strings are errors.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow, NumberHandling = JsonNumberHandling.Strict, AllowTrailingCommas = false, MaxDepth = 64)]
[JsonSerializable(typeof(SetEmailPreferencesRequest))]
public sealed partial class NotificationsRequestJsonContext : JsonSerializerContext;

public static class NotificationsApi
{
    public static IHostApplicationBuilder AddNotifications(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<NotificationSettings>().Bind(builder.Configuration.GetSection(NotificationSettings.Section))
            .ValidateSettings(NotificationSettings.Section, settings => settings.Problems());
        services.AddJsonTypes(NotificationsJsonContext.Default, NotificationsRequestJsonContext.Default);
        services.AddSingleton<ActivityEvents>(); // the cart, the wishlist and orders write their events with it, in their own transactions
        services.AddSingleton<NotificationStore>();
        services.AddSnsClient(AwsSettings.In(builder.Configuration), FunctionSettings.JobIn(builder.Configuration));
        services.AddSingleton(provider => new EmailSubscriptions(
            provider.GetRequiredService<Amazon.DynamoDBv2.IAmazonDynamoDB>(), provider.GetRequiredService<IOptions<Data.TableNameSettings>>(),
            provider.GetRequiredService<IOptions<NotificationSettings>>(),
            () => provider.GetRequiredService<SnsClient>(),
            provider.GetRequiredService<ILogger<EmailSubscriptions>>()));
        return builder;
    }

    public static IEndpointRouteBuilder MapNotificationsApi(this IEndpointRouteBuilder app)
    {
        var notifications = app.MapGroup("/api/notifications").WithTags("Notifications").RequireAuthorization(Shopper.Policy);
        notifications.MapEmailPreferences();
        notifications.MapGet("/", List).AllowQueryParameters("cursor", "limit").WithName("ListNotifications")
            .WithSummary("The shopper's activity, newest first, with the unread count.");
        notifications.MapPost("/{id}/read", MarkRead).AllowQueryParameters().WithName("MarkNotificationRead")
            .WithSummary("Mark one notification read.").ProducesProblem(StatusCodes.Status404NotFound);
        notifications.MapPost("/read-all", MarkAllRead).AllowQueryParameters().WithName("MarkAllNotificationsRead")
            .WithSummary("Mark every notification read.");
        return app;
    }

    private static async Task<Results<Ok<NotificationPageResponse>, ValidationProblem>> List(
        [FromQuery] string? cursor, [FromQuery] string? limit, HttpContext context, NotificationStore store, CatalogStore catalog,
        CancellationToken cancellationToken)
    {
        var (pageSize, afterId, problem) = IdPaging.Read(cursor, limit, ActivityEvents.IsValidId);
        if (problem is not null)
        {
            return problem;
        }
        var (events, nextId, unread) = await store.ReadAsync(Shopper.IdOf(context.User), pageSize, afterId, cancellationToken);
        var ids = events.Select(e => e.ProductId).OfType<string>().ToList();
        var products = await catalog.LookupAsync(ids, cancellationToken);
        var items = events.Select(e =>
        {
            var name = e.ProductId is null ? null : products.GetValueOrDefault(e.ProductId)?.Name;
            return new NotificationResponse(e.Id, e.Type, e.ProductId, name, e.Quantity, Message(e, name ?? e.ProductId), e.At, e.Read);
        }).ToList();
        return TypedResults.Ok(new NotificationPageResponse(items, unread, IdPaging.Encode(nextId)));
    }

    private static async Task<Results<NoContent, ValidationProblem, ProblemHttpResult>> MarkRead(string id, HttpContext context, NotificationStore store, CancellationToken cancellationToken)
    {
        if (!ActivityEvents.IsValidId(id))
        {
            return JsonBody.Invalid("id", "id must be a notification id from the notification list.");
        }
        return await store.MarkReadAsync(Shopper.IdOf(context.User), id, cancellationToken)
            ? TypedResults.NoContent()
            : TypedResults.Problem(statusCode: 404, title: "Notification not found", detail: "You have no notification with this id.");
    }

    private static async Task<NoContent> MarkAllRead(HttpContext context, NotificationStore store, CancellationToken cancellationToken)
    {
        await store.MarkAllReadAsync(Shopper.IdOf(context.User), cancellationToken);
        return TypedResults.NoContent();
    }

    /// <summary>What the shopper reads: one sentence per change.</summary>
    public static string Message(StoredEvent e, string? product) => e.Type switch
    {
        ActivityTypes.CartItemSet => $"{product}: {e.Quantity} in your cart.",
        ActivityTypes.CartItemRemoved => $"{product} was removed from your cart.",
        ActivityTypes.CartCleared => "Your cart was emptied.",
        ActivityTypes.CartMerged => $"Products from another device were added to your cart ({e.Quantity}).",
        ActivityTypes.WishlistItemAdded => $"{product} was added to your wishlist.",
        ActivityTypes.WishlistItemRemoved => $"{product} was removed from your wishlist.",
        ActivityTypes.WishlistItemMovedToCart => $"{product} moved from your wishlist to your cart.",
        ActivityTypes.OrderPlaced => $"Your order of {e.Quantity} item(s) was placed.",
        ActivityTypes.OrderConfirmed => "Your payment went through and your order is confirmed.",
        ActivityTypes.OrderPacked => "Your order is packed.",
        ActivityTypes.OrderShipped => "Your order has shipped.",
        ActivityTypes.OrderDelivered => "Your order was delivered. Tell others what you think of it in a review.",
        ActivityTypes.OrderCancelled => "Your order was cancelled; its items are back in stock.",
        ActivityTypes.OrderPaymentDeclined => "Your payment was declined, so the order was cancelled. Nothing was charged.",
        ActivityTypes.OrderRefunded => "Your payment for a cancelled order was refunded.",
        _ => "Your account changed.",
    };

}
