using Amazon.CDK;
using Amazon.CDK.AWS.IAM;
using Amazon.CDK.AWS.Lambda;
using Amazon.CDK.AWS.Logs;
using Amazon.CDK.AWS.Pipes;
using Amazon.CDK.AWS.SNS;
using Amazon.CDK.AWS.StepFunctions;
using BStore.Api.Workflows;
using Constructs;

namespace BStore.Stacks.Constructs;

/// <summary>
/// The Step Functions workflows: activity notifications (Express, direct DynamoDB and SNS integrations) and the order
/// lifecycle (Standard, whose steps invoke the API function: ADR 0008). Both definitions are the files the local
/// environment loads (api/Workflows/*.asl.json), and both are started by pipes from the UserActivity stream.
/// </summary>
public sealed class Workflows : Construct
{
    public StateMachine ActivityNotifications { get; }
    public StateMachine OrderLifecycle { get; }
    public IReadOnlyList<StateMachine> All => [ActivityNotifications, OrderLifecycle];

    public Workflows(Construct scope, string id, StageConfig config, Data data, Topic shopperEmails, Alias orderSteps) : base(scope, id)
    {
        ActivityNotifications = Create("ActivityNotifications", StateMachineType.EXPRESS,
            DefinitionBody.FromString(WorkflowDefinitions.ActivityNotifications(
                data.UserActivity.TableName, shopperEmails.TopicArn, config.Workflows.EmailWindowSeconds)),
            config);
        // The table's items only: Table.Grant would add index/* (the reviews index), which the workflow never reads.
        ActivityNotifications.AddToRolePolicy(new PolicyStatement(new PolicyStatementProps
        {
            Actions = ["dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:UpdateItem"],
            Resources = [data.UserActivity.TableArn],
        }));
        shopperEmails.GrantPublish(ActivityNotifications);
        StartFromStream("Activity", "Each activity event inserted into UserActivity starts the activity notifications workflow.",
            WorkflowDefinitions.ActivityEventFilter, ActivityNotifications, config, data);

        OrderLifecycle = Create("OrderLifecycle", StateMachineType.STANDARD,
            DefinitionBody.FromString(WorkflowDefinitions.OrderLifecycle(orderSteps.FunctionArn, config.Workflows.OrderWaits)),
            config);
        orderSteps.GrantInvoke(OrderLifecycle);
        StartFromStream("Order", "Each order.placed event inserted into UserActivity starts the order lifecycle workflow.",
            WorkflowDefinitions.OrderPlacedFilter, OrderLifecycle, config, data);
    }

    /// <summary>
    /// The UserActivity stream starts one execution of <paramref name="workflow"/> per inserted event that passes
    /// <paramref name="filter"/> (ADR 0007). Requests never wait for delivery: an outage of Step Functions delays
    /// emails and order progress, it cannot fail a cart change or a checkout.
    /// </summary>
    private void StartFromStream(string name, string description, string filter, StateMachine workflow, StageConfig config, Data data)
    {
        var role = new Role(this, $"{name}PipeRole", new RoleProps
        {
            AssumedBy = new ServicePrincipal("pipes.amazonaws.com"),
            Description = $"Reads the UserActivity stream and starts the {workflow.Node.Id} workflow.",
        });
        data.UserActivity.GrantStreamRead(role);
        workflow.GrantStartExecution(role);
        Nag.Suppress(role.Node.FindChild("DefaultPolicy"), "AwsSolutions-IAM5",
            "dynamodb:ListStreams, which EventBridge Pipes needs to read a DynamoDB stream, supports no resource-level permissions.",
            "Resource::*");
        var pipe = new CfnPipe(this, $"{name}Pipe", new CfnPipeProps
        {
            Name = $"{config.NamePrefix}-{name.ToLowerInvariant()}",
            Description = description,
            RoleArn = role.RoleArn,
            Source = data.UserActivity.TableStreamArn!,
            SourceParameters = new CfnPipe.PipeSourceParametersProperty
            {
                DynamoDbStreamParameters = new CfnPipe.PipeSourceDynamoDBStreamParametersProperty
                {
                    StartingPosition = "LATEST",
                    BatchSize = 1,
                    MaximumRetryAttempts = 10,
                    MaximumRecordAgeInSeconds = 3600,
                },
                FilterCriteria = new CfnPipe.FilterCriteriaProperty
                {
                    Filters = new[] { new CfnPipe.FilterProperty { Pattern = filter } },
                },
            },
            Target = workflow.StateMachineArn,
            TargetParameters = new CfnPipe.PipeTargetParametersProperty
            {
                StepFunctionStateMachineParameters = new CfnPipe.PipeTargetStateMachineParametersProperty { InvocationType = "FIRE_AND_FORGET" },
            },
        });
        pipe.Node.AddDependency(role);
    }

    /// <summary>A state machine with its logs and tracing; its timeout is in its definition file.</summary>
    private StateMachine Create(string name, StateMachineType type, DefinitionBody definition, StageConfig config)
    {
        var logs = new LogGroup(this, $"{name}Logs", new LogGroupProps
        {
            LogGroupName = $"/aws/vendedlogs/states/{config.NamePrefix}-{name}",
            Retention = Retention.Of(config.LogRetentionDays),
            RemovalPolicy = RemovalPolicy.DESTROY,
        });
        var machine = new StateMachine(this, name, new StateMachineProps
        {
            StateMachineName = $"{config.NamePrefix}-{name}",
            StateMachineType = type,
            DefinitionBody = definition,
            TracingEnabled = true,
            Logs = new LogOptions { Destination = logs, Level = LogLevel.ALL, IncludeExecutionData = true },
        });
        Nag.Suppress(machine.Role.Node.FindChild("DefaultPolicy"), "AwsSolutions-IAM5",
            "Step Functions log delivery (logs:*LogDelivery*, resource policies) and X-Ray support no resource-level permissions: AWS requires '*'.",
            "Resource::*");
        return machine;
    }
}

public static class Retention
{
    public static RetentionDays Of(int days) => days switch
    {
        1 => RetentionDays.ONE_DAY,
        3 => RetentionDays.THREE_DAYS,
        5 => RetentionDays.FIVE_DAYS,
        7 => RetentionDays.ONE_WEEK,
        14 => RetentionDays.TWO_WEEKS,
        30 => RetentionDays.ONE_MONTH,
        60 => RetentionDays.TWO_MONTHS,
        90 => RetentionDays.THREE_MONTHS,
        120 => RetentionDays.FOUR_MONTHS,
        150 => RetentionDays.FIVE_MONTHS,
        180 => RetentionDays.SIX_MONTHS,
        365 => RetentionDays.ONE_YEAR,
        400 => RetentionDays.THIRTEEN_MONTHS,
        545 => RetentionDays.EIGHTEEN_MONTHS,
        731 => RetentionDays.TWO_YEARS,
        1096 => RetentionDays.THREE_YEARS,
        1827 => RetentionDays.FIVE_YEARS,
        2192 => RetentionDays.SIX_YEARS,
        2557 => RetentionDays.SEVEN_YEARS,
        2922 => RetentionDays.EIGHT_YEARS,
        3288 => RetentionDays.NINE_YEARS,
        3653 => RetentionDays.TEN_YEARS,
        _ => throw new ArgumentOutOfRangeException(nameof(days), days, "Not a CloudWatch Logs retention period."),
    };
}
