using System.Reflection;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using BStore.Api.Hosting;
using BStore.Api.Reviews;
using Microsoft.Extensions.Options;

namespace BStore.Api.UnitTests.Reviews;

/// <summary>
/// How the store answers cancelled transactions, which the emulator (it runs transactions one at a time) rarely produces:
/// a DynamoDB stand-in that cancels the first transactions with the given reasons.
/// </summary>
public class ReviewStoreRetryTests
{
    private const string ProductId = "rose-oil";
    private const string UserId = "user-1";
    private static readonly ReviewText Text = new(4, "Nice", "");

    private static (ReviewStore Store, FakeDynamoDb Fake) Create(Dictionary<string, AttributeValue>? existingReview, params string[][] cancellations)
    {
        var dynamoDb = DispatchProxy.Create<IAmazonDynamoDB, FakeDynamoDb>();
        var fake = (FakeDynamoDb)(object)dynamoDb;
        fake.ExistingReview = existingReview;
        fake.Cancellations = new Queue<string[]>(cancellations);
        return (new ReviewStore(dynamoDb, Options.Create(new BStore.Api.Data.TableNameSettings()), TimeProvider.System), fake);
    }

    private static Dictionary<string, AttributeValue> StoredReview(int rating) =>
        ReviewItems.ToItem(UserId, ProductId, new ReviewText(rating, "Old", ""), "Ana", "2026-01-01T00:00:00.0000000+00:00",
            "2026-01-01T00:00:00.0000000+00:00", "order-1");

    [Fact]
    public async Task Conflicts_are_retried_on_fresh_reads_until_the_transaction_commits()
    {
        var (store, fake) = Create(null, ["None", "TransactionConflict"], ["ConditionalCheckFailed", "None"]);

        var write = await store.PutAsync(UserId, ProductId, Text, CancellationToken.None);

        write.Outcome.Should().Be(ReviewOutcome.Created);
        fake.Transactions.Should().HaveCount(3);
        fake.BatchReads.Should().Be(3, "every attempt reads the review again");
        fake.OrderQueries.Should().Be(1, "eligibility is checked once");
        var last = fake.Transactions[^1];
        last[0].Put.ConditionExpression.Should().Be("attribute_not_exists(sk)");
        last[1].Update.UpdateExpression.Should().Be("ADD #sum :sum, #count :count");
        (last[1].Update.ExpressionAttributeValues[":sum"].N, last[1].Update.ExpressionAttributeValues[":count"].N).Should().Be(("4", "1"));
    }

    [Fact]
    public async Task After_six_cancelled_attempts_the_store_gives_up_as_busy()
    {
        var conflicts = Enumerable.Repeat(new[] { "None", "TransactionConflict" }, 10).ToArray();
        var (store, fake) = Create(null, conflicts);

        var write = await store.PutAsync(UserId, ProductId, Text, CancellationToken.None);

        write.Outcome.Should().Be(ReviewOutcome.Busy);
        fake.Transactions.Should().HaveCount(ReviewStore.Attempts);
    }

    [Fact]
    public async Task An_edit_adds_only_the_difference_conditioned_on_the_rating_it_replaces()
    {
        var (store, fake) = Create(StoredReview(rating: 2));

        var write = await store.PutAsync(UserId, ProductId, Text, CancellationToken.None);

        write.Outcome.Should().Be(ReviewOutcome.Updated);
        write.Review!.CreatedAt.Should().Be(DateTimeOffset.Parse("2026-01-01T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
        fake.OrderQueries.Should().Be(0, "an existing review was already a verified purchase");
        var writes = fake.Transactions.Should().ContainSingle().Subject;
        writes[0].Put.ConditionExpression.Should().Be("#rating = :oldRating AND #created = :created");
        writes[0].Put.ExpressionAttributeValues[":oldRating"].N.Should().Be("2");
        (writes[1].Update.ExpressionAttributeValues[":sum"].N, writes[1].Update.ExpressionAttributeValues[":count"].N).Should().Be(("2", "0"));
    }

    [Fact]
    public async Task An_edit_that_keeps_the_rating_does_not_touch_the_product()
    {
        var (store, fake) = Create(StoredReview(rating: 4));

        (await store.PutAsync(UserId, ProductId, Text, CancellationToken.None)).Outcome.Should().Be(ReviewOutcome.Updated);

        fake.Transactions.Should().ContainSingle().Which.Should().ContainSingle().Which.Put.Should().NotBeNull();
    }

    [Fact]
    public async Task A_product_removed_meanwhile_is_not_found_and_a_delete_still_removes_the_review()
    {
        var (store, _) = Create(null, ["None", "ConditionalCheckFailed"]);
        (await store.PutAsync(UserId, ProductId, Text, CancellationToken.None)).Outcome.Should().Be(ReviewOutcome.ProductNotFound);

        var (deleting, fake) = Create(StoredReview(rating: 3), ["None", "ConditionalCheckFailed"]);
        (await deleting.DeleteAsync(UserId, ProductId, CancellationToken.None)).Should().Be(ReviewOutcome.Deleted);
        fake.Transactions.Should().HaveCount(2);
        fake.Transactions[^1].Should().ContainSingle().Which.Delete.Should().NotBeNull();
    }

    public class FakeDynamoDb : DispatchProxy
    {
        public Dictionary<string, AttributeValue>? ExistingReview { get; set; }
        public Queue<string[]> Cancellations { get; set; } = new();
        public List<List<TransactWriteItem>> Transactions { get; } = [];
        public int BatchReads { get; private set; }
        public int OrderQueries { get; private set; }

        protected override object? Invoke(MethodInfo? targetMethod, object?[]? args) => targetMethod!.Name switch
        {
            nameof(IAmazonDynamoDB.BatchGetItemAsync) => BatchGet(),
            nameof(IAmazonDynamoDB.GetItemAsync) => Task.FromResult(new GetItemResponse { Item = ExistingReview }),
            nameof(IAmazonDynamoDB.QueryAsync) => Orders(),
            nameof(IAmazonDynamoDB.TransactWriteItemsAsync) => Transact((TransactWriteItemsRequest)args![0]!),
            _ => throw new NotSupportedException(targetMethod.Name),
        };

        private Task<BatchGetItemResponse> BatchGet()
        {
            BatchReads++;
            List<Dictionary<string, AttributeValue>> activity = ExistingReview is null ? [] : [ExistingReview];
            return Task.FromResult(new BatchGetItemResponse
            {
                Responses = new()
                {
                    ["Products"] = [new() { ["id"] = new() { S = ProductId } }],
                    ["UserActivity"] = activity,
                },
            });
        }

        private Task<QueryResponse> Orders()
        {
            OrderQueries++;
            return Task.FromResult(new QueryResponse
            {
                Items =
                [
                    new()
                    {
                        ["orderId"] = new() { S = "order-1" },
                        ["status"] = new() { S = "delivered" },
                        ["lines"] = new() { L = [new() { M = new() { ["productId"] = new() { S = ProductId } } }] },
                    },
                ],
            });
        }

        private Task<TransactWriteItemsResponse> Transact(TransactWriteItemsRequest request)
        {
            Transactions.Add(request.TransactItems);
            if (Cancellations.TryDequeue(out var reasons))
            {
                return Task.FromException<TransactWriteItemsResponse>(new TransactionCanceledException("Transaction cancelled")
                {
                    CancellationReasons = [.. reasons.Take(request.TransactItems.Count).Select(r => new CancellationReason { Code = r })],
                });
            }
            return Task.FromResult(new TransactWriteItemsResponse());
        }
    }
}
