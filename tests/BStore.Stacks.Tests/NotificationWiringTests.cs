using System.Text.Json.Nodes;
using BStore.Api.Workflows;

namespace BStore.Stacks.Tests;

/// <summary>
/// How activity reaches a shopper's inbox and email, and orders their workflow, in AWS: the confirmation trigger, the
/// stream pipes, the workflows built from the same definition files the local environment runs, and the narrow
/// permissions of each.
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
        var function = Synthesized.Props(synthesized.Named("AWS::Lambda::Function", "ApiFunction").Resource);
        function["FunctionName"]!.GetValue<string>().Should().Be($"{synthesized.Config.NamePrefix}-api");
    }

    public static TheoryData<string, string, string, string> Pipes => new()
    {
        { "dev", "WorkflowsActivityPipe", "EXPRESS", WorkflowDefinitions.ActivityEventFilter },
        { "prod", "WorkflowsActivityPipe", "EXPRESS", WorkflowDefinitions.ActivityEventFilter },
        { "dev", "WorkflowsOrderPipe", "STANDARD", WorkflowDefinitions.OrderPlacedFilter },
        { "prod", "WorkflowsOrderPipe", "STANDARD", WorkflowDefinitions.OrderPlacedFilter },
    };

    [Theory]
    [MemberData(nameof(Pipes))]
    public void Each_pipe_starts_its_workflow_from_the_inserted_events_of_its_filter_only(string stage, string pipeId, string workflowType, string filter)
    {
        var synthesized = stages[stage];
        synthesized.Resources("AWS::Pipes::Pipe").Should().HaveCount(2);
        var pipe = Synthesized.Props(synthesized.Resources("AWS::Pipes::Pipe").Single(p => p.LogicalId.StartsWith(pipeId + "", StringComparison.Ordinal)
            && !p.LogicalId.Contains("Role", StringComparison.Ordinal)).Resource);
        var activityTable = synthesized.Resources("AWS::DynamoDB::Table").Single(t => t.LogicalId.StartsWith("DataUserActivity", StringComparison.Ordinal));
        var workflow = synthesized.Resources("AWS::StepFunctions::StateMachine").Single(m => Synthesized.Props(m.Resource)["StateMachineType"]!.GetValue<string>() == workflowType);

        pipe["Source"]!.ToJsonString().Should().Contain(activityTable.LogicalId).And.Contain("StreamArn");
        pipe["Target"]!.ToJsonString().Should().Contain(workflow.LogicalId);
        var source = pipe["SourceParameters"]!;
        source["DynamoDBStreamParameters"]!["StartingPosition"]!.GetValue<string>().Should().Be("LATEST");
        source["DynamoDBStreamParameters"]!["BatchSize"]!.GetValue<int>().Should().Be(1, "the workflow reads one record per execution");
        source["FilterCriteria"]!["Filters"]!.AsArray().Should().ContainSingle()
            .Which!["Pattern"]!.GetValue<string>().Should().Be(filter);
        pipe["TargetParameters"]!["StepFunctionStateMachineParameters"]!["InvocationType"]!.GetValue<string>().Should().Be("FIRE_AND_FORGET");
    }

    [Theory]
    [MemberData(nameof(Stages))]
    public void The_order_workflow_is_the_shared_definition_with_the_stage_waits_invoking_the_live_alias(string stage)
    {
        var synthesized = stages[stage];
        var standard = WorkflowOfType(synthesized, "STANDARD");
        var definition = DefinitionOf(standard, ("ApiLive", "FUNCTION"));
        var expected = JsonNode.Parse(WorkflowDefinitions.OrderLifecycle("FUNCTION", synthesized.Config.Workflows.OrderWaits))!;

        JsonNode.DeepEquals(definition, expected).Should().BeTrue("CDK deploys api/Workflows/OrderLifecycle.asl.json as it is");
        standard["DefinitionString"]!.ToJsonString().Should().Contain("ApiLive", "each step invokes the live alias");
        var function = Synthesized.Props(synthesized.Named("AWS::Lambda::Function", "ApiFunction").Resource);
        function["Environment"]!["Variables"]!["AWS_LWA_ERROR_STATUS_CODES"]!.GetValue<string>()
            .Should().Be("500", "a step that answers 500 fails its invocation, and the workflow retries it");
    }

    [Theory]
    [MemberData(nameof(Stages))]
    public void The_express_workflow_is_the_shared_definition_with_the_stage_window(string stage)
    {
        var synthesized = stages[stage];
        var definition = DefinitionOf(WorkflowOfType(synthesized, "EXPRESS"), ("ShopperEmails", "TOPIC"), ("DataUserActivity", "TABLE"));
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
        foreach (var pipe in new[] { "WorkflowsActivityPipeRoleDefaultPolicy", "WorkflowsOrderPipeRoleDefaultPolicy" })
        {
            ActionsOf(pipe).Should().BeEquivalentTo(
                "dynamodb:ListStreams", "dynamodb:DescribeStream", "dynamodb:GetRecords", "dynamodb:GetShardIterator", "states:StartExecution");
        }
        ActionsOf("WorkflowsOrderLifecycleRoleDefaultPolicy").Where(a => !a.StartsWith("logs:", StringComparison.Ordinal) && !a.StartsWith("xray:", StringComparison.Ordinal))
            .Should().BeEquivalentTo("lambda:InvokeFunction");
        ActionsOf("ApiRoleDefaultPolicy").Where(a => a.StartsWith("sns:", StringComparison.Ordinal))
            .Should().BeEquivalentTo("sns:Subscribe", "sns:Unsubscribe");
    }

    private static JsonNode WorkflowOfType(Synthesized synthesized, string type) => Synthesized.Props(synthesized.Resources("AWS::StepFunctions::StateMachine")
        .Single(m => Synthesized.Props(m.Resource)["StateMachineType"]!.GetValue<string>() == type).Resource);

    /// <summary>
    /// The definition is Fn::Join of text and references: each reference that mentions a logical id of
    /// <paramref name="placeholders"/> becomes its placeholder again, so the text compares with the shared file.
    /// </summary>
    private static JsonNode DefinitionOf(JsonNode workflow, params (string LogicalId, string Placeholder)[] placeholders)
    {
        var parts = workflow["DefinitionString"]!["Fn::Join"]![1]!.AsArray().Select(p => p is JsonValue value
            ? value.GetValue<string>()
            : placeholders.FirstOrDefault(h => p!.ToJsonString().Contains(h.LogicalId, StringComparison.Ordinal)).Placeholder ?? p!.ToJsonString());
        return JsonNode.Parse(string.Concat(parts))!;
    }
}
