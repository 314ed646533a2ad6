using System.Reflection;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using BStore.Api.Data;

namespace BStore.Api.UnitTests.Data;

/// <summary>
/// The paging and batch-read helpers against an in-process DynamoDB stand-in: the emulator never leaves keys unprocessed
/// (that is what a throttled table does) nor cuts a small query into many pages, so only a stand-in can produce both.
/// </summary>
public class DynamoDbReadsTests
{
    private static readonly RetryPolicy NoWait = new(3, TimeSpan.Zero, TimeSpan.Zero);

    private static Dictionary<string, AttributeValue> Item(string id) => new() { ["id"] = new() { S = id } };

    private static (IAmazonDynamoDB Client, FakeDynamoDb Fake) Create()
    {
        var client = DispatchProxy.Create<IAmazonDynamoDB, FakeDynamoDb>();
        return (client, (FakeDynamoDb)(object)client);
    }

    [Fact]
    public async Task Query_all_follows_every_page_from_where_the_last_one_ended()
    {
        var (client, fake) = Create();
        fake.Pages.Enqueue(new QueryResponse { Items = [Item("a"), Item("b")], LastEvaluatedKey = Item("b") });
        fake.Pages.Enqueue(new QueryResponse { Items = [Item("c")], LastEvaluatedKey = Item("c") });
        fake.Pages.Enqueue(new QueryResponse { Items = [Item("d")], LastEvaluatedKey = [] });

        var items = await client.QueryAllAsync(new QueryRequest { TableName = "T" }, CancellationToken.None);

        items.Select(i => i["id"].S).Should().Equal("a", "b", "c", "d");
        fake.QueryStarts.Should().Equal(null, "b", "c");
    }

    [Fact]
    public async Task Query_pages_stop_at_the_page_limit_and_when_the_caller_leaves()
    {
        var (client, fake) = Create();
        for (var i = 0; i < 5; i++)
        {
            fake.Pages.Enqueue(new QueryResponse { Items = [Item($"{i}")], LastEvaluatedKey = Item($"{i}") });
        }

        var limited = new List<string>();
        await foreach (var page in client.QueryPagesAsync(new QueryRequest { TableName = "T" }, CancellationToken.None, maxPages: 2))
        {
            limited.Add(page.Items[0]["id"].S);
        }
        await foreach (var page in client.QueryPagesAsync(new QueryRequest { TableName = "T" }, CancellationToken.None))
        {
            break;
        }

        limited.Should().Equal("0", "1");
        fake.QueryStarts.Should().HaveCount(3, "two pages, then one read by the caller who left after it");
    }

    [Fact]
    public async Task Batch_get_asks_again_for_exactly_the_unprocessed_keys_and_merges_every_answer()
    {
        var (client, fake) = Create();
        var rest = new Dictionary<string, KeysAndAttributes> { ["Products"] = new() { Keys = [Item("b")], ConsistentRead = true } };
        fake.Batches.Enqueue(new BatchGetItemResponse
        {
            Responses = new() { ["Products"] = [Item("a")], ["UserActivity"] = [Item("u")] },
            UnprocessedKeys = rest,
        });
        fake.Batches.Enqueue(new BatchGetItemResponse { Responses = new() { ["Products"] = [Item("b")] }, UnprocessedKeys = [] });

        var found = await client.BatchGetAllAsync(new()
        {
            ["Products"] = new() { Keys = [Item("a"), Item("b")], ConsistentRead = true },
            ["UserActivity"] = new() { Keys = [Item("u")], ConsistentRead = true },
            ["Category"] = new() { Keys = [Item("none")] },
        }, CancellationToken.None, NoWait);

        found["Products"].Select(i => i["id"].S).Should().Equal("a", "b");
        found["UserActivity"].Should().ContainSingle();
        found["Category"].Should().BeEmpty("every table asked for has an entry, found or not");
        fake.BatchRequests.Should().HaveCount(2);
        fake.BatchRequests[1].Should().BeSameAs(rest);
    }

    [Fact]
    public async Task Batch_get_that_stays_throttled_fails_clearly_after_the_last_attempt()
    {
        var (client, fake) = Create();
        for (var i = 0; i < 10; i++)
        {
            fake.Batches.Enqueue(new BatchGetItemResponse
            {
                Responses = new() { ["Products"] = [] },
                UnprocessedKeys = new() { ["Products"] = new() { Keys = [Item("a"), Item("b")] } },
            });
        }

        var read = () => client.BatchGetAllAsync(
            new() { ["Products"] = new() { Keys = [Item("a"), Item("b")] } }, CancellationToken.None, NoWait);

        (await read.Should().ThrowAsync<ProvisionedThroughputExceededException>())
            .WithMessage("BatchGetItem left 2 keys unprocessed after 3 attempts.");
        fake.BatchRequests.Should().HaveCount(NoWait.Attempts);
    }

    [Fact]
    public async Task Batch_get_waits_between_attempts_as_its_policy_says()
    {
        var (client, fake) = Create();
        fake.Batches.Enqueue(new BatchGetItemResponse { UnprocessedKeys = new() { ["Products"] = new() { Keys = [Item("a")] } } });
        fake.Batches.Enqueue(new BatchGetItemResponse { Responses = new() { ["Products"] = [Item("a")] } });
        var waiting = new RetryPolicy(2, TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(30));
        using var cancel = new CancellationTokenSource();

        var read = client.BatchGetAllAsync(new() { ["Products"] = new() { Keys = [Item("a")] } }, cancel.Token, waiting);

        read.IsCompleted.Should().BeFalse("the retry waits at least 15 s here before asking again");
        fake.BatchRequests.Should().ContainSingle();
        await cancel.CancelAsync();
        await FluentActions.Awaiting(() => read).Should().ThrowAsync<OperationCanceledException>();
    }

    public class FakeDynamoDb : DispatchProxy
    {
        public Queue<QueryResponse> Pages { get; } = new();
        public List<string?> QueryStarts { get; } = [];
        public Queue<BatchGetItemResponse> Batches { get; } = new();
        public List<Dictionary<string, KeysAndAttributes>> BatchRequests { get; } = [];

        protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
        {
            switch (targetMethod!.Name)
            {
                case nameof(IAmazonDynamoDB.QueryAsync):
                    QueryStarts.Add(((QueryRequest)args![0]!).ExclusiveStartKey?["id"].S);
                    return Task.FromResult(Pages.Dequeue());
                case nameof(IAmazonDynamoDB.BatchGetItemAsync):
                    BatchRequests.Add(((BatchGetItemRequest)args![0]!).RequestItems);
                    return Task.FromResult(Batches.Dequeue());
                default:
                    throw new NotSupportedException(targetMethod.Name);
            }
        }
    }
}
