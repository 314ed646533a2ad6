using BStore.Api.Notifications;

namespace BStore.Api.Orders;

/// <summary>What a step of the order workflow does to an order as read: answer without writing, or which change to attempt.</summary>
public enum StepAction
{
    /// <summary>Write nothing; the order's status afterwards is <see cref="StepDecision.Status"/>.</summary>
    Answer,
    /// <summary>Move the order to <see cref="StepDecision.Status"/> with the event <see cref="StepDecision.EventType"/>.</summary>
    Move,
    /// <summary>Charge the order; when approved, move it to <see cref="StepDecision.Status"/> (confirmed).</summary>
    Charge,
    /// <summary>Cancel the order for <see cref="StepDecision.Reason"/> (stock and promo code back).</summary>
    Cancel,
    /// <summary>The order is cancelled: give the money back if it was taken, then answer cancelled.</summary>
    RefundIfPaid,
}

public sealed record StepDecision(StepAction Action, string Status, string? EventType = null, string? Reason = null);

/// <summary>What a cancel does to an order: its new timeline entry, where the money stands, the shopper's event.</summary>
public sealed record CancelPlan(OrderStatusChange Change, string PaymentStatus, string EventType);

/// <summary>
/// The rules of an order's life, apart from how it is stored: placed → confirmed (paid) → packed → shipped → delivered,
/// or cancelled until it ships. Pure functions of the order as read; <see cref="OrderStore"/> and <see cref="OrderLifecycle"/>
/// turn each decision into one transaction conditioned on the order's version, which keeps them right when the
/// order changes in between (the decision is then taken again on a fresh read).
/// </summary>
public static class OrderTransitions
{
    /// <summary>What <paramref name="step"/> does to <paramref name="order"/>.</summary>
    public static StepDecision Decide(OrderStep step, OrderResponse order)
    {
        if (order.Status == OrderStatuses.Cancelled)
        {
            return new(StepAction.RefundIfPaid, OrderStatuses.Cancelled);
        }
        return step switch
        {
            OrderStep.Pay => Pay(order),
            OrderStep.Abandon => OrderStatuses.Cancellable.Contains(order.Status)
                ? new(StepAction.Cancel, order.Status, Reason: CancelReasons.FulfilmentFailed)
                : new(StepAction.Answer, order.Status),
            _ => Advance(order.Status, step),
        };
    }

    /// <summary>Whether a cancel may happen and what it means: null plan and why not, or the plan.</summary>
    public static (CancelOutcome? Refusal, CancelPlan? Plan) Cancel(OrderResponse order, string reason, DateTimeOffset now)
    {
        if (order.Status == OrderStatuses.Cancelled)
        {
            return (CancelOutcome.AlreadyCancelled, null);
        }
        if (!OrderStatuses.Cancellable.Contains(order.Status))
        {
            return (CancelOutcome.TooLate, null);
        }
        // Cancelled before the charge: nothing will be (a charge racing this cancel is refunded by the workflow).
        var payment = order.PaymentStatus == PaymentStatuses.Pending ? PaymentStatuses.NotCharged : order.PaymentStatus;
        var eventType = reason == CancelReasons.PaymentDeclined ? ActivityTypes.OrderPaymentDeclined : ActivityTypes.OrderCancelled;
        return (null, new CancelPlan(new OrderStatusChange(OrderStatuses.Cancelled, now, reason), payment, eventType));
    }

    /// <summary>The order as the shopper sees it once <paramref name="plan"/> is written.</summary>
    public static OrderResponse Cancelled(OrderResponse order, CancelPlan plan) =>
        order with { Status = OrderStatuses.Cancelled, Timeline = [.. order.Timeline, plan.Change], PaymentStatus = plan.PaymentStatus };

    /// <summary>A cancelled order whose money was taken is refunded (once: the refund is recorded on the order).</summary>
    public static bool NeedsRefund(OrderResponse order, string? paymentReference) =>
        order.Status == OrderStatuses.Cancelled && order.PaymentStatus == PaymentStatuses.Paid && paymentReference is not null;

    private static StepDecision Pay(OrderResponse order) =>
        order.Status != OrderStatuses.Placed ? new(StepAction.Answer, OrderStatuses.Confirmed) // paid and confirmed already: a redelivered step
        : order.PaymentStatus == PaymentStatuses.Declined ? new(StepAction.Cancel, order.Status, Reason: CancelReasons.PaymentDeclined) // the cancel after a decline did not happen: finish it
        : new(StepAction.Charge, OrderStatuses.Confirmed, ActivityTypes.OrderConfirmed);

    private static StepDecision Advance(string status, OrderStep step)
    {
        var (from, to, eventType) = step switch
        {
            OrderStep.Pack => (OrderStatuses.Confirmed, OrderStatuses.Packed, ActivityTypes.OrderPacked),
            OrderStep.Ship => (OrderStatuses.Packed, OrderStatuses.Shipped, ActivityTypes.OrderShipped),
            OrderStep.Deliver => (OrderStatuses.Shipped, OrderStatuses.Delivered, ActivityTypes.OrderDelivered),
            _ => throw new ArgumentOutOfRangeException(nameof(step), step, "Not a fulfilment step."),
        };
        if (OrderStatuses.Progress(status) >= OrderStatuses.Progress(to))
        {
            return new(StepAction.Answer, to); // there already: a redelivered step, or a second execution for the same order
        }
        // Not there yet: the workflow fails this as unexpected.
        return status == from ? new(StepAction.Move, to, eventType) : new(StepAction.Answer, status);
    }
}
