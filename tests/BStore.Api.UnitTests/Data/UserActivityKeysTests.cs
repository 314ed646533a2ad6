using System.Text.Json.Nodes;
using BStore.Api.Data;
using BStore.Api.Workflows;

namespace BStore.Api.UnitTests.Data;

public class UserActivityKeysTests
{
    private static readonly string[] Prefixes =
    [
        UserActivityKeys.CartLinePrefix, UserActivityKeys.WishlistPrefix, UserActivityKeys.OrderPrefix, UserActivityKeys.IdempotencyPrefix,
        UserActivityKeys.EventPrefix, UserActivityKeys.ReviewPrefix, UserActivityKeys.PromoUsePrefix,
    ];

    [Fact]
    public void No_prefix_query_of_one_kind_of_item_can_match_another_kind()
    {
        string[] fixedKeys = [UserActivityKeys.Profile, UserActivityKeys.CartHeader];
        foreach (var prefix in Prefixes)
        {
            Prefixes.Where(other => other != prefix).Should().NotContain(other => other.StartsWith(prefix, StringComparison.Ordinal), prefix);
            fixedKeys.Should().NotContain(key => key.StartsWith(prefix, StringComparison.Ordinal), prefix);
        }
        Prefixes.Should().OnlyHaveUniqueItems();
    }

    [Fact]
    public void The_table_definition_and_every_key_use_the_same_key_attributes()
    {
        Tables.UserActivity.PartitionKey.Name.Should().Be(UserActivityKeys.PartitionKey);
        Tables.UserActivity.SortKey!.Name.Should().Be(UserActivityKeys.SortKey);

        var key = UserActivityItems.Key("user-1", UserActivityKeys.Profile);

        key.Keys.Should().BeEquivalentTo([UserActivityKeys.PartitionKey, UserActivityKeys.SortKey]);
        (key[UserActivityKeys.PartitionKey].S, UserActivityItems.SortKeyOf(key)).Should().Be(("user-1", "PROFILE"));
    }

    [Fact]
    public void A_prefix_query_asks_for_the_shopper_s_items_that_start_with_it()
    {
        var query = UserActivityItems.QueryPrefix("UserActivity", "user-1", UserActivityKeys.WishlistPrefix);

        query.TableName.Should().Be("UserActivity");
        query.KeyConditionExpression.Should().Be("userId = :u AND begins_with(sk, :prefix)");
        (query.ExpressionAttributeValues[":u"].S, query.ExpressionAttributeValues[":prefix"].S).Should().Be(("user-1", "WISH#"));
    }

    [Theory]
    [InlineData(WorkflowDefinitions.ActivityEventFilter)]
    [InlineData(WorkflowDefinitions.OrderPlacedFilter)]
    public void The_workflows_start_from_inserted_activity_events(string filter)
    {
        var pattern = JsonNode.Parse(filter)!;

        pattern["dynamodb"]!["Keys"]![UserActivityKeys.SortKey]!["S"]![0]!["prefix"]!.GetValue<string>().Should().Be(UserActivityKeys.EventPrefix);
        pattern["eventName"]![0]!.GetValue<string>().Should().Be("INSERT");
    }

    [Fact]
    public void Numbers_are_written_in_the_invariant_culture() => DynamoNumbers.N(-1234567).Should().Be("-1234567");
}
