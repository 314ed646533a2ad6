using BStore.Api.Notifications;
using BStore.Api.Orders;

namespace BStore.Api.UnitTests.Orders;

public class OrderTransitionsTests
{
    private static readonly DateTimeOffset Now = new(2027, 3, 1, 12, 0, 0, TimeSpan.Zero);

    private static OrderResponse Order(string status, string payment = PaymentStatuses.Pending) => new(
        "order-1", status, [new OrderLineResponse("rose-oil", "Rose oil", 10m, 2, 20m)], 20m, 0m, 20m, "EUR", null,
        new ShippingAddress("Ana", "1 Main St", null, "Lisbon", null, "1000-001", "PT", null),
        [new OrderStatusChange(OrderStatuses.Placed, Now.AddHours(-1))], Now.AddHours(-1), payment);

    [Theory]
    [InlineData(OrderStep.Pack, OrderStatuses.Confirmed, OrderStatuses.Packed, ActivityTypes.OrderPacked)]
    [InlineData(OrderStep.Ship, OrderStatuses.Packed, OrderStatuses.Shipped, ActivityTypes.OrderShipped)]
    [InlineData(OrderStep.Deliver, OrderStatuses.Shipped, OrderStatuses.Delivered, ActivityTypes.OrderDelivered)]
    public void Each_fulfilment_step_moves_the_order_one_status_on_with_its_event(OrderStep step, string from, string to, string eventType) =>
        OrderTransitions.Decide(step, Order(from)).Should().Be(new StepDecision(StepAction.Move, to, eventType));

    [Theory]
    [InlineData(OrderStep.Pack, OrderStatuses.Packed, OrderStatuses.Packed)]
    [InlineData(OrderStep.Pack, OrderStatuses.Delivered, OrderStatuses.Packed)]
    [InlineData(OrderStep.Ship, OrderStatuses.Shipped, OrderStatuses.Shipped)]
    [InlineData(OrderStep.Deliver, OrderStatuses.Delivered, OrderStatuses.Delivered)]
    public void A_step_the_order_is_already_past_writes_nothing_and_answers_the_step_s_status(OrderStep step, string status, string answer) =>
        OrderTransitions.Decide(step, Order(status)).Should().Be(new StepDecision(StepAction.Answer, answer));

    [Theory]
    [InlineData(OrderStep.Pack, OrderStatuses.Placed)]
    [InlineData(OrderStep.Ship, OrderStatuses.Confirmed)]
    [InlineData(OrderStep.Deliver, OrderStatuses.Packed)]
    public void A_step_that_comes_too_early_writes_nothing_and_answers_where_the_order_is(OrderStep step, string status) =>
        OrderTransitions.Decide(step, Order(status)).Should().Be(new StepDecision(StepAction.Answer, status));

    [Fact]
    public void Paying_charges_a_placed_order_and_confirms_it_and_a_redelivered_pay_step_changes_nothing()
    {
        OrderTransitions.Decide(OrderStep.Pay, Order(OrderStatuses.Placed))
            .Should().Be(new StepDecision(StepAction.Charge, OrderStatuses.Confirmed, ActivityTypes.OrderConfirmed));
        OrderTransitions.Decide(OrderStep.Pay, Order(OrderStatuses.Packed, PaymentStatuses.Paid))
            .Should().Be(new StepDecision(StepAction.Answer, OrderStatuses.Confirmed));
    }

    [Fact]
    public void A_declined_payment_whose_cancel_did_not_happen_is_cancelled_for_the_decline()
    {
        OrderTransitions.Decide(OrderStep.Pay, Order(OrderStatuses.Placed, PaymentStatuses.Declined))
            .Should().Be(new StepDecision(StepAction.Cancel, OrderStatuses.Placed, Reason: CancelReasons.PaymentDeclined));
    }

    [Theory]
    [InlineData(OrderStatuses.Placed, StepAction.Cancel)]
    [InlineData(OrderStatuses.Confirmed, StepAction.Cancel)]
    [InlineData(OrderStatuses.Packed, StepAction.Cancel)]
    [InlineData(OrderStatuses.Shipped, StepAction.Answer)]
    [InlineData(OrderStatuses.Delivered, StepAction.Answer)]
    public void Giving_up_cancels_an_order_that_has_not_shipped_and_leaves_one_that_has(string status, StepAction action)
    {
        var decision = OrderTransitions.Decide(OrderStep.Abandon, Order(status));

        decision.Action.Should().Be(action);
        decision.Status.Should().Be(status);
        decision.Reason.Should().Be(action == StepAction.Cancel ? CancelReasons.FulfilmentFailed : null);
    }

    [Theory]
    [InlineData(OrderStep.Pay)]
    [InlineData(OrderStep.Pack)]
    [InlineData(OrderStep.Deliver)]
    [InlineData(OrderStep.Abandon)]
    public void Every_step_on_a_cancelled_order_only_gives_the_money_back(OrderStep step) =>
        OrderTransitions.Decide(step, Order(OrderStatuses.Cancelled, PaymentStatuses.Paid))
            .Should().Be(new StepDecision(StepAction.RefundIfPaid, OrderStatuses.Cancelled));

    [Theory]
    [InlineData(OrderStatuses.Placed, PaymentStatuses.Pending, PaymentStatuses.NotCharged)]
    [InlineData(OrderStatuses.Confirmed, PaymentStatuses.Paid, PaymentStatuses.Paid)]
    [InlineData(OrderStatuses.Packed, PaymentStatuses.Paid, PaymentStatuses.Paid)]
    [InlineData(OrderStatuses.Placed, PaymentStatuses.Declined, PaymentStatuses.Declined)]
    public void An_order_that_has_not_shipped_can_be_cancelled_and_money_not_yet_taken_never_will_be(
        string status, string paymentBefore, string paymentAfter)
    {
        var order = Order(status, paymentBefore);

        var (refusal, plan) = OrderTransitions.Cancel(order, CancelReasons.ByShopper, Now);

        refusal.Should().BeNull();
        plan.Should().Be(new CancelPlan(new OrderStatusChange(OrderStatuses.Cancelled, Now, CancelReasons.ByShopper), paymentAfter, ActivityTypes.OrderCancelled));
        var cancelled = OrderTransitions.Cancelled(order, plan!);
        cancelled.Status.Should().Be(OrderStatuses.Cancelled);
        cancelled.PaymentStatus.Should().Be(paymentAfter);
        cancelled.Timeline.Should().HaveCount(2).And.EndWith(plan!.Change);
    }

    [Fact]
    public void A_cancel_for_a_declined_payment_tells_the_shopper_so()
    {
        var (_, plan) = OrderTransitions.Cancel(Order(OrderStatuses.Placed, PaymentStatuses.Declined), CancelReasons.PaymentDeclined, Now);

        plan!.EventType.Should().Be(ActivityTypes.OrderPaymentDeclined);
    }

    [Theory]
    [InlineData(OrderStatuses.Shipped, CancelOutcome.TooLate)]
    [InlineData(OrderStatuses.Delivered, CancelOutcome.TooLate)]
    [InlineData(OrderStatuses.Cancelled, CancelOutcome.AlreadyCancelled)]
    public void An_order_that_shipped_or_is_cancelled_is_not_cancelled_again(string status, CancelOutcome outcome) =>
        OrderTransitions.Cancel(Order(status), CancelReasons.ByShopper, Now).Should().Be(((CancelOutcome?)outcome, (CancelPlan?)null));

    [Theory]
    [InlineData(OrderStatuses.Cancelled, PaymentStatuses.Paid, "ch_1", true)]
    [InlineData(OrderStatuses.Cancelled, PaymentStatuses.Paid, null, false)]
    [InlineData(OrderStatuses.Cancelled, PaymentStatuses.Refunded, "ch_1", false)]
    [InlineData(OrderStatuses.Cancelled, PaymentStatuses.NotCharged, null, false)]
    [InlineData(OrderStatuses.Confirmed, PaymentStatuses.Paid, "ch_1", false)]
    public void Only_a_cancelled_order_whose_charge_is_recorded_and_not_yet_refunded_is_refunded(
        string status, string payment, string? reference, bool refund) =>
        OrderTransitions.NeedsRefund(Order(status, payment), reference).Should().Be(refund);
}
