using System.Text.RegularExpressions;
using BStore.Api.Hosting;
using BStore.Api.Http;
using BStore.Api.Identity;
using Microsoft.AspNetCore.Http.HttpResults;
using BStore.Api.Notifications;
using BStore.Api.Promotions;
using Microsoft.AspNetCore.Mvc;

namespace BStore.Api.Orders;

public static partial class OrdersApi
{
    public const string IdempotencyKeyHeader = "Idempotency-Key";

    public static IHostApplicationBuilder AddOrders(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<OrderSettings>().Bind(builder.Configuration.GetSection(OrderSettings.Section))
            .ValidateSettings(OrderSettings.Section, settings => settings.Problems());
        builder.Services.AddJsonTypes(OrdersJsonContext.Default, OrdersRequestJsonContext.Default);
        builder.Services
            .AddSingleton<OrderStore>()
            .AddSingleton<OrderLifecycle>()
            .AddSingleton<IPaymentGateway, LocalPaymentGateway>()
            .AddTransient<ILambdaEventHandler, OrderStepEvents>();
        return builder;
    }

    public static IEndpointRouteBuilder MapOrdersApi(this IEndpointRouteBuilder app)
    {
        var orders = app.MapGroup("/api/orders").WithTags("Orders").RequireAuthorization(Shopper.Policy);
        orders.MapPost("/", Place).AllowQueryParameters().WithName("PlaceOrder")
            .WithSummary("Turn the cart into an order: prices from the catalog, stock reserved, cart emptied, all at once. " +
                "Send an Idempotency-Key (1–64 letters, digits, - or _); a retry with the same key and body answers the same order.")
            .Accepts<PlaceOrderRequest>("application/json")
            .ReadsHeader(IdempotencyKeyHeader, "1–64 letters, digits, - or _, new for each checkout and kept across its retries.", required: true)
            .ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        orders.MapGet("/", List).AllowQueryParameters("cursor", "limit").WithName("ListOrders")
            .WithSummary("The shopper's orders, newest first.");
        orders.MapGet("/{id}", Get).AllowQueryParameters().WithName("GetOrder")
            .WithSummary("One order with its status timeline.").ProducesProblem(StatusCodes.Status404NotFound);
        orders.MapPost("/{id}/cancel", Cancel).AllowQueryParameters().WithName("CancelOrder")
            .WithSummary("Cancel an order that has not shipped; its stock goes back on the shelf. Cancelling again answers the cancelled order.")
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        return app;
    }

    private static async Task<Results<Created<OrderResponse>, Ok<OrderResponse>, ValidationProblem, ProblemHttpResult, JsonBodyProblem>> Place(HttpContext context, OrderStore store, CancellationToken cancellationToken)
    {
        var keys = context.Request.Headers[IdempotencyKeyHeader];
        if (keys.Count != 1 || keys[0] is not { } key || !IdempotencyKeyPattern().IsMatch(key))
        {
            return JsonBody.Invalid(IdempotencyKeyHeader,
                $"Send one {IdempotencyKeyHeader} header of 1 to 64 letters, digits, '-' or '_' (a new one per order, the same one for a retry).");
        }
        var (body, problem) = await JsonBody.ReadAsync(context.Request, OrdersRequestJsonContext.Default.PlaceOrderRequest, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }
        var errors = ShippingAddressRules.Validate(body!.ShippingAddress);
        if (body.PromoCode is not null && PromotionItems.Normalize(body.PromoCode) is null)
        {
            errors["promoCode"] = ["promoCode must be 3 to 20 letters and digits."];
        }
        if (body.PaymentMethod is not null && !PaymentMethodPattern().IsMatch(body.PaymentMethod))
        {
            errors["paymentMethod"] = ["paymentMethod must be a payment method id of 1 to 64 letters, digits or '_' (e.g. pm_card_visa)."];
        }
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var result = await store.PlaceAsync(Shopper.IdOf(context.User), key, body, cancellationToken);
        return result.Outcome switch
        {
            CheckoutOutcome.Placed => TypedResults.Created($"/api/orders/{result.Order!.Id}", result.Order),
            CheckoutOutcome.Replayed when result.Order is not null => TypedResults.Ok(result.Order),
            CheckoutOutcome.KeyReused => TypedResults.Problem(statusCode: StatusCodes.Status422UnprocessableEntity, title: "Idempotency key reused",
                detail: $"This {IdempotencyKeyHeader} was used for a different order in the last 24 hours. Use a new key for a new order."),
            CheckoutOutcome.PromoUnknown or CheckoutOutcome.PromoNotApplicable => TypedResults.Problem(
                statusCode: StatusCodes.Status422UnprocessableEntity, title: "Promo code not applicable", detail: result.PromoProblem,
                extensions: new Dictionary<string, object?> { ["errors"] = new Dictionary<string, string[]> { ["promoCode"] = [result.PromoProblem!] } }),
            CheckoutOutcome.EmptyCart => TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Cart is empty",
                detail: "There is nothing in your cart to order."),
            CheckoutOutcome.LinesUnavailable => TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Some items cannot be ordered",
                detail: string.Join(" ", result.Problems!.Select(p => p.Reason == "unavailable"
                    ? $"'{p.ProductId}' is no longer sold."
                    : $"Only {p.Available} of '{p.ProductId}' left; your cart has {p.Requested}.")),
                extensions: new Dictionary<string, object?> { ["lines"] = result.Problems }),
            _ => TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Checkout busy",
                detail: "Your cart or the stock changed while the order was being placed. Try again with the same key."),
        };
    }

    private static async Task<Results<Ok<OrderPageResponse>, ValidationProblem>> List(
        [FromQuery] string? cursor, [FromQuery] string? limit, HttpContext context, OrderStore store, CancellationToken cancellationToken)
    {
        var (pageSize, afterId, problem) = IdPaging.Read(cursor, limit, ActivityEvents.IsValidId);
        if (problem is not null)
        {
            return problem;
        }
        var (orders, nextId) = await store.ListAsync(Shopper.IdOf(context.User), pageSize, afterId, cancellationToken);
        return TypedResults.Ok(new OrderPageResponse(orders, IdPaging.Encode(nextId)));
    }

    private static async Task<Results<Ok<OrderResponse>, ValidationProblem, ProblemHttpResult>> Get(string id, HttpContext context, OrderStore store, CancellationToken cancellationToken)
    {
        if (!ActivityEvents.IsValidId(id))
        {
            return JsonBody.Invalid("id", "id must be an order id from the order list.");
        }
        return await store.GetAsync(Shopper.IdOf(context.User), id, cancellationToken) is { } order ? TypedResults.Ok(order) : NotFound();
    }

    private static async Task<Results<Ok<OrderResponse>, ValidationProblem, ProblemHttpResult>> Cancel(string id, HttpContext context, OrderLifecycle lifecycle, CancellationToken cancellationToken)
    {
        if (!ActivityEvents.IsValidId(id))
        {
            return JsonBody.Invalid("id", "id must be an order id from the order list.");
        }
        var (outcome, order) = await lifecycle.CancelByShopperAsync(Shopper.IdOf(context.User), id, cancellationToken);
        return outcome switch
        {
            CancelOutcome.Cancelled or CancelOutcome.AlreadyCancelled => TypedResults.Ok(order),
            CancelOutcome.NotFound => NotFound(),
            CancelOutcome.TooLate => TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Too late to cancel",
                detail: $"The order is {order!.Status}; only orders that have not shipped can be cancelled."),
            _ => TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Order busy", detail: "The order is changing right now. Try again."),
        };
    }

    private static ProblemHttpResult NotFound() =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Order not found", detail: "You have no order with this id.");

    [GeneratedRegex(@"\A[A-Za-z0-9_-]{1,64}\z", RegexOptions.CultureInvariant)]
    private static partial Regex IdempotencyKeyPattern();

    [GeneratedRegex(@"\A[A-Za-z0-9_]{1,64}\z", RegexOptions.CultureInvariant)]
    private static partial Regex PaymentMethodPattern();
}
