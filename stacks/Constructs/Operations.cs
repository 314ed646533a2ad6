using Amazon.CDK;
using Amazon.CDK.AWS.CloudWatch;
using Amazon.CDK.AWS.CloudWatch.Actions;
using Amazon.CDK.AWS.DynamoDB;
using Amazon.CDK.AWS.IAM;
using Amazon.CDK.AWS.KMS;
using Amazon.CDK.AWS.SNS;
using Amazon.CDK.AWS.StepFunctions;
using Constructs;

namespace BStore.Stacks.Constructs;

/// <summary>
/// Alarms to an operations topic that e-mails the on-call address given at deploy (parameter OnCallEmail), and one
/// dashboard with the same signals.
/// </summary>
public sealed class Operations : Construct
{
    public Topic Alerts { get; }

    /// <summary>Whether the deploy named an on-call address; without one the alarms notify nobody.</summary>
    public CfnCondition NotifiesOnCall { get; }
    public CfnCondition NotifiesNobody { get; }

    public Operations(Construct scope, string id, StageConfig config, Api api, Data data, Workflows workflows, string onCallEmail) : base(scope, id)
    {
        Alerts = AlertsTopic(config);
        NotifiesNobody = new CfnCondition(this, "NotifiesNobody", new CfnConditionProps { Expression = Fn.ConditionEquals(onCallEmail, "") });
        NotifiesOnCall = new CfnCondition(this, "NotifiesOnCall", new CfnConditionProps { Expression = Fn.ConditionNot(NotifiesNobody) });
        // The address confirms the subscription from the e-mail SNS sends it; until then it receives nothing.
        var subscription = new CfnSubscription(this, "OnCall", new CfnSubscriptionProps
        {
            TopicArn = Alerts.TopicArn,
            Protocol = "email",
            Endpoint = onCallEmail,
        });
        subscription.CfnOptions.Condition = NotifiesOnCall;
        var alarms = config.Alarms;
        var fiveMinutes = Duration.Minutes(5);
        var apiId = api.HttpApi.ApiId;
        Metric ApiMetric(string name, string statistic) => new(new MetricProps
        {
            Namespace = "AWS/ApiGateway",
            MetricName = name,
            DimensionsMap = new Dictionary<string, string> { ["ApiId"] = apiId },
            Statistic = statistic,
            Period = fiveMinutes,
        });

        var errorRate = new MathExpression(new MathExpressionProps
        {
            Label = "API 5xx %",
            Expression = "IF(requests > 0, 100 * errors / requests, 0)",
            UsingMetrics = new Dictionary<string, IMetric> { ["errors"] = ApiMetric("5xx", "Sum"), ["requests"] = ApiMetric("Count", "Sum") },
            Period = fiveMinutes,
        });
        var latency = ApiMetric("Latency", "p99");
        var lambdaErrors = api.Function.MetricErrors(new MetricOptions { Period = fiveMinutes, Statistic = "Sum" });
        var lambdaThrottles = api.Function.MetricThrottles(new MetricOptions { Period = fiveMinutes, Statistic = "Sum" });

        var created = new List<Alarm>
        {
            Alarm("Api5xxRate", errorRate, alarms.Api5xxRatePercent, "More than the configured share of API requests failed with 5xx."),
            Alarm("ApiLatencyP99", latency, alarms.ApiP99LatencyMs, "API p99 latency is above the configured milliseconds."),
            Alarm("LambdaErrors", lambdaErrors, alarms.LambdaErrorsPerFiveMinutes, "The API function reported errors."),
            Alarm("LambdaThrottles", lambdaThrottles, alarms.ThrottlesPerFiveMinutes, "The API function was throttled (its reserved concurrency, or the account's unreserved concurrency, was used up)."),
        };
        foreach (var table in data.All)
        {
            var name = table.Node.Id;
            var throttles = new MathExpression(new MathExpressionProps
            {
                Label = $"{name} throttled requests",
                Expression = "reads + writes",
                UsingMetrics = new Dictionary<string, IMetric>
                {
                    ["reads"] = table.Metric("ReadThrottleEvents", new MetricOptions { Statistic = "Sum", Period = fiveMinutes }),
                    ["writes"] = table.Metric("WriteThrottleEvents", new MetricOptions { Statistic = "Sum", Period = fiveMinutes }),
                },
                Period = fiveMinutes,
            });
            created.Add(Alarm($"{name}Throttles", throttles, alarms.ThrottlesPerFiveMinutes, $"DynamoDB throttled requests on {name}."));
        }
        foreach (var workflow in workflows.All)
        {
            var name = workflow.Node.Id;
            var failures = new MathExpression(new MathExpressionProps
            {
                Label = $"{name} failed, timed out or aborted",
                Expression = "failed + timedOut + aborted",
                UsingMetrics = new Dictionary<string, IMetric>
                {
                    ["failed"] = workflow.MetricFailed(new MetricOptions { Statistic = "Sum", Period = fiveMinutes }),
                    ["timedOut"] = workflow.MetricTimedOut(new MetricOptions { Statistic = "Sum", Period = fiveMinutes }),
                    ["aborted"] = workflow.MetricAborted(new MetricOptions { Statistic = "Sum", Period = fiveMinutes }),
                },
                Period = fiveMinutes,
            });
            created.Add(Alarm($"{name}Failures", failures, alarms.WorkflowFailuresPerFiveMinutes, $"Executions of {name} failed."));
        }

        var dashboard = new Dashboard(this, "Dashboard", new DashboardProps { DashboardName = $"{config.NamePrefix}-operations" });
        dashboard.AddWidgets(
            new GraphWidget(new GraphWidgetProps { Title = "API requests and 5xx %", Left = [ApiMetric("Count", "Sum")], Right = [errorRate], Width = 12 }),
            new GraphWidget(new GraphWidgetProps { Title = "API latency p50 / p99 (ms)", Left = [ApiMetric("Latency", "p50"), latency], Width = 12 }));
        dashboard.AddWidgets(
            new GraphWidget(new GraphWidgetProps
            {
                Title = "Lambda errors, throttles, concurrency",
                Left = [lambdaErrors, lambdaThrottles],
                Right = [api.Function.Metric("ConcurrentExecutions", new MetricOptions { Statistic = "Maximum", Period = fiveMinutes })],
                Width = 12,
            }),
            new GraphWidget(new GraphWidgetProps
            {
                Title = "Lambda duration p50 / p99 (ms)",
                Left = [api.Function.MetricDuration(new MetricOptions { Statistic = "p50", Period = fiveMinutes }),
                        api.Function.MetricDuration(new MetricOptions { Statistic = "p99", Period = fiveMinutes })],
                Width = 12,
            }));
        dashboard.AddWidgets(new AlarmStatusWidget(new AlarmStatusWidgetProps { Title = "Alarms", Alarms = [.. created], Width = 24 }));

        Alarm Alarm(string name, IMetric metric, double threshold, string description)
        {
            var alarm = new Alarm(this, name, new AlarmProps
            {
                AlarmName = $"{config.NamePrefix}-{name}",
                AlarmDescription = description,
                Metric = metric,
                Threshold = threshold,
                ComparisonOperator = ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
                EvaluationPeriods = 1,
                TreatMissingData = TreatMissingData.NOT_BREACHING,
            });
            alarm.AddAlarmAction(new SnsAction(Alerts));
            alarm.AddOkAction(new SnsAction(Alerts));
            return alarm;
        }
    }

    /// <summary>
    /// CloudWatch publishes alarm notifications as the service itself: the topic's key must be one whose policy lets
    /// cloudwatch.amazonaws.com use it (never the AWS-managed alias/aws/sns, whose policy cannot be changed), and the
    /// topic's policy must allow it to publish, for this account's alarms of this stage only.
    /// </summary>
    private Topic AlertsTopic(StageConfig config)
    {
        var key = new Key(this, "AlertsKey", new KeyProps
        {
            Description = $"{config.NamePrefix}: encrypts the operations alerts topic; CloudWatch alarms may use it.",
            EnableKeyRotation = true,
            // Holds no data at rest beyond messages in flight: scheduled for deletion with the stack (after KMS's waiting period).
            RemovalPolicy = RemovalPolicy.DESTROY,
        });
        key.AddToResourcePolicy(new PolicyStatement(new PolicyStatementProps
        {
            Sid = "CloudWatchAlarmsEncryptForTheTopic",
            Principals = [new ServicePrincipal("cloudwatch.amazonaws.com")],
            Actions = ["kms:Decrypt", "kms:GenerateDataKey*"],
            Resources = ["*"],
        }));
        var topic = new Topic(this, "Alerts", new TopicProps
        {
            TopicName = $"{config.NamePrefix}-ops-alerts",
            DisplayName = $"{config.NamePrefix} alarms",
            MasterKey = key,
        });
        topic.DenyInsecureTransport();
        topic.AddToResourcePolicy(new PolicyStatement(new PolicyStatementProps
        {
            Sid = "CloudWatchAlarmsPublish",
            Principals = [new ServicePrincipal("cloudwatch.amazonaws.com")],
            Actions = ["sns:Publish"],
            Resources = [topic.TopicArn],
            Conditions = new Dictionary<string, object>
            {
                ["StringEquals"] = new Dictionary<string, object> { ["aws:SourceAccount"] = Aws.ACCOUNT_ID },
                // Every alarm of this stage is named with its prefix (Alarm below): another stage's alarms in the same account may not.
                ["ArnLike"] = new Dictionary<string, object>
                {
                    ["aws:SourceArn"] = $"arn:{Aws.PARTITION}:cloudwatch:{Aws.REGION}:{Aws.ACCOUNT_ID}:alarm:{config.NamePrefix}-*",
                },
            },
        }));
        return topic;
    }
}
