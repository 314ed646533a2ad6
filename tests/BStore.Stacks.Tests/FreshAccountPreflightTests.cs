using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace BStore.Stacks.Tests;

/// <summary>
/// What a first deploy into a fresh AWS account meets, read from each stage's synthesized template: the account
/// defaults and service rules that refuse a resource at deploy time (after minutes of CloudFormation, and a rollback)
/// are checked here instead, offline. A stage that needs more than a fresh account gives documents the request in
/// docs/deploy.md. These read only the template (and the stage's name and prefix), never the C# config types, so
/// they judge what CloudFormation would receive.
/// </summary>
[Collection(StacksCollection.Name)]
public sealed partial class FreshAccountPreflightTests(SynthesizedStages stages)
{
    /// <summary>Lambda concurrent executions of a new account (Service Quotas: it can be as low as 10).</summary>
    private const int FreshAccountConcurrency = 10;

    /// <summary>
    /// Lambda keeps this much concurrency unreserved: at least 10 when the quota is 10 (so a fresh account can reserve
    /// nothing), and 100 once the quota is raised.
    /// </summary>
    private const int FreshAccountUnreserved = 10;
    private const int RaisedAccountUnreserved = 100;

    public static TheoryData<string> Stages => new(SynthesizedStages.Stages);

    [Theory]
    [MemberData(nameof(Stages))]
    public void Reserved_and_provisioned_concurrency_fit_a_fresh_account_or_the_quota_increase_is_documented(string stage)
    {
        var synthesized = stages[stage];
        var taken = ConcurrencyTakenFromTheAccount(synthesized);

        if (taken > FreshAccountConcurrency - FreshAccountUnreserved)
        {
            var requested = DocumentedConcurrencyQuota(stage);
            requested.Should().NotBeNull(
                $"stage '{stage}' reserves or provisions {taken} concurrent executions, which a fresh account (quota {FreshAccountConcurrency}, " +
                $"{FreshAccountUnreserved} kept unreserved) refuses: docs/deploy.md must say which Lambda concurrency quota to request before its first deploy " +
                "(a row '| <stage> | Lambda concurrent executions | <quota> | ...')");
            requested!.Value.Should().BeGreaterThanOrEqualTo(taken + RaisedAccountUnreserved,
                $"Lambda keeps {RaisedAccountUnreserved} unreserved beside stage '{stage}''s {taken}");
        }
    }

    [Theory]
    [MemberData(nameof(Stages))]
    public void Threat_protection_is_asked_for_only_on_the_plus_tier_and_the_tier_is_named(string stage)
    {
        foreach (var (logicalId, pool) in stages[stage].Resources("AWS::Cognito::UserPool"))
        {
            var properties = Synthesized.Props(pool);
            var tier = properties["UserPoolTier"]?.GetValue<string>();
            var addOns = properties["UserPoolAddOns"];
            var threatProtection = addOns?["AdvancedSecurityMode"]?.GetValue<string>() is "AUDIT" or "ENFORCED" || addOns?["AdvancedSecurityAdditionalFlows"] is not null;
            if (threatProtection)
            {
                tier.Should().Be("PLUS", $"{logicalId} asks for threat protection, which Cognito refuses below the Plus tier: the pool would fail to create");
            }
            tier.Should().BeOneOf(["LITE", "ESSENTIALS", "PLUS"],
                $"{logicalId} names its feature plan: a new pool otherwise gets whatever the account's default is (ESSENTIALS today)");
        }
    }

    [Theory]
    [MemberData(nameof(Stages))]
    public void A_pool_that_sends_cognitos_own_email_has_its_daily_cap_documented(string stage)
    {
        foreach (var (logicalId, pool) in stages[stage].Resources("AWS::Cognito::UserPool"))
        {
            if (Synthesized.Props(pool)["EmailConfiguration"]?["EmailSendingAccount"]?.GetValue<string>() != "DEVELOPER")
            {
                // Without SES, Cognito sends sign-up codes and password resets itself: 50 e-mails a day for the whole account.
                DeployGuide().Should().Contain("50 a day", $"{logicalId} sends Cognito's own e-mail, whose daily cap a live stage outgrows");
            }
        }
    }

    [Theory]
    [MemberData(nameof(Stages))]
    public void Every_alarm_topic_is_encrypted_with_a_key_cloudwatch_may_use_and_allows_this_accounts_alarms_to_publish(string stage)
    {
        var synthesized = stages[stage];
        foreach (var topicId in AlarmTopics(synthesized))
        {
            var topic = Synthesized.Props(Resource(synthesized, topicId));
            var key = topic["KmsMasterKeyId"];
            key.Should().NotBeNull($"{topicId} is encrypted");
            key!.ToJsonString().Should().NotContain("alias/aws/",
                $"{topicId}: an AWS-managed key's policy cannot let CloudWatch use it, so every alarm notification would be dropped");
            var keyId = ReferencedLogicalId(key);
            keyId.Should().NotBeNull($"{topicId}'s key is a customer-managed key of this stack");
            var keyResource = Resource(synthesized, keyId!);
            keyResource["Type"]!.GetValue<string>().Should().Be("AWS::KMS::Key");
            Synthesized.Props(keyResource)["EnableKeyRotation"]?.GetValue<bool>().Should().BeTrue($"{keyId} rotates");
            var keyGrants = Allows(Synthesized.Props(keyResource)["KeyPolicy"]!, "cloudwatch.amazonaws.com").SelectMany(s => Strings(s["Action"]!)).ToList();
            keyGrants.Should().Contain("kms:Decrypt", $"{keyId}'s policy lets CloudWatch use it")
                .And.Contain(a => a == "kms:GenerateDataKey*" || a == "kms:GenerateDataKey");

            var policies = synthesized.Resources("AWS::SNS::TopicPolicy").Select(p => Synthesized.Props(p.Resource))
                .Where(p => p["Topics"]!.AsArray().Any(t => ReferencedLogicalId(t!) == topicId)).ToList();
            var statements = policies.SelectMany(p => p["PolicyDocument"]!["Statement"]!.AsArray()).ToList();
            statements.Should().Contain(s => s!["Effect"]!.GetValue<string>() == "Deny" &&
                s["Condition"]!["Bool"]!["aws:SecureTransport"]!.GetValue<string>() == "false", $"{topicId} refuses requests without TLS");
            var publish = policies.SelectMany(p => Allows(p["PolicyDocument"]!, "cloudwatch.amazonaws.com"))
                .Where(s => Strings(s["Action"]!).Contains("sns:Publish")).ToList();
            publish.Should().ContainSingle($"{topicId}'s policy allows CloudWatch to publish (a topic policy that only denies allows nobody)");
            var condition = publish[0]["Condition"];
            condition?["StringEquals"]?["aws:SourceAccount"].Should().NotBeNull("only this account's alarms may publish");
            (condition?["ArnLike"]?["aws:SourceArn"]?.ToJsonString()).Should().Contain(":alarm:", "only alarms may publish");
        }
    }

    [Theory]
    [MemberData(nameof(Stages))]
    public void Every_alarm_topic_e_mails_the_on_call_address_given_at_deploy_or_the_stack_says_that_nobody_is_notified(string stage)
    {
        var synthesized = stages[stage];
        var parameters = synthesized.Json["Parameters"]!.AsObject();
        foreach (var topicId in AlarmTopics(synthesized))
        {
            var subscriptions = synthesized.Resources("AWS::SNS::Subscription")
                .Where(s => ReferencedLogicalId(Synthesized.Props(s.Resource)["TopicArn"]!) == topicId).ToList();
            subscriptions.Should().ContainSingle($"someone receives {topicId}'s alarms");
            var (_, subscription) = subscriptions[0];
            Synthesized.Props(subscription)["Protocol"]!.GetValue<string>().Should().Be("email");
            var parameter = Synthesized.Props(subscription)["Endpoint"]!["Ref"]?.GetValue<string>();
            parameter.Should().NotBeNull("the address is a deploy parameter, never written into the repository");
            parameters[parameter!]!["Default"]?.GetValue<string>().Should().Be("", "a first deploy works without an address");

            // Without an address there is no subscription (SNS refuses an empty endpoint), and an output says so.
            var onlyWithAddress = subscription["Condition"]?.GetValue<string>();
            onlyWithAddress.Should().NotBeNull("an empty address creates no subscription");
            var outputs = synthesized.Json["Outputs"]!.AsObject();
            outputs.Select(o => o.Value!["Condition"]?.GetValue<string>()).Where(c => c is not null)
                .Should().Contain(c => IsNegationOf(synthesized, c!, onlyWithAddress!), "a deploy without an address is told that alarms notify nobody");
        }
        EmailAddress().IsMatch(synthesized.Json.ToJsonString()).Should().BeFalse("no person's address is written into the template");
    }

    [Theory]
    [MemberData(nameof(Stages))]
    public void No_shopper_gets_an_aws_resource_of_its_own_in_the_template(string stage)
    {
        var synthesized = stages[stage];

        // SNS allows 200 subscriptions with a filter policy per topic, 10,000 per account: nothing per shopper may be one.
        synthesized.Resources("AWS::SNS::Subscription").Where(s => Synthesized.Props(s.Resource)["FilterPolicy"] != null).Should().BeEmpty();
        synthesized.Resources("AWS::SNS::Subscription").Should().HaveCountLessThanOrEqualTo(synthesized.Resources("AWS::SNS::Topic").Count());
        synthesized.Resources("AWS::SNS::PlatformApplication").Should().BeEmpty("platform applications carry store credentials: set up by hand, not per deploy");
    }

    [Theory]
    [MemberData(nameof(Stages))]
    public void Globally_unique_names_are_left_to_cloudformation_and_account_unique_names_carry_the_stage_prefix(string stage)
    {
        var synthesized = stages[stage];
        var prefix = synthesized.Config.NamePrefix;

        foreach (var (logicalId, bucket) in synthesized.Resources("AWS::S3::Bucket"))
        {
            bucket["Properties"]?["BucketName"].Should().BeNull($"{logicalId}: a bucket name is unique across every AWS account; a fixed one may be taken already");
        }
        foreach (var type in new[] { "AWS::IAM::Role", "AWS::IAM::ManagedPolicy", "AWS::IAM::User", "AWS::IAM::Group" })
        {
            foreach (var (logicalId, resource) in synthesized.Resources(type))
            {
                (resource["Properties"]?.AsObject() ?? []).Where(p => p.Key.EndsWith("Name", StringComparison.Ordinal))
                    .Should().BeEmpty($"{logicalId}: IAM names are global to the account (every region): a fixed one collides when a stage is deployed twice");
            }
        }
        foreach (var (logicalId, name) in ExplicitNames(synthesized))
        {
            name.Should().Contain(prefix, $"{logicalId}'s name is unique per account and region: it carries the stage prefix so that dev and prod can share an account");
        }
    }

    [Fact]
    public void Dev_and_prod_can_share_an_account_and_region()
    {
        var dev = ExplicitNames(stages["dev"]).Select(n => n.Name).ToHashSet();
        var prod = ExplicitNames(stages["prod"]).Select(n => n.Name).ToHashSet();

        dev.Should().NotBeEmpty();
        dev.Intersect(prod).Should().BeEmpty();
    }

    [Theory]
    [MemberData(nameof(Stages))]
    public void Every_function_uses_a_runtime_lambda_still_creates(string stage)
    {
        foreach (var (logicalId, function) in stages[stage].Resources("AWS::Lambda::Function"))
        {
            // Lambda refuses to create functions on a deprecated runtime (nodejs18.x and nodejs20.x since June 2026):
            // CDK 2.160's own providers pick nodejs20.x in us-east-1, so each is set explicitly. cfn-lint (E2533) agrees once a date passed.
            Synthesized.Props(function)["Runtime"]!.GetValue<string>().Should().BeOneOf(CreatableRuntimes, logicalId);
        }
    }

    [Theory]
    [MemberData(nameof(Stages))]
    public void A_bucket_the_stage_deletes_is_emptied_first_so_rollback_and_destroy_finish(string stage)
    {
        var synthesized = stages[stage];
        var emptied = synthesized.Resources("Custom::S3AutoDeleteObjects")
            .Select(r => ReferencedLogicalId(Synthesized.Props(r.Resource)["BucketName"]!)).ToHashSet();

        foreach (var (logicalId, bucket) in synthesized.Resources("AWS::S3::Bucket"))
        {
            var deleted = bucket["DeletionPolicy"]?.GetValue<string>() is null or "Delete";
            // CloudFormation deletes only an empty bucket (every version and delete marker gone): a rollback of a first deploy
            // after seeding, or a destroy, would otherwise end in DELETE_FAILED with the stack stuck.
            emptied.Contains(logicalId).Should().Be(deleted,
                deleted ? $"{logicalId} is deleted with the stack, so it is emptied first" : $"{logicalId} is kept, so nothing empties it");
        }
    }

    /// <summary>Runtimes Lambda creates functions on until 2027 at least (Lambda runtimes page, deprecation schedule).</summary>
    private static readonly string[] CreatableRuntimes = ["provided.al2023", "nodejs22.x", "nodejs24.x"];

    /// <summary>Name properties that are unique per account and region, by resource type.</summary>
    private static readonly Dictionary<string, string> UniqueNames = new()
    {
        ["AWS::Lambda::Function"] = "FunctionName",
        ["AWS::DynamoDB::Table"] = "TableName",
        ["AWS::StepFunctions::StateMachine"] = "StateMachineName",
        ["AWS::Pipes::Pipe"] = "Name",
        ["AWS::SNS::Topic"] = "TopicName",
        ["AWS::CloudWatch::Alarm"] = "AlarmName",
        ["AWS::CloudWatch::Dashboard"] = "DashboardName",
        ["AWS::Logs::LogGroup"] = "LogGroupName",
        ["AWS::SecretsManager::Secret"] = "Name",
        ["AWS::KMS::Alias"] = "AliasName",
        ["AWS::SQS::Queue"] = "QueueName",
        ["AWS::Events::EventBus"] = "Name",
        ["AWS::Events::Rule"] = "Name",
        ["AWS::Cognito::UserPoolDomain"] = "Domain",
    };

    private static IEnumerable<(string LogicalId, string Name)> ExplicitNames(Synthesized synthesized) =>
        UniqueNames.SelectMany(n => synthesized.Resources(n.Key)
            .Select(r => (r.LogicalId, Name: Synthesized.Props(r.Resource)?[n.Value]))
            .Where(r => r.Name is not null)
            .Select(r => (r.LogicalId, r.Name is JsonValue v && v.TryGetValue<string>(out var text) ? text : r.Name!.ToJsonString())));

    /// <summary>The concurrency the stage takes from the account: reservations, plus provisioned instances of functions without one.</summary>
    private static int ConcurrencyTakenFromTheAccount(Synthesized synthesized)
    {
        var reserved = synthesized.Resources("AWS::Lambda::Function").ToDictionary(f => f.LogicalId,
            f => Synthesized.Props(f.Resource)["ReservedConcurrentExecutions"]?.GetValue<int>());
        var provisionedOutsideReservations = synthesized.Resources("AWS::Lambda::Alias").Concat(synthesized.Resources("AWS::Lambda::Version"))
            .Select(a => Synthesized.Props(a.Resource))
            .Select(a => (Function: ReferencedLogicalId(a["FunctionName"]!), Count: a["ProvisionedConcurrencyConfig"]?["ProvisionedConcurrentExecutions"]?.GetValue<int>() ?? 0))
            .Where(p => p.Function is null || reserved.GetValueOrDefault(p.Function) is null)
            .Sum(p => p.Count);
        return reserved.Values.Sum(r => r ?? 0) + provisionedOutsideReservations;
    }

    /// <summary>The quota docs/deploy.md asks for, in a row "| stage | Lambda concurrent executions | quota | ... |".</summary>
    private int? DocumentedConcurrencyQuota(string stage)
    {
        var row = DeployGuide().Split('\n').Select(line => QuotaRow().Match(line))
            .FirstOrDefault(m => m.Success && m.Groups["stage"].Value == stage);
        return row is null ? null : int.Parse(row.Groups["quota"].Value.Replace(",", "", StringComparison.Ordinal), System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>docs/deploy.md, or nothing when it does not exist.</summary>
    private string DeployGuide()
    {
        var path = Path.Combine(stages.Root, "docs", "deploy.md");
        return File.Exists(path) ? File.ReadAllText(path) : "";
    }

    private static IEnumerable<string> AlarmTopics(Synthesized synthesized)
    {
        var topics = synthesized.Resources("AWS::CloudWatch::Alarm")
            .SelectMany(a => (Synthesized.Props(a.Resource)["AlarmActions"]?.AsArray() ?? []).Concat(Synthesized.Props(a.Resource)["OKActions"]?.AsArray() ?? []))
            .Select(action => ReferencedLogicalId(action!))
            .OfType<string>().Distinct().ToList();
        topics.Should().NotBeEmpty("the stage's alarms notify a topic");
        return topics;
    }

    private static bool IsNegationOf(Synthesized synthesized, string condition, string other)
    {
        var conditions = synthesized.Json["Conditions"]!.AsObject();
        static bool Negates(JsonNode? expression, string name) =>
            expression?["Fn::Not"]?[0]?["Condition"]?.GetValue<string>() == name;
        return Negates(conditions[condition], other) || Negates(conditions[other], condition);
    }

    private static IEnumerable<JsonNode> Allows(JsonNode document, string service) =>
        document["Statement"]!.AsArray().Where(s => s!["Effect"]!.GetValue<string>() == "Allow" &&
            s["Principal"]?["Service"] is { } principal && Strings(principal).Contains(service))!;

    private static JsonObject Resource(Synthesized synthesized, string logicalId) => synthesized.Json["Resources"]![logicalId]!.AsObject();

    /// <summary>The logical id a Ref or Fn::GetAtt names, or null for anything else.</summary>
    private static string? ReferencedLogicalId(JsonNode node) =>
        node["Ref"]?.GetValue<string>() ?? (node["Fn::GetAtt"] is JsonArray getAtt ? getAtt[0]!.GetValue<string>() : null);

    private static string[] Strings(JsonNode node) =>
        node is JsonArray array ? [.. array.Select(a => a!.ToJsonString().Trim('"'))] : [node.ToJsonString().Trim('"')];

    [GeneratedRegex(@"^\|\s*`?(?<stage>[a-z0-9]+)`?\s*\|\s*Lambda concurrent executions\s*\|\s*(?<quota>[0-9][0-9,]*)\s*\|", RegexOptions.IgnoreCase)]
    private static partial Regex QuotaRow();

    [GeneratedRegex(@"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}")]
    private static partial Regex EmailAddress();
}
