using System.Text.Json;
using BStore.Api.Hosting;
using BStore.Api.Notifications;

namespace BStore.Api.Orders;

/// <summary>The answer to one step: the order's status afterwards (<c>missing</c> when there is no such order).</summary>
public sealed record OrderStepResult(string Status);

/// <summary>
/// The order workflow's Lambda invocations, <c>{"orderStep": "pay|pack|ship|deliver|abandon", "userId", "orderId"}</c>,
/// arriving at POST /events. A step that cannot finish now answers 500, which the Lambda Web Adapter turns into a
/// failed invocation (AWS_LWA_ERROR_STATUS_CODES) so that the workflow retries it with backoff.
/// </summary>
public sealed class OrderStepEvents(OrderLifecycle lifecycle, ILogger<OrderStepEvents> logger) : ILambdaEventHandler
{
    public const string Missing = "missing";

    private static readonly Dictionary<string, OrderStep> Steps = new(StringComparer.Ordinal)
    {
        ["pay"] = OrderStep.Pay, ["pack"] = OrderStep.Pack, ["ship"] = OrderStep.Ship, ["deliver"] = OrderStep.Deliver, ["abandon"] = OrderStep.Abandon,
    };

    public string Takes => "an order workflow step";

    public bool Handles(JsonElement root) => root.TryGetProperty("orderStep", out _);

    public async Task<IResult> HandleAsync(LambdaEvent lambdaEvent, CancellationToken cancellationToken)
    {
        var root = lambdaEvent.Root;
        if (Text(root, "orderStep") is not { } name || !Steps.TryGetValue(name, out var step))
        {
            return Http.JsonBody.Invalid("orderStep", "orderStep must be one of: " + string.Join(", ", Steps.Keys) + ".");
        }
        if (Text(root, "userId") is not { Length: > 0 and <= 128 } userId || userId.Any(char.IsControl))
        {
            return Http.JsonBody.Invalid("userId", "userId must be the shopper's id.");
        }
        if (Text(root, "orderId") is not { } orderId || !ActivityEvents.IsValidId(orderId))
        {
            return Http.JsonBody.Invalid("orderId", "orderId must be an order id.");
        }
        try
        {
            var status = await lifecycle.RunAsync(step, userId, orderId, cancellationToken);
            logger.LogInformation("Order step {Step} of {OrderId}: {Status}", name, orderId, status ?? Missing);
            return TypedResults.Ok(new OrderStepResult(status ?? Missing));
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogWarning(e, "Order step {Step} of {OrderId} failed; the workflow retries it", name, orderId);
            return TypedResults.Problem(statusCode: StatusCodes.Status500InternalServerError, title: "Order step failed",
                detail: "The step could not finish now; the workflow retries it.");
        }
    }

    private static string? Text(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
