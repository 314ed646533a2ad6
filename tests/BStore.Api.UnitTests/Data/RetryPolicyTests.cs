using Amazon.DynamoDBv2.Model;
using BStore.Api.Data;

namespace BStore.Api.UnitTests.Data;

public class RetryPolicyTests
{
    private static readonly RetryPolicy Policy = new(5, TimeSpan.FromMilliseconds(10), TimeSpan.FromMilliseconds(50));

    [Theory]
    [InlineData(1, 0.0, 5)]
    [InlineData(1, 0.999999, 10)]
    [InlineData(2, 0.0, 10)]
    [InlineData(3, 1.0, 40)]
    [InlineData(4, 0.0, 25)]
    [InlineData(9, 1.0, 50)]
    public void The_wait_doubles_up_to_the_cap_and_keeps_at_least_half_of_it(int retry, double draw, double milliseconds) =>
        Policy.DelayBefore(retry, draw).TotalMilliseconds.Should().BeApproximately(milliseconds, 0.001);

    [Fact]
    public async Task Attempts_run_until_one_is_done_and_each_knows_its_number()
    {
        var seen = new List<int>();

        var result = await Policy.RunAsync<string>(
            async number => { seen.Add(number); await Task.Yield(); return number == 3 ? "third" : Attempt<string>.Again; },
            () => "exhausted", CancellationToken.None);

        result.Should().Be("third");
        seen.Should().Equal(1, 2, 3);
    }

    [Fact]
    public async Task When_every_attempt_asks_for_another_the_exhausted_answer_is_given()
    {
        var attempts = 0;
        var quick = Policy with { FirstDelay = TimeSpan.Zero };

        var result = await quick.RunAsync<string?>(
            _ => { attempts++; return Task.FromResult(Attempt<string?>.Again); }, () => "busy", CancellationToken.None);

        result.Should().Be("busy");
        attempts.Should().Be(5);
    }

    [Fact]
    public async Task A_null_result_can_be_a_final_answer()
    {
        var result = await Policy.RunAsync<string?>(_ => Task.FromResult(Attempt<string?>.Done(null)), () => "busy", CancellationToken.None);

        result.Should().BeNull();
    }

    [Fact]
    public void The_shared_policies_back_off_and_give_up()
    {
        RetryPolicy.Conflicts.Attempts.Should().Be(4);
        RetryPolicy.Throttled.Attempts.Should().BeGreaterThan(RetryPolicy.Conflicts.Attempts);
        RetryPolicy.Throttled.DelayBefore(RetryPolicy.Throttled.Attempts - 1, 1.0).Should().BeLessThanOrEqualTo(RetryPolicy.Throttled.MaxDelay);
        RetryPolicy.Throttled.DelayBefore(2, 0.0).Should().BeGreaterThan(RetryPolicy.Throttled.DelayBefore(1, 0.0));
    }
}

public class TransactionCancellationTests
{
    private static TransactionCanceledException Cancelled(params string[]? codes) =>
        new("cancelled") { CancellationReasons = codes?.Select(c => new CancellationReason { Code = c }).ToList() };

    [Fact]
    public void The_reason_at_an_index_is_that_item_s_code_or_null_beyond_the_list()
    {
        var e = Cancelled("None", "ConditionalCheckFailed");

        e.ReasonAt(0).Should().Be("None");
        e.ReasonAt(1).Should().Be(TransactionCancellation.ConditionalCheckFailed);
        e.ReasonAt(2).Should().BeNull();
        e.ConditionFailedAt(1).Should().BeTrue();
        e.ConditionFailedAt(0).Should().BeFalse();
        Cancelled(null).ReasonAt(0).Should().BeNull();
    }

    [Fact]
    public void A_race_is_a_failed_condition_or_a_conflict_anywhere_and_a_cancellation_without_reasons()
    {
        Cancelled("None", "TransactionConflict").IsRace().Should().BeTrue();
        Cancelled("ConditionalCheckFailed").IsRace().Should().BeTrue();
        Cancelled(null).IsRace().Should().BeTrue();
        Cancelled("None", "ValidationError").IsRace().Should().BeFalse();
    }
}
