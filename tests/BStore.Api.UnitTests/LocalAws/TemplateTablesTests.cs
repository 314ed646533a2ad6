using System.Text.Json.Nodes;
using BStore.LocalAws;

namespace BStore.Api.UnitTests.LocalAws;

/// <summary>The template's DynamoDB tables as CreateTable requests for the emulator, named as the local settings name them.</summary>
public class TemplateTablesTests
{
    [Fact]
    public void The_dev_template_s_tables_are_named_by_the_local_settings_the_API_function_references_them_under()
    {
        var template = JsonNode.Parse(File.ReadAllText(Path.Combine(Repository.Root, "stacks", "snapshots", "dev.template.json")))!.AsObject();

        var tables = TemplateTables.ForFunction(template, TemplateRole.ApiFunctionPrefix, new Dictionary<string, string>
        {
            ["BStore__Tables__Category"] = "LocalCategory", ["BStore__Tables__Products"] = "LocalProducts", ["BStore__Tables__UserActivity"] = "LocalActivity",
        });

        tables.Select(t => t.Request.TableName).Should().BeEquivalentTo("LocalCategory", "LocalProducts", "LocalActivity");
        var activity = tables.Single(t => t.Request.TableName == "LocalActivity");
        activity.TimeToLiveAttribute.Should().Be("expiresAt");
        activity.Request.StreamSpecification.StreamViewType.Value.Should().Be("NEW_AND_OLD_IMAGES");
        activity.Request.KeySchema.Select(k => $"{k.AttributeName}:{k.KeyType.Value}").Should().Equal("userId:HASH", "sk:RANGE");
        activity.Request.GlobalSecondaryIndexes.Select(i => i.IndexName).Should().Equal("ReviewsByProduct");
        tables.Single(t => t.Request.TableName == "LocalProducts").Request.GlobalSecondaryIndexes.Should().HaveCount(6)
            .And.OnlyContain(i => i.Projection.ProjectionType.Value == "ALL");
        tables.Single(t => t.Request.TableName == "LocalCategory").Request.StreamSpecification.Should().BeNull();
        tables.Should().OnlyContain(t => t.Request.BillingMode.Value == "PAY_PER_REQUEST");
    }

    [Fact]
    public void Provisioned_throughput_local_indexes_included_attributes_and_a_disabled_TTL_are_carried_over()
    {
        var template = JsonNode.Parse("""
            {"Resources":{
              "Function":{"Type":"AWS::Lambda::Function","Properties":{"Environment":{"Variables":{}}}},
              "Events":{"Type":"AWS::DynamoDB::Table","Properties":{
                "TableName":"events",
                "BillingMode":"PROVISIONED","ProvisionedThroughput":{"ReadCapacityUnits":5,"WriteCapacityUnits":"2"},
                "AttributeDefinitions":[{"AttributeName":"pk","AttributeType":"S"},{"AttributeName":"at","AttributeType":"N"}],
                "KeySchema":[{"AttributeName":"pk","KeyType":"HASH"}],
                "GlobalSecondaryIndexes":[{"IndexName":"ByTime","KeySchema":[{"AttributeName":"at","KeyType":"HASH"}],
                  "Projection":{"ProjectionType":"INCLUDE","NonKeyAttributes":["kind"]},"ProvisionedThroughput":{"ReadCapacityUnits":1,"WriteCapacityUnits":1}}],
                "LocalSecondaryIndexes":[{"IndexName":"Local","KeySchema":[{"AttributeName":"pk","KeyType":"HASH"},{"AttributeName":"at","KeyType":"RANGE"}],
                  "Projection":{"ProjectionType":"KEYS_ONLY"}}],
                "TimeToLiveSpecification":{"AttributeName":"expires","Enabled":false}}}}}
            """)!.AsObject();

        var table = TemplateTables.ForFunction(template, "Function", new Dictionary<string, string>()).Should().ContainSingle().Subject;

        table.Request.TableName.Should().Be("events", "a table the function does not reference keeps its TableName");
        table.Request.BillingMode.Value.Should().Be("PROVISIONED");
        (table.Request.ProvisionedThroughput.ReadCapacityUnits, table.Request.ProvisionedThroughput.WriteCapacityUnits).Should().Be((5L, 2L));
        var index = table.Request.GlobalSecondaryIndexes.Should().ContainSingle().Subject;
        index.Projection.ProjectionType.Value.Should().Be("INCLUDE");
        index.Projection.NonKeyAttributes.Should().Equal("kind");
        index.ProvisionedThroughput.ReadCapacityUnits.Should().Be(1);
        table.Request.LocalSecondaryIndexes.Should().ContainSingle().Which.IndexName.Should().Be("Local");
        table.Request.AttributeDefinitions.Select(a => $"{a.AttributeName}:{a.AttributeType.Value}").Should().Equal("pk:S", "at:N");
        table.TimeToLiveAttribute.Should().BeNull("TTL is disabled in the template");
        table.Request.StreamSpecification.Should().BeNull();
    }
}
