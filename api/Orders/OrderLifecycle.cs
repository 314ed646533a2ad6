using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using BStore.Api.Data;
using BStore.Api.Hosting;
using BStore.Api.Notifications;
using Microsoft.Extensions.Options;

namespace BStore.Api.Orders;

/// <summary>The steps of the order workflow (api/Workflows/OrderLifecycle.asl.json), each one Lambda invocation.</summary>
public enum OrderStep { Pay, Pack, Ship, Deliver, Abandon }

/// <summary>
/// What each step of an order's life does to it. The Standard workflow decides when (its waits and retries); this
/// decides what: charge and confirm, pack, ship, deliver, or give up and compensate. Every step is idempotent — it
/// reads the order, does nothing when the order is already past the step, and writes on the condition that the
/// order is as read — so a redelivered or retried step changes nothing twice. Every status change is one
/// transaction with the shopper's activity event (the inbox and the email follow from it).
/// </summary>
public sealed class OrderLifecycle(
    IAmazonDynamoDB dynamoDb, IOptions<Data.TableNameSettings> options, OrderStore orders, IPaymentGateway payments, ActivityEvents events,
    TimeProvider time, ILogger<OrderLifecycle> logger)
{
    private readonly string _table = options.Value.UserActivity;

    /// <summary>Runs <paramref name="step"/>; answers the order's status afterwards, or null when there is no such order.</summary>
    public async Task<string?> RunAsync(OrderStep step, string userId, string orderId, CancellationToken cancellationToken)
    {
        return await RetryPolicy.Conflicts.RunAsync<string?>(async _ =>
        {
            if (await orders.ReadOrderItemAsync(userId, orderId, cancellationToken) is not { } item)
            {
                return Attempt<string?>.Done(null);
            }
            var order = OrderItems.ToOrder(item);
            var decision = OrderTransitions.Decide(step, order);
            if (decision.Action == StepAction.RefundIfPaid)
            {
                await RefundIfPaidAsync(userId, item, cancellationToken);
                return decision.Status;
            }
            var done = decision.Action switch
            {
                StepAction.Answer => decision.Status,
                StepAction.Charge => await PayAsync(userId, item, order, decision, cancellationToken),
                StepAction.Cancel => await CancelAsync(userId, order, decision.Reason!, cancellationToken),
                StepAction.Move => await MoveAsync(userId, item, order, decision, cancellationToken),
                _ => throw new System.Diagnostics.UnreachableException($"Step action {decision.Action} was handled above."),
            };
            // Null: the order changed since it was read (the shopper cancelled, or a retry of this step won): look again.
            return done is null ? Attempt<string?>.Again : done;
        }, () => throw new OrderBusyException(), cancellationToken);
    }

    /// <summary>The shopper's cancel: the order first (stock back at once), then the money, which the workflow retries if this fails.</summary>
    public async Task<(CancelOutcome Outcome, OrderResponse? Order)> CancelByShopperAsync(string userId, string orderId, CancellationToken cancellationToken)
    {
        var (outcome, order) = await orders.CancelAsync(userId, orderId, CancelReasons.ByShopper, cancellationToken);
        if (outcome == CancelOutcome.Cancelled && order!.PaymentStatus == PaymentStatuses.Paid)
        {
            try
            {
                if (await orders.ReadOrderItemAsync(userId, orderId, cancellationToken) is { } item)
                {
                    order = OrderItems.ToOrder(item);
                    if (await RefundIfPaidAsync(userId, item, cancellationToken))
                    {
                        order = order with { PaymentStatus = PaymentStatuses.Refunded };
                    }
                    else if (OrderTransitions.NeedsRefund(order, item.GetValueOrDefault("paymentReference")?.S) &&
                        await orders.ReadOrderItemAsync(userId, orderId, cancellationToken) is { } latest)
                    {
                        // The workflow recorded the refund while this call made it: answer the order as it is now.
                        order = OrderItems.ToOrder(latest);
                    }
                }
            }
            catch (Exception e) when (e is AmazonDynamoDBException or HttpRequestException or OrderBusyException)
            {
                logger.LogWarning(e, "Refund of cancelled order {OrderId} deferred to the order workflow", orderId);
            }
        }
        return (outcome, order);
    }

    /// <summary>
    /// A cancel decided by the workflow: after a declined payment it answers the cancelled status; after a failed
    /// fulfilment the order is read again (and refunded on that pass).
    /// </summary>
    private async Task<string?> CancelAsync(string userId, OrderResponse order, string reason, CancellationToken cancellationToken)
    {
        var (outcome, cancelled) = await orders.CancelAsync(userId, order.Id, reason, cancellationToken);
        return reason == CancelReasons.PaymentDeclined && (outcome is CancelOutcome.Cancelled or CancelOutcome.AlreadyCancelled)
            ? cancelled!.Status
            : null;
    }

    /// <summary>Moves the order one status on (pack, ship, deliver); null when it changed since it was read.</summary>
    private async Task<string?> MoveAsync(
        string userId, Dictionary<string, AttributeValue> item, OrderResponse order, StepDecision move, CancellationToken cancellationToken)
    {
        var moved = await TryWriteAsync(
        [
            OrderUpdate(userId, item, "SET #status = :to, timeline = list_append(timeline, :change)", new()
            {
                [":to"] = new() { S = move.Status },
                [":change"] = new() { L = [OrderItems.StatusChangeItem(new OrderStatusChange(move.Status, time.GetUtcNow()))] },
            }),
            events.Put(_table, userId, move.EventType!, quantity: ItemCount(order), orderId: order.Id),
        ], cancellationToken);
        return moved ? move.Status : null;
    }

    private async Task<string?> PayAsync(
        string userId, Dictionary<string, AttributeValue> item, OrderResponse order, StepDecision confirm, CancellationToken cancellationToken)
    {
        var method = item.GetValueOrDefault("paymentMethod")?.S ?? LocalPaymentGateway.DefaultPaymentMethod;
        var payment = await payments.ChargeAsync(new PaymentCharge(order.Id, order.Total, order.Currency, method), cancellationToken);
        if (!payment.Approved)
        {
            await TryWriteAsync([OrderUpdate(userId, item, "SET paymentStatus = :declined, paymentReference = :reference, declineReason = :reason",
                new() { [":declined"] = new() { S = PaymentStatuses.Declined }, [":reference"] = new() { S = payment.Reference },
                    [":reason"] = new() { S = payment.DeclineReason ?? "declined" } })], cancellationToken);
            return null; // read again: the declined payment leads to the cancel
        }
        var confirmed = await TryWriteAsync(
        [
            OrderUpdate(userId, item,
                "SET #status = :confirmed, timeline = list_append(timeline, :change), paymentStatus = :paid, paymentReference = :reference",
                new()
                {
                    [":confirmed"] = new() { S = confirm.Status },
                    [":change"] = new() { L = [OrderItems.StatusChangeItem(new OrderStatusChange(confirm.Status, time.GetUtcNow()))] },
                    [":paid"] = new() { S = PaymentStatuses.Paid },
                    [":reference"] = new() { S = payment.Reference },
                }),
            events.Put(_table, userId, confirm.EventType!, quantity: ItemCount(order), orderId: order.Id),
        ], cancellationToken);
        if (confirmed)
        {
            return confirm.Status;
        }
        if (await orders.ReadOrderItemAsync(userId, order.Id, cancellationToken) is { } latest &&
            OrderItems.ToOrder(latest) is { Status: OrderStatuses.Cancelled } cancelledMeanwhile)
        {
            // The shopper cancelled while the charge went through: the money goes back, recorded as refunded.
            await payments.RefundAsync(payment.Reference, cancelledMeanwhile.Total, cancelledMeanwhile.Currency, cancellationToken);
            await TryWriteAsync([OrderUpdate(userId, latest, "SET paymentStatus = :refunded, paymentReference = :reference",
                new() { [":refunded"] = new() { S = PaymentStatuses.Refunded }, [":reference"] = new() { S = payment.Reference } }),
                events.Put(_table, userId, ActivityTypes.OrderRefunded, orderId: order.Id)], cancellationToken);
            return OrderStatuses.Cancelled;
        }
        return null;
    }

    /// <summary>Refunds a paid order and records it; true when this call recorded the refund.</summary>
    private async Task<bool> RefundIfPaidAsync(string userId, Dictionary<string, AttributeValue> item, CancellationToken cancellationToken)
    {
        var order = OrderItems.ToOrder(item);
        var reference = item.GetValueOrDefault("paymentReference")?.S;
        if (!OrderTransitions.NeedsRefund(order, reference))
        {
            return false;
        }
        await payments.RefundAsync(reference!, order.Total, order.Currency, cancellationToken);
        return await TryWriteAsync([OrderUpdate(userId, item, "SET paymentStatus = :refunded", new() { [":refunded"] = new() { S = PaymentStatuses.Refunded } }),
            events.Put(_table, userId, ActivityTypes.OrderRefunded, orderId: order.Id)], cancellationToken);
    }

    /// <summary>An update of the order on the condition that it is the version that was read.</summary>
    private TransactWriteItem OrderUpdate(
        string userId, Dictionary<string, AttributeValue> item, string set, Dictionary<string, AttributeValue> values)
    {
        values[":one"] = new() { N = "1" };
        values[":version"] = item["version"];
        return new TransactWriteItem { Update = new Update
        {
            TableName = _table,
            Key = OrderItems.OrderKey(userId, item["orderId"].S),
            UpdateExpression = set + " ADD version :one",
            ConditionExpression = "version = :version",
            ExpressionAttributeNames = set.Contains("#status", StringComparison.Ordinal) ? new() { ["#status"] = "status" } : null,
            ExpressionAttributeValues = values,
        } };
    }

    /// <summary>False when the order moved since it was read; the caller reads it again.</summary>
    private async Task<bool> TryWriteAsync(List<TransactWriteItem> writes, CancellationToken cancellationToken)
    {
        try
        {
            await dynamoDb.TransactWriteItemsAsync(new TransactWriteItemsRequest { TransactItems = writes }, cancellationToken);
            return true;
        }
        catch (TransactionCanceledException)
        {
            return false;
        }
    }

    private static int ItemCount(OrderResponse order) => order.Lines.Sum(l => l.Quantity);
}

/// <summary>An order kept changing under a step; the workflow retries the step later.</summary>
public sealed class OrderBusyException() : Exception("The order kept changing; try the step again later.");
