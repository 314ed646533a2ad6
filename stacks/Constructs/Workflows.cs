using Amazon.CDK;
using Amazon.CDK.AWS.IAM;
using Amazon.CDK.AWS.Logs;
using Amazon.CDK.AWS.Pipes;
using Amazon.CDK.AWS.SNS;
using Amazon.CDK.AWS.StepFunctions;
using BStore.Api.Workflows;
using Constructs;

namespace BStore.Stacks.Constructs;

/// <summary>
/// The Step Functions workflows: activity notifications (Express) and the order lifecycle (Standard). Direct
/// service integrations only, so they run unchanged on the local emulator. The activity workflow's definition is
/// the same file the local environment loads (api/Workflows/ActivityNotifications.asl.json).
/// </summary>
public sealed class Workflows : Construct
{
    public StateMachine ActivityNotifications { get; }
    public StateMachine OrderLifecycle { get; }
    public IReadOnlyList<StateMachine> All => [ActivityNotifications, OrderLifecycle];

    public Workflows(Construct scope, string id, StageConfig config, Data data, Topic shopperEmails) : base(scope, id)
    {
        ActivityNotifications = Create("ActivityNotifications", StateMachineType.EXPRESS,
            DefinitionBody.FromString(WorkflowDefinitions.ActivityNotifications(
                data.UserActivity.TableName, shopperEmails.TopicArn, config.Workflows.EmailWindowSeconds)),
            timeout: null, // the definition file sets it
            config);
        // The table's items only: Table.Grant would add index/* (the reviews index), which the workflow never reads.
        ActivityNotifications.AddToRolePolicy(new PolicyStatement(new PolicyStatementProps
        {
            Actions = ["dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:UpdateItem"],
            Resources = [data.UserActivity.TableArn],
        }));
        shopperEmails.GrantPublish(ActivityNotifications);
        DeliverActivityEvents(config, data);

        var placed = new Pass(this, "OrderPlaced", new PassProps { Comment = "The orders issue adds payment, packing, shipping and delivery." });
        OrderLifecycle = Create("OrderLifecycle", StateMachineType.STANDARD, DefinitionBody.FromChainable(placed.Next(new Succeed(this, "Done"))),
            Duration.Days(30), config);
    }

    /// <summary>
    /// The UserActivity stream starts one activity workflow per inserted event (ADR 0007). Requests never wait for
    /// delivery: an outage of Step Functions delays emails, it cannot fail a cart change.
    /// </summary>
    private void DeliverActivityEvents(StageConfig config, Data data)
    {
        var role = new Role(this, "ActivityPipeRole", new RoleProps
        {
            AssumedBy = new ServicePrincipal("pipes.amazonaws.com"),
            Description = "Reads the UserActivity stream and starts the activity notifications workflow.",
        });
        data.UserActivity.GrantStreamRead(role);
        ActivityNotifications.GrantStartExecution(role);
        Nag.Suppress(role.Node.FindChild("DefaultPolicy"), "AwsSolutions-IAM5",
            "dynamodb:ListStreams, which EventBridge Pipes needs to read a DynamoDB stream, supports no resource-level permissions.",
            "Resource::*");
        var pipe = new CfnPipe(this, "ActivityPipe", new CfnPipeProps
        {
            Name = $"{config.NamePrefix}-activity",
            Description = "Each activity event inserted into UserActivity starts the activity notifications workflow.",
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
                    Filters = new[] { new CfnPipe.FilterProperty { Pattern = WorkflowDefinitions.ActivityEventFilter } },
                },
            },
            Target = ActivityNotifications.StateMachineArn,
            TargetParameters = new CfnPipe.PipeTargetParametersProperty
            {
                StepFunctionStateMachineParameters = new CfnPipe.PipeTargetStateMachineParametersProperty { InvocationType = "FIRE_AND_FORGET" },
            },
        });
        pipe.Node.AddDependency(role);
    }

    private StateMachine Create(string name, StateMachineType type, DefinitionBody definition, Duration? timeout, StageConfig config)
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
            Timeout = timeout,
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
