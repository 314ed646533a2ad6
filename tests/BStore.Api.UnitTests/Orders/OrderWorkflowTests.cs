using System.Text.Json.Nodes;
using BStore.Api.Orders;
using BStore.Api.Workflows;

namespace BStore.Api.UnitTests.Orders;

/// <summary>The order workflow's definition agrees with the steps the API runs, and the local payment gateway's rules.</summary>
public sealed class OrderWorkflowTests
{
    private static readonly JsonObject Definition =
        JsonNode.Parse(WorkflowDefinitions.OrderLifecycle("the-function", new OrderWaits(11, 22, 33)))!.AsObject();

    private static JsonObject States => Definition["States"]!.AsObject();

    [Fact]
    public void Every_placeholder_is_filled_and_the_waits_are_the_ones_given()
    {
        Definition.ToJsonString().Should().NotContain("${");
        var waits = States["ReadOrder"]!["Parameters"]!["waits"]!;
        (waits["pack.$"]!.GetValue<string>(), waits["ship.$"]!.GetValue<string>(), waits["deliver.$"]!.GetValue<string>())
            .Should().Be(("States.StringToJson('11')", "States.StringToJson('22')", "States.StringToJson('33')"));
        States.Where(s => s.Value!["Type"]!.GetValue<string>() == "Wait").Select(s => s.Value!["SecondsPath"]!.GetValue<string>())
            .Should().BeEquivalentTo("$.waits.pack", "$.waits.ship", "$.waits.deliver");
    }

    [Fact]
    public void Every_task_invokes_the_given_function_with_a_step_the_api_knows_and_retries_with_jitter()
    {
        var tasks = States.Where(s => s.Value!["Type"]!.GetValue<string>() == "Task").ToList();
        tasks.Select(t => t.Value!["Parameters"]!["Payload"]!["orderStep"]!.GetValue<string>())
            .Should().BeEquivalentTo("pay", "pack", "ship", "deliver", "abandon");
        foreach (var (name, task) in tasks)
        {
            task!["Resource"]!.GetValue<string>().Should().Be("arn:aws:states:::lambda:invoke", name);
            task["Parameters"]!["FunctionName"]!.GetValue<string>().Should().Be("the-function", name);
            var retry = task["Retry"]!.AsArray().Should().ContainSingle().Subject!;
            retry["JitterStrategy"]!.GetValue<string>().Should().Be("FULL", name);
            retry["MaxAttempts"]!.GetValue<int>().Should().BeInRange(2, 10, name);
        }
    }

    [Fact]
    public void Every_transition_names_a_state_and_every_state_is_reachable()
    {
        var targets = States.SelectMany(s => Targets(s.Value!)).ToList();
        targets.Should().OnlyContain(t => States.ContainsKey(t));
        var reachable = new HashSet<string> { Definition["StartAt"]!.GetValue<string>() };
        for (var grown = true; grown;)
        {
            grown = false;
            foreach (var name in reachable.ToList())
            {
                grown |= Targets(States[name]!).Count(reachable.Add) > 0;
            }
        }
        reachable.Should().BeEquivalentTo(States.Select(s => s.Key));
    }

    [Fact]
    public void Each_step_is_followed_by_the_status_it_produces_and_cancelled_ends_the_workflow()
    {
        var expected = new Dictionary<string, string>
        {
            ["TakePayment"] = OrderStatuses.Confirmed, ["Pack"] = OrderStatuses.Packed, ["Ship"] = OrderStatuses.Shipped, ["Deliver"] = OrderStatuses.Delivered,
        };
        foreach (var (task, status) in expected)
        {
            var choice = States[States[task]!["Next"]!.GetValue<string>()]!;
            var statuses = choice["Choices"]!.AsArray().Select(c => c!["And"]![1]!["StringEquals"]!.GetValue<string>()).ToList();
            statuses[0].Should().Be(status, task);
            if (task != "Deliver")
            {
                statuses.Should().Contain(OrderStatuses.Cancelled, task);
            }
            choice["Default"]!.GetValue<string>().Should().Be("Unexpected");
        }
    }

    [Fact]
    public void Statuses_progress_in_order_and_cancelled_is_off_the_way()
    {
        new[] { OrderStatuses.Placed, OrderStatuses.Confirmed, OrderStatuses.Packed, OrderStatuses.Shipped, OrderStatuses.Delivered }
            .Select(OrderStatuses.Progress).Should().Equal(0, 1, 2, 3, 4);
        OrderStatuses.Progress(OrderStatuses.Cancelled).Should().Be(-1);
        OrderStatuses.Cancellable.Should().BeEquivalentTo(OrderStatuses.Placed, OrderStatuses.Confirmed, OrderStatuses.Packed);
    }

    [Theory]
    [InlineData("pm_card_visa", true)]
    [InlineData("pm_card_mastercard", true)]
    [InlineData("pm_card_chargeDeclined", false)]
    [InlineData("pm_card_chargeDeclinedInsufficientFunds", false)]
    public async Task The_local_gateway_declines_only_the_test_decline_methods_and_answers_the_same_for_the_same_order(string method, bool approved)
    {
        var gateway = new LocalPaymentGateway();
        var first = await gateway.ChargeAsync(new PaymentCharge("1764000000000-0123456789abcdef", 25m, "USD", method), CancellationToken.None);
        var again = await gateway.ChargeAsync(new PaymentCharge("1764000000000-0123456789abcdef", 25m, "USD", method), CancellationToken.None);
        var other = await gateway.ChargeAsync(new PaymentCharge("1764000000001-0123456789abcdef", 25m, "USD", method), CancellationToken.None);

        first.Approved.Should().Be(approved);
        (first.DeclineReason is null).Should().Be(approved);
        again.Should().Be(first, "a repeated charge is the same charge");
        other.Reference.Should().NotBe(first.Reference);
    }

    private static IEnumerable<string> Targets(JsonNode state) =>
        new[] { state["Next"], state["Default"] }.OfType<JsonNode>().Select(n => n.GetValue<string>())
            .Concat(state["Choices"]?.AsArray().Select(c => c!["Next"]!.GetValue<string>()) ?? [])
            .Concat(state["Catch"]?.AsArray().Select(c => c!["Next"]!.GetValue<string>()) ?? []);
}
