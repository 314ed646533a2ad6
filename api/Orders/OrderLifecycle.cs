using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using BStore.Api.Cart;
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
    private const int Attempts = 4;
    private readonly string _table = options.Value.UserActivity;

    /// <summary>Runs <paramref name="step"/>; answers the order's status afterwards, or null when there is no such order.</summary>
    public async Task<string?> RunAsync(OrderStep step, string userId, string orderId, CancellationToken cancellationToken)
    {
        for (var attempt = 1; attempt <= Attempts; attempt++)
        {
            if (await orders.ReadOrderItemAsync(userId, orderId, cancellationToken) is not { } item)
            {
                return null;
            }
            var order = OrderItems.ToOrder(item);
            if (order.Status == OrderStatuses.Cancelled)
            {
                await RefundIfPaidAsync(userId, item, cancellationToken);
                return OrderStatuses.Cancelled;
            }
            var done = step switch
            {
                OrderStep.Pay => await PayAsync(userId, item, order, cancellationToken),
                OrderStep.Abandon => await AbandonAsync(userId, order, cancellationToken),
                _ => await AdvanceAsync(userId, item, order, step, cancellationToken),
            };
            if (done is not null)
            {
                return done;
            }
            // The order changed since it was read (the shopper cancelled, or a retry of this step won): look again.
        }
        throw new OrderBusyException();
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
                }
            }
            catch (Exception e) when (e is AmazonDynamoDBException or HttpRequestException or OrderBusyException)
            {
                logger.LogWarning(e, "Refund of cancelled order {OrderId} deferred to the order workflow", orderId);
            }
        }
        return (outcome, order);
    }

    private async Task<string?> PayAsync(string userId, Dictionary<string, AttributeValue> item, OrderResponse order, CancellationToken cancellationToken)
    {
        if (order.Status != OrderStatuses.Placed)
        {
            return OrderStatuses.Confirmed; // paid and confirmed already: a redelivered step
        }
        if (order.PaymentStatus == PaymentStatuses.Declined)
        {
            // Declined earlier, but the cancel that follows did not happen: finish it.
            var (outcome, cancelled) = await orders.CancelAsync(userId, order.Id, CancelReasons.PaymentDeclined, cancellationToken);
            return outcome is CancelOutcome.Cancelled or CancelOutcome.AlreadyCancelled ? cancelled!.Status : null;
        }
        var method = item.GetValueOrDefault("paymentMethod")?.S ?? LocalPaymentGateway.DefaultPaymentMethod;
        var payment = await payments.ChargeAsync(new PaymentCharge(order.Id, order.Total, order.Currency, method), cancellationToken);
        if (!payment.Approved)
        {
            await TryWriteAsync([OrderUpdate(userId, item, "SET paymentStatus = :declined, paymentReference = :reference, declineReason = :reason",
                new() { [":declined"] = new() { S = PaymentStatuses.Declined }, [":reference"] = new() { S = payment.Reference },
                    [":reason"] = new() { S = payment.DeclineReason ?? "declined" } })], cancellationToken);
            return null; // read again: the declined payment leads to the cancel above
        }
        var confirmed = await TryWriteAsync(
        [
            OrderUpdate(userId, item,
                "SET #status = :confirmed, timeline = list_append(timeline, :change), paymentStatus = :paid, paymentReference = :reference",
                new()
                {
                    [":confirmed"] = new() { S = OrderStatuses.Confirmed },
                    [":change"] = new() { L = [OrderItems.StatusChangeItem(new OrderStatusChange(OrderStatuses.Confirmed, time.GetUtcNow()))] },
                    [":paid"] = new() { S = PaymentStatuses.Paid },
                    [":reference"] = new() { S = payment.Reference },
                }),
            events.Put(_table, userId, ActivityTypes.OrderConfirmed, quantity: ItemCount(order), orderId: order.Id),
        ], cancellationToken);
        if (confirmed)
        {
            return OrderStatuses.Confirmed;
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

    private async Task<string?> AdvanceAsync(
        string userId, Dictionary<string, AttributeValue> item, OrderResponse order, OrderStep step, CancellationToken cancellationToken)
    {
        var (from, to, type) = step switch
        {
            OrderStep.Pack => (OrderStatuses.Confirmed, OrderStatuses.Packed, ActivityTypes.OrderPacked),
            OrderStep.Ship => (OrderStatuses.Packed, OrderStatuses.Shipped, ActivityTypes.OrderShipped),
            _ => (OrderStatuses.Shipped, OrderStatuses.Delivered, ActivityTypes.OrderDelivered),
        };
        if (OrderStatuses.Progress(order.Status) >= OrderStatuses.Progress(to))
        {
            return to; // there already: a redelivered step, or a second execution for the same order
        }
        if (order.Status != from)
        {
            return order.Status; // not there yet: the workflow fails this as unexpected
        }
        var advanced = await TryWriteAsync(
        [
            OrderUpdate(userId, item, "SET #status = :to, timeline = list_append(timeline, :change)", new()
            {
                [":to"] = new() { S = to },
                [":change"] = new() { L = [OrderItems.StatusChangeItem(new OrderStatusChange(to, time.GetUtcNow()))] },
            }),
            events.Put(_table, userId, type, quantity: ItemCount(order), orderId: order.Id),
        ], cancellationToken);
        return advanced ? to : null;
    }

    /// <summary>The workflow gave up on a step: an order that has not shipped is cancelled (stock back, money back).</summary>
    private async Task<string?> AbandonAsync(string userId, OrderResponse order, CancellationToken cancellationToken)
    {
        if (!OrderStatuses.Cancellable.Contains(order.Status))
        {
            return order.Status;
        }
        _ = await orders.CancelAsync(userId, order.Id, CancelReasons.FulfilmentFailed, cancellationToken);
        return null; // read again: the cancelled order is refunded on the next pass
    }

    /// <summary>Refunds a paid order and records it; true when this call recorded the refund.</summary>
    private async Task<bool> RefundIfPaidAsync(string userId, Dictionary<string, AttributeValue> item, CancellationToken cancellationToken)
    {
        var order = OrderItems.ToOrder(item);
        if (order.PaymentStatus != PaymentStatuses.Paid || item.GetValueOrDefault("paymentReference")?.S is not { } reference)
        {
            return false;
        }
        await payments.RefundAsync(reference, order.Total, order.Currency, cancellationToken);
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
