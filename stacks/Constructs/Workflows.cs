using Amazon.CDK;
using Amazon.CDK.AWS.Logs;
using Amazon.CDK.AWS.SNS;
using Amazon.CDK.AWS.StepFunctions;
using Amazon.CDK.AWS.StepFunctions.Tasks;
using Constructs;

namespace BStore.Stacks.Constructs;

/// <summary>
/// The Step Functions workflows: activity notifications (Express) and the order lifecycle (Standard).
/// Both start minimal; the shopper and orders issues extend them. Direct service integrations only, so
/// they run unchanged on the local emulator.
/// </summary>
public sealed class Workflows : Construct
{
    public StateMachine ActivityNotifications { get; }
    public StateMachine OrderLifecycle { get; }
    public IReadOnlyList<StateMachine> All => [ActivityNotifications, OrderLifecycle];

    public Workflows(Construct scope, string id, StageConfig config, Topic shopperEmails) : base(scope, id)
    {
        var emailShopper = new SnsPublish(this, "EmailShopper", new SnsPublishProps
        {
            Topic = shopperEmails,
            Subject = JsonPath.StringAt("$.subject"),
            Message = TaskInput.FromJsonPathAt("$.message"),
            MessageAttributes = new Dictionary<string, IMessageAttribute>
            {
                // Each shopper's subscription filters on this attribute: a message reaches its own shopper only.
                ["userId"] = new MessageAttribute { Value = JsonPath.StringAt("$.userId"), DataType = MessageAttributeDataType.STRING },
            },
            ResultPath = JsonPath.DISCARD,
        });
        ActivityNotifications = Create("ActivityNotifications", StateMachineType.EXPRESS, emailShopper, config);

        var placed = new Pass(this, "OrderPlaced", new PassProps { Comment = "The orders issue adds payment, packing, shipping and delivery." });
        OrderLifecycle = Create("OrderLifecycle", StateMachineType.STANDARD, placed.Next(new Succeed(this, "Done")), config);
    }

    private StateMachine Create(string name, StateMachineType type, IChainable definition, StageConfig config)
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
            DefinitionBody = DefinitionBody.FromChainable(definition),
            Timeout = type == StateMachineType.EXPRESS ? Duration.Minutes(1) : Duration.Days(30),
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
