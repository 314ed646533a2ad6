using System.Text.Json.Nodes;
using BStore.Api.Workflows;

namespace BStore.Stacks.Tests;

/// <summary>
/// How activity reaches a shopper's inbox and email in AWS: the confirmation trigger, the stream pipe, the workflow
/// built from the same definition file the local environment runs, and the narrow permissions of each.
/// </summary>
[Collection(StacksCollection.Name)]
public sealed class NotificationWiringTests(SynthesizedStages stages)
{
    public static TheoryData<string> Stages => new(SynthesizedStages.Stages);

    [Theory]
    [MemberData(nameof(Stages))]
    public void Confirmation_triggers_the_api_live_alias_which_only_that_user_pool_may_invoke(string stage)
    {
        var synthesized = stages[stage];
        var pool = synthesized.Resources("AWS::Cognito::UserPool").Single();
        var trigger = Synthesized.Props(pool.Resource)["LambdaConfig"]!["PostConfirmation"]!.ToJsonString();
        trigger.Should().Contain($":function:{synthesized.Config.NamePrefix}-api:live").And.Contain("AWS::AccountId").And.Contain("AWS::Region");

        var permission = synthesized.Resources("AWS::Lambda::Permission")
            .Select(p => Synthesized.Props(p.Resource))
            .Should().ContainSingle(p => p["Principal"]!.GetValue<string>() == "cognito-idp.amazonaws.com").Subject;
        permission["SourceArn"]!.ToJsonString().Should().Contain(pool.LogicalId);
        permission["FunctionName"]!.ToJsonString().Should().Contain("ApiLive");
        var function = synthesized.Resources("AWS::Lambda::Function").Select(f => Synthesized.Props(f.Resource))
            .Single(f => f["Handler"]?.GetValue<string>() == "bootstrap");
        function["FunctionName"]!.GetValue<string>().Should().Be($"{synthesized.Config.NamePrefix}-api");
    }

    [Theory]
    [MemberData(nameof(Stages))]
    public void Inserted_activity_events_and_nothing_else_start_the_express_workflow(string stage)
    {
        var synthesized = stages[stage];
        var pipe = Synthesized.Props(synthesized.Single("AWS::Pipes::Pipe"));
        var activityTable = synthesized.Resources("AWS::DynamoDB::Table").Single(t => t.LogicalId.StartsWith("DataUserActivity", StringComparison.Ordinal));
        var express = synthesized.Resources("AWS::StepFunctions::StateMachine").Single(m => Synthesized.Props(m.Resource)["StateMachineType"]!.GetValue<string>() == "EXPRESS");

        pipe["Source"]!.ToJsonString().Should().Contain(activityTable.LogicalId).And.Contain("StreamArn");
        pipe["Target"]!.ToJsonString().Should().Contain(express.LogicalId);
        var source = pipe["SourceParameters"]!;
        source["DynamoDBStreamParameters"]!["StartingPosition"]!.GetValue<string>().Should().Be("LATEST");
        source["DynamoDBStreamParameters"]!["BatchSize"]!.GetValue<int>().Should().Be(1, "the workflow reads one record per execution");
        source["FilterCriteria"]!["Filters"]!.AsArray().Should().ContainSingle()
            .Which!["Pattern"]!.GetValue<string>().Should().Be(WorkflowDefinitions.ActivityEventFilter);
        pipe["TargetParameters"]!["StepFunctionStateMachineParameters"]!["InvocationType"]!.GetValue<string>().Should().Be("FIRE_AND_FORGET");
    }

    [Theory]
    [MemberData(nameof(Stages))]
    public void The_express_workflow_is_the_shared_definition_with_the_stage_window(string stage)
    {
        var synthesized = stages[stage];
        var express = Synthesized.Props(synthesized.Resources("AWS::StepFunctions::StateMachine")
            .Single(m => Synthesized.Props(m.Resource)["StateMachineType"]!.GetValue<string>() == "EXPRESS").Resource);

        // The definition is Fn::Join of text and references; put placeholders back where the references were.
        var parts = express["DefinitionString"]!["Fn::Join"]![1]!.AsArray()
            .Select(p => p is JsonValue value ? value.GetValue<string>() : p!.ToJsonString().Contains("ShopperEmails", StringComparison.Ordinal) ? "TOPIC"
                : p.ToJsonString().Contains("DataUserActivity", StringComparison.Ordinal) ? "TABLE" : p.ToJsonString());
        var definition = JsonNode.Parse(string.Concat(parts))!;
        var expected = JsonNode.Parse(WorkflowDefinitions.ActivityNotifications("TABLE", "TOPIC", synthesized.Config.Workflows.EmailWindowSeconds))!;

        JsonNode.DeepEquals(definition, expected).Should().BeTrue("CDK deploys api/Workflows/ActivityNotifications.asl.json as it is");
        definition["TimeoutSeconds"]!.GetValue<int>().Should().BeGreaterThan(
            synthesized.Config.Workflows.EmailWindowSeconds + 30, "the sender waits out its window, then sends").And.BeLessThanOrEqualTo(300, "the limit of Express workflows");
    }

    [Theory]
    [MemberData(nameof(Stages))]
    public void Each_part_may_do_only_its_own_step(string stage)
    {
        var synthesized = stages[stage];
        string[] ActionsOf(string policyPrefix) => [.. synthesized.Resources("AWS::IAM::Policy")
            .Single(p => p.LogicalId.StartsWith(policyPrefix, StringComparison.Ordinal)).Resource["Properties"]!["PolicyDocument"]!["Statement"]!.AsArray()
            .SelectMany(s => s!["Action"] is JsonArray many ? many.Select(a => a!.GetValue<string>()) : [s["Action"]!.GetValue<string>()])];

        ActionsOf("WorkflowsActivityNotificationsRoleDefaultPolicy").Where(a => !a.StartsWith("logs:", StringComparison.Ordinal) && !a.StartsWith("xray:", StringComparison.Ordinal))
            .Should().BeEquivalentTo("dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:UpdateItem", "sns:Publish");
        ActionsOf("WorkflowsActivityPipeRoleDefaultPolicy")
            .Should().BeEquivalentTo("dynamodb:ListStreams", "dynamodb:DescribeStream", "dynamodb:GetRecords", "dynamodb:GetShardIterator", "states:StartExecution");
        ActionsOf("ApiRoleDefaultPolicy").Where(a => a.StartsWith("sns:", StringComparison.Ordinal))
            .Should().BeEquivalentTo("sns:Subscribe", "sns:Unsubscribe");
    }
}
