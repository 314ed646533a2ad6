using System.Text.Json.Nodes;
using Amazon.DynamoDBv2.Model;
using BStore.Api.IntegrationTests.Infrastructure;

namespace BStore.Api.IntegrationTests;

/// <summary>
/// The tables the local environment creates in the emulator have exactly the keys, indexes, stream and
/// TTL of the committed AWS template (stacks/snapshots), so local and AWS cannot drift apart.
/// </summary>
[Collection(BStoreCollection.Name)]
public sealed class LocalTablesMatchTemplateTests(BStoreFixture fixture)
{
    public static TheoryData<string> TableNames => new(["Category", "Products", "UserActivity"]);

    [Theory]
    [MemberData(nameof(TableNames))]
    public async Task The_local_table_has_the_keys_indexes_stream_and_ttl_of_the_template(string name)
    {
        var expected = TemplateTable(name);

        var local = (await fixture.DynamoDb.DescribeTableAsync(name)).Table;
        var ttl = (await fixture.DynamoDb.DescribeTimeToLiveAsync(name)).TimeToLiveDescription;

        Keys(local.KeySchema).Should().Equal(Keys(expected["KeySchema"]!));
        local.AttributeDefinitions.Select(a => $"{a.AttributeName}:{a.AttributeType.Value}").Should()
            .BeEquivalentTo(expected["AttributeDefinitions"]!.AsArray().Select(a => $"{a!["AttributeName"]}:{a["AttributeType"]}"));
        var expectedIndexes = expected["GlobalSecondaryIndexes"]?.AsArray() ?? [];
        (local.GlobalSecondaryIndexes ?? []).Select(i => i.IndexName).Should()
            .BeEquivalentTo(expectedIndexes.Select(i => i!["IndexName"]!.GetValue<string>()));
        foreach (var index in local.GlobalSecondaryIndexes ?? [])
        {
            var template = expectedIndexes.Single(i => i!["IndexName"]!.GetValue<string>() == index.IndexName)!;
            Keys(index.KeySchema).Should().Equal(Keys(template["KeySchema"]!), index.IndexName);
            index.Projection.ProjectionType.Value.Should().Be(template["Projection"]!["ProjectionType"]!.GetValue<string>());
        }
        local.BillingModeSummary.Should().NotBeNull();
        local.BillingModeSummary.BillingMode.Value.Should().Be(expected["BillingMode"]!.GetValue<string>());
        (local.StreamSpecification?.StreamEnabled == true ? local.StreamSpecification.StreamViewType.Value : null)
            .Should().Be(expected["StreamSpecification"]?["StreamViewType"]?.GetValue<string>());
        (ttl.TimeToLiveStatus?.Value == "ENABLED" ? ttl.AttributeName : null)
            .Should().Be(expected["TimeToLiveSpecification"]?["AttributeName"]?.GetValue<string>());
    }

    private static JsonNode TemplateTable(string name)
    {
        var template = JsonNode.Parse(File.ReadAllText(Path.Combine(Repository.Root, "stacks", "snapshots", "dev.template.json")))!;
        return template["Resources"]!.AsObject()
            .Where(r => r.Value!["Type"]!.GetValue<string>() == "AWS::DynamoDB::Table" && r.Key.StartsWith($"Data{name}", StringComparison.Ordinal))
            .Should().ContainSingle().Subject.Value!["Properties"]!;
    }

    private static IEnumerable<string> Keys(IEnumerable<KeySchemaElement> keys) => keys.Select(k => $"{k.AttributeName}:{k.KeyType.Value}");

    private static IEnumerable<string> Keys(JsonNode keys) => keys.AsArray().Select(k => $"{k!["AttributeName"]}:{k["KeyType"]}");
}
