using System.Text.Json.Nodes;
using Amazon.CDK.Assertions;
using BStore.Api.Data;
using BStore.Stacks.Constructs;

namespace BStore.Stacks.Tests;

/// <summary>The security-relevant properties of every resource, per stage.</summary>
[Collection(StacksCollection.Name)]
public sealed class SecurityTests(SynthesizedStages stages)
{
    public static TheoryData<string> Stages => new(SynthesizedStages.Stages);

    [Theory]
    [MemberData(nameof(Stages))]
    public void The_user_pool_signs_in_by_verified_email_with_a_strong_password_policy(string stage)
    {
        var synthesized = stages[stage];
        var pool = Synthesized.Props(synthesized.Single("AWS::Cognito::UserPool"));

        pool["UsernameAttributes"]!.AsArray().Select(a => a!.GetValue<string>()).Should().Equal("email");
        pool["AutoVerifiedAttributes"]!.AsArray().Select(a => a!.GetValue<string>()).Should().Equal("email");
        pool["AdminCreateUserConfig"]!["AllowAdminCreateUserOnly"]!.GetValue<bool>().Should().BeFalse("shoppers sign themselves up");
        var password = pool["Policies"]!["PasswordPolicy"]!;
        password["MinimumLength"]!.GetValue<int>().Should().BeGreaterThanOrEqualTo(10);
        foreach (var rule in new[] { "RequireLowercase", "RequireUppercase", "RequireNumbers", "RequireSymbols" })
        {
            password[rule]!.GetValue<bool>().Should().BeTrue(rule);
        }
        pool["AccountRecoverySetting"]!["RecoveryMechanisms"]!.AsArray().Should().ContainSingle()
            .Which!["Name"]!.GetValue<string>().Should().Be("verified_email");
        pool["UserPoolTier"]!.GetValue<string>().Should().Be(synthesized.Config.Identity.UserPoolTier);
        (pool["UserPoolAddOns"]?["AdvancedSecurityMode"]?.GetValue<string>() ?? "OFF").Should().Be(synthesized.Config.Identity.AdvancedSecurity);
        pool["DeletionProtection"]!.GetValue<string>().Should().Be(synthesized.Config.RetainData ? "ACTIVE" : "INACTIVE");
    }

    [Theory]
    [MemberData(nameof(Stages))]
    public void The_mobile_client_has_no_secret_and_only_srp_password_and_refresh_flows(string stage)
    {
        var synthesized = stages[stage];
        var client = Synthesized.Props(synthesized.Single("AWS::Cognito::UserPoolClient"));

        client["GenerateSecret"]!.GetValue<bool>().Should().BeFalse();
        client["ExplicitAuthFlows"]!.AsArray().Select(f => f!.GetValue<string>()).Should()
            .BeEquivalentTo("ALLOW_USER_SRP_AUTH", "ALLOW_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH");
        client["PreventUserExistenceErrors"]!.GetValue<string>().Should().Be("ENABLED");
        client["EnableTokenRevocation"]!.GetValue<bool>().Should().BeTrue();
        client["AccessTokenValidity"]!.GetValue<int>().Should().Be(synthesized.Config.Identity.AccessTokenMinutes);
        client["RefreshTokenValidity"]!.GetValue<int>().Should().Be(synthesized.Config.Identity.RefreshTokenDays * 24 * 60);
        client.AsObject().ContainsKey("AllowedOAuthFlows").Should().BeFalse();
    }

    [Theory]
    [MemberData(nameof(Stages))]
    public void The_image_bucket_is_private_encrypted_versioned_and_tls_only(string stage)
    {
        var synthesized = stages[stage];
        synthesized.Assertions.HasResourceProperties("AWS::S3::Bucket", new Dictionary<string, object>
        {
            ["PublicAccessBlockConfiguration"] = new Dictionary<string, object>
            {
                ["BlockPublicAcls"] = true, ["BlockPublicPolicy"] = true, ["IgnorePublicAcls"] = true, ["RestrictPublicBuckets"] = true,
            },
            ["VersioningConfiguration"] = new Dictionary<string, object> { ["Status"] = "Enabled" },
            ["BucketEncryption"] = Match.ObjectLike(new Dictionary<string, object>
            {
                ["ServerSideEncryptionConfiguration"] = Match.ArrayWith([Match.ObjectLike(new Dictionary<string, object>
                {
                    ["ServerSideEncryptionByDefault"] = new Dictionary<string, object> { ["SSEAlgorithm"] = "AES256" },
                })]),
            }),
        });
        var bucket = Synthesized.Props(synthesized.Single("AWS::S3::Bucket"));
        bucket["LifecycleConfiguration"]!["Rules"]![0]!["NoncurrentVersionExpiration"]!["NoncurrentDays"]!.GetValue<int>()
            .Should().Be(synthesized.Config.Images.NoncurrentVersionDays);

        var statements = Synthesized.Props(synthesized.Single("AWS::S3::BucketPolicy"))["PolicyDocument"]!["Statement"]!.AsArray();
        statements.Should().Contain(s => s!["Effect"]!.GetValue<string>() == "Deny" &&
            s["Condition"]!["Bool"]!["aws:SecureTransport"]!.GetValue<string>() == "false");
        var allows = statements.Where(s => s!["Effect"]!.GetValue<string>() == "Allow").ToList();
        var emptying = allows.Where(s => s!["Principal"]!.ToJsonString().Contains(AutoDeleteRole, StringComparison.Ordinal)).ToList();
        emptying.Should().HaveCount(synthesized.Config.RetainData ? 0 : 1, "only a stage that keeps no data empties the bucket before deleting it");
        var reads = allows.Except(emptying).ToList();
        reads.Should().ContainSingle("only CloudFront reads the bucket");
        reads[0]!["Principal"]!["Service"]!.GetValue<string>().Should().Be("cloudfront.amazonaws.com");
        reads[0]!["Action"]!.GetValue<string>().Should().Be("s3:GetObject");
        reads[0]!["Condition"]!["StringEquals"]!["AWS:SourceArn"].Should().NotBeNull("only this distribution may read");
    }

    [Theory]
    [MemberData(nameof(Stages))]
    public void Images_are_served_over_https_through_origin_access_control(string stage)
    {
        var synthesized = stages[stage];
        var distribution = Synthesized.Props(synthesized.Single("AWS::CloudFront::Distribution"))["DistributionConfig"]!;

        distribution["DefaultCacheBehavior"]!["ViewerProtocolPolicy"]!.GetValue<string>().Should().Be("redirect-to-https");
        distribution["Origins"]![0]!["OriginAccessControlId"].Should().NotBeNull();
        distribution["Origins"]![0]!["S3OriginConfig"]!["OriginAccessIdentity"]!.GetValue<string>().Should().BeEmpty("no legacy OAI");
        synthesized.Resources("AWS::CloudFront::CloudFrontOriginAccessIdentity").Should().BeEmpty();
    }

    [Theory]
    [MemberData(nameof(Stages))]
    public void Tables_have_the_keys_and_indexes_of_the_data_model(string stage)
    {
        var synthesized = stages[stage];
        var tables = synthesized.Resources("AWS::DynamoDB::Table").ToList();
        tables.Should().HaveCount(Tables.All.Count);

        foreach (var definition in Tables.All)
        {
            var table = Synthesized.Props(tables.Single(t => t.LogicalId.StartsWith($"Data{definition.Name}", StringComparison.Ordinal)).Resource);
            KeysOf(table["KeySchema"]!).Should().Equal(ExpectedKeys(definition.PartitionKey, definition.SortKey));
            var indexes = table["GlobalSecondaryIndexes"]?.AsArray() ?? [];
            indexes.Select(i => i!["IndexName"]!.GetValue<string>()).Should().BeEquivalentTo(definition.GlobalIndexes.Select(i => i.Name));
            foreach (var index in definition.GlobalIndexes)
            {
                var synthesizedIndex = indexes.Single(i => i!["IndexName"]!.GetValue<string>() == index.Name)!;
                KeysOf(synthesizedIndex["KeySchema"]!).Should().Equal(ExpectedKeys(index.PartitionKey, index.SortKey));
                synthesizedIndex["Projection"]!["ProjectionType"]!.GetValue<string>().Should().Be("ALL");
            }
            table["BillingMode"]!.GetValue<string>().Should().Be("PAY_PER_REQUEST");
            table["PointInTimeRecoverySpecification"]!["PointInTimeRecoveryEnabled"]!.GetValue<bool>().Should().BeTrue();
            table["SSESpecification"]!["SSEEnabled"]!.GetValue<bool>().Should().BeTrue();
            table["DeletionProtectionEnabled"]!.GetValue<bool>().Should().Be(synthesized.Config.RetainData);
            (table["StreamSpecification"]?["StreamViewType"]?.GetValue<string>()).Should().Be(definition.HasStream ? "NEW_AND_OLD_IMAGES" : null);
            (table["TimeToLiveSpecification"]?["AttributeName"]?.GetValue<string>()).Should().Be(definition.TimeToLiveAttribute);
        }
    }

    [Theory]
    [MemberData(nameof(Stages))]
    public void The_api_function_is_the_aot_binary_behind_the_web_adapter_with_tracing(string stage)
    {
        var synthesized = stages[stage];
        var function = Synthesized.Props(synthesized.Named("AWS::Lambda::Function", "ApiFunction").Resource);

        function["Runtime"]!.GetValue<string>().Should().Be("provided.al2023");
        function["Handler"]!.GetValue<string>().Should().Be("bootstrap");
        function["Architectures"]!.AsArray().Select(a => a!.GetValue<string>()).Should().Equal("x86_64");
        function["TracingConfig"]!["Mode"]!.GetValue<string>().Should().Be("Active");
        function["ReservedConcurrentExecutions"]?.GetValue<int>().Should().Be(synthesized.Config.Api.ReservedConcurrency);
        function["MemorySize"]!.GetValue<int>().Should().Be(synthesized.Config.Api.MemoryMb);
        function["Layers"]!.AsArray().Should().ContainSingle().Which!["Ref"]!.GetValue<string>().Should().Be("LambdaWebAdapterLayerArn");
        var environment = function["Environment"]!["Variables"]!.AsObject();
        environment["AWS_LWA_READINESS_CHECK_PATH"]!.GetValue<string>().Should().Be("/health");
        environment["AWS_LWA_PORT"]!.GetValue<string>().Should().Be("8080");
        environment["BStore__Catalog__CursorKey"]!.ToJsonString().Should().Contain("{{resolve:secretsmanager:", "the key is resolved at deploy time");
        synthesized.Json["Parameters"]!["LambdaWebAdapterLayerArn"]!["AllowedPattern"]!.GetValue<string>().Should().EndWith($":layer:LambdaAdapterLayerX86:{synthesized.Config.Api.LambdaWebAdapterLayerVersion}$");

        var alias = Synthesized.Props(synthesized.Single("AWS::Lambda::Alias"));
        (alias["ProvisionedConcurrencyConfig"]?["ProvisionedConcurrentExecutions"]?.GetValue<int>() ?? 0)
            .Should().Be(synthesized.Config.Api.ProvisionedConcurrency);
    }

    [Theory]
    [MemberData(nameof(Stages))]
    public void The_routes_are_the_operations_of_the_committed_OpenAPI_document_with_their_authorizer(string stage)
    {
        var synthesized = stages[stage];
        var routes = synthesized.Resources("AWS::ApiGatewayV2::Route").Select(r => Synthesized.Props(r.Resource)).ToList();
        var expected = Constructs.ApiRoutes.Load(Repository.Root());

        routes.Select(r => $"{r["RouteKey"]!.GetValue<string>()} {r["AuthorizationType"]?.GetValue<string>() ?? "NONE"}")
            .Should().BeEquivalentTo(expected.Select(r => $"{r.RouteKey} {(r.NeedsShopper ? "JWT" : "NONE")}"));
        // Regression: the reviews had no route at all, so they answered 404 in AWS while every local test passed.
        expected.Should().Contain([
            new Constructs.ApiRoute("GET", "/api/products/{id}/reviews", NeedsShopper: false),
            new Constructs.ApiRoute("PUT", "/api/products/{id}/reviews/mine", NeedsShopper: true),
            new Constructs.ApiRoute("GET", "/api/cart", NeedsShopper: true),
            new Constructs.ApiRoute("GET", "/api/products", NeedsShopper: false),
        ]);
        expected.Where(r => !r.NeedsShopper).Should().OnlyContain(r => r.Method == "GET", "only reading the catalog is anonymous");
        routes.Should().OnlyContain(r => r["RouteKey"]!.GetValue<string>() != "$default", "unknown paths never reach the function");

        var authorizer = Synthesized.Props(synthesized.Single("AWS::ApiGatewayV2::Authorizer"));
        authorizer["AuthorizerType"]!.GetValue<string>().Should().Be("JWT");
        authorizer["JwtConfiguration"]!["Audience"]!.AsArray().Should().ContainSingle();
    }

    [Theory]
    [MemberData(nameof(Stages))]
    public void The_http_api_and_the_function_allow_only_configured_origins_and_the_api_throttles_and_logs_access(string stage)
    {
        var synthesized = stages[stage];
        var api = Synthesized.Props(synthesized.Single("AWS::ApiGatewayV2::Api"));
        var cors = api["CorsConfiguration"]!;
        cors["AllowOrigins"]!.AsArray().Select(o => o!.GetValue<string>()).Should().BeEquivalentTo(synthesized.Config.Api.CorsAllowedOrigins);
        cors["AllowMethods"]!.AsArray().Select(o => o!.GetValue<string>()).Should().BeEquivalentTo(BStore.Api.Hosting.ApiCors.Methods);
        cors["AllowHeaders"]!.AsArray().Select(o => o!.GetValue<string>()).Should().BeEquivalentTo(BStore.Api.Hosting.ApiCors.RequestHeaders);
        cors["ExposeHeaders"]!.AsArray().Select(o => o!.GetValue<string>()).Should().BeEquivalentTo(BStore.Api.Hosting.ApiCors.ExposedHeaders);
        cors["AllowCredentials"]?.GetValue<bool>().Should().NotBe(true);
        var environment = Synthesized.Props(synthesized.Named("AWS::Lambda::Function", "ApiFunction").Resource)["Environment"]!["Variables"]!.AsObject();
        environment.Where(v => v.Key.StartsWith("BStore__Cors__AllowedOrigins__", StringComparison.Ordinal)).Select(v => v.Value!.GetValue<string>())
            .Should().BeEquivalentTo(synthesized.Config.Api.CorsAllowedOrigins, "the function allows the origins API Gateway allows");
        environment["BStore__Limits__TrustForwardedFor"]!.GetValue<string>().Should().Be("true");
        int.Parse(environment["BStore__Limits__RequestTimeoutSeconds"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture)
            .Should().BeLessThan(synthesized.Config.Api.TimeoutSeconds, "the API answers before Lambda's timeout cuts it off");

        var stageResource = Synthesized.Props(synthesized.Single("AWS::ApiGatewayV2::Stage"));
        stageResource["DefaultRouteSettings"]!["ThrottlingRateLimit"]!.GetValue<int>().Should().Be(synthesized.Config.Api.ThrottleRatePerSecond);
        stageResource["DefaultRouteSettings"]!["ThrottlingBurstLimit"]!.GetValue<int>().Should().Be(synthesized.Config.Api.ThrottleBurst);
        stageResource["AccessLogSettings"]!["DestinationArn"].Should().NotBeNull();
        stageResource["AccessLogSettings"]!["Format"]!.GetValue<string>().Should().Contain("$context.requestId").And.Contain("$context.status");
    }

    [Theory]
    [MemberData(nameof(Stages))]
    public void No_policy_grants_a_wildcard_action_and_wildcard_resources_are_xray_only(string stage)
    {
        var synthesized = stages[stage];
        var statements = synthesized.Resources("AWS::IAM::Policy")
            .SelectMany(p => Synthesized.Props(p.Resource)["PolicyDocument"]!["Statement"]!.AsArray().Select(s => (p.LogicalId, Statement: s!)))
            .ToList();
        statements.Should().NotBeEmpty();

        foreach (var (policy, statement) in statements)
        {
            var actions = Strings(statement["Action"]!);
            actions.Should().NotContain(a => a == "*" || a.EndsWith(":*", StringComparison.Ordinal), $"{policy} must name its actions");
            if (Strings(statement["Resource"]!).Contains("*"))
            {
                actions.Should().OnlyContain(a => ActionsWithoutResourceLevelPermissions.Contains(a), $"{policy}: '*' only where AWS requires it");
            }
        }
    }

    [Theory]
    [MemberData(nameof(Stages))]
    public void The_api_role_may_touch_exactly_its_tables(string stage)
    {
        var bySid = Statements(stages[stage], "ApiRoleDefaultPolicy")
            .Where(s => s["Sid"] is not null).ToDictionary(s => s["Sid"]!.GetValue<string>(), s => Strings(s["Action"]!));

        bySid["ReadCategories"].Should().BeEquivalentTo("dynamodb:Scan", "dynamodb:GetItem");
        bySid["ReadProductsAndUpdateStock"].Should().BeEquivalentTo(
            "dynamodb:Scan", "dynamodb:GetItem", "dynamodb:BatchGetItem", "dynamodb:Query", "dynamodb:UpdateItem");
        bySid["ShopperActivity"].Should().BeEquivalentTo(
            "dynamodb:GetItem", "dynamodb:BatchGetItem", "dynamodb:Query", "dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:DeleteItem");
        var deletes = Statements(stages[stage], "ApiRoleDefaultPolicy").Where(s => Strings(s["Action"]!).Any(a => a.Contains("Delete", StringComparison.Ordinal))).ToList();
        deletes.Should().ContainSingle("only shopper activity (cart lines, wishlist entries) is ever deleted")
            .Which["Sid"]!.GetValue<string>().Should().Be("ShopperActivity");
    }

    [Theory]
    [MemberData(nameof(Stages))]
    public void The_internet_facing_api_role_cannot_write_the_catalog_or_its_images(string stage)
    {
        var synthesized = stages[stage];
        var catalogTables = new[] { "DataCategory", "DataProducts" }.Select(prefix => synthesized.Named("AWS::DynamoDB::Table", prefix).LogicalId).ToList();

        foreach (var statement in Statements(synthesized, "ApiRoleDefaultPolicy"))
        {
            var actions = Strings(statement["Action"]!);
            actions.Should().NotContain(["s3:PutObject", "s3:DeleteObject"], "the API function never writes images");
            if (catalogTables.Any(table => statement["Resource"]!.ToJsonString().Contains(table, StringComparison.Ordinal)))
            {
                actions.Should().NotContain(["dynamodb:PutItem", "dynamodb:BatchWriteItem", "dynamodb:DeleteItem"],
                    "products change through the API only by UpdateItem (stock, ratings, redemptions); the seeder creates them");
            }
        }
    }

    [Theory]
    [MemberData(nameof(Stages))]
    public void The_seeding_role_may_write_the_catalog_and_the_image_prefix_and_nothing_else(string stage)
    {
        var statements = Statements(stages[stage], "SeedingRoleDefaultPolicy");
        var bySid = statements.Where(s => s["Sid"] is not null).ToDictionary(s => s["Sid"]!.GetValue<string>(), s => Strings(s["Action"]!));

        bySid.Keys.Should().BeEquivalentTo("SeedCategories", "SeedProducts", "ListImages", "UploadImages");
        bySid["SeedCategories"].Should().BeEquivalentTo("dynamodb:Scan", "dynamodb:GetItem", "dynamodb:PutItem");
        bySid["SeedProducts"].Should().BeEquivalentTo("dynamodb:Scan", "dynamodb:PutItem", "dynamodb:UpdateItem");
        bySid["ListImages"].Should().BeEquivalentTo("s3:ListBucket");
        bySid["UploadImages"].Should().BeEquivalentTo("s3:PutObject");
        statements.SelectMany(s => Strings(s["Action"]!)).Should().NotContain(a => a.StartsWith("sns:", StringComparison.Ordinal)
            || a.StartsWith("states:", StringComparison.Ordinal) || a.StartsWith("secretsmanager:", StringComparison.Ordinal));
        statements.Select(s => s["Resource"]!.ToJsonString()).Should().NotContain(r => r.Contains("DataUserActivity", StringComparison.Ordinal));
    }

    private static List<JsonNode> Statements(Synthesized synthesized, string policyPrefix) =>
        [.. Synthesized.Props(synthesized.Named("AWS::IAM::Policy", policyPrefix).Resource)["PolicyDocument"]!["Statement"]!.AsArray().Select(s => s!)];

    [Theory]
    [MemberData(nameof(Stages))]
    public void Topics_are_encrypted_and_tls_only(string stage)
    {
        var synthesized = stages[stage];
        var topics = synthesized.Resources("AWS::SNS::Topic").ToList();
        topics.Should().HaveCount(2);
        topics.Should().OnlyContain(t => Synthesized.Props(t.Resource)["KmsMasterKeyId"] != null);

        var policies = synthesized.Resources("AWS::SNS::TopicPolicy").ToList();
        policies.Should().HaveCount(2);
        policies.Should().OnlyContain(p => Synthesized.Props(p.Resource)["PolicyDocument"]!["Statement"]!.AsArray()
            .Any(s => s!["Effect"]!.GetValue<string>() == "Deny" && s["Condition"]!["Bool"]!["aws:SecureTransport"]!.GetValue<string>() == "false"));
    }

    [Theory]
    [MemberData(nameof(Stages))]
    public void Workflows_log_everything_and_trace(string stage)
    {
        var synthesized = stages[stage];
        var machines = synthesized.Resources("AWS::StepFunctions::StateMachine").Select(m => Synthesized.Props(m.Resource)).ToList();

        machines.Select(m => m["StateMachineType"]!.GetValue<string>()).Should().BeEquivalentTo("EXPRESS", "STANDARD");
        machines.Should().OnlyContain(m => m["LoggingConfiguration"]!["Level"]!.GetValue<string>() == "ALL");
        machines.Should().OnlyContain(m => m["TracingConfiguration"]!["Enabled"]!.GetValue<bool>());
    }

    [Theory]
    [MemberData(nameof(Stages))]
    public void Every_alarm_notifies_the_operations_topic_at_the_configured_threshold(string stage)
    {
        var synthesized = stages[stage];
        var alerts = synthesized.Resources("AWS::SNS::Topic").Single(t => t.LogicalId.StartsWith("OperationsAlerts", StringComparison.Ordinal)).LogicalId;
        var alarms = synthesized.Resources("AWS::CloudWatch::Alarm").Select(a => Synthesized.Props(a.Resource)).ToList();

        alarms.Should().HaveCount(4 + Tables.All.Count + 2);
        alarms.Should().OnlyContain(a => a["AlarmActions"]!.AsArray().Single()!["Ref"]!.GetValue<string>() == alerts);
        var thresholds = alarms.ToDictionary(a => a["AlarmName"]!.GetValue<string>(), a => a["Threshold"]!.GetValue<double>());
        var prefix = synthesized.Config.NamePrefix;
        thresholds[$"{prefix}-Api5xxRate"].Should().Be(synthesized.Config.Alarms.Api5xxRatePercent);
        thresholds[$"{prefix}-ApiLatencyP99"].Should().Be(synthesized.Config.Alarms.ApiP99LatencyMs);
        thresholds[$"{prefix}-LambdaThrottles"].Should().Be(synthesized.Config.Alarms.ThrottlesPerFiveMinutes);
        synthesized.Resources("AWS::CloudWatch::Dashboard").Should().ContainSingle();
    }

    [Theory]
    [MemberData(nameof(Stages))]
    public void Logs_are_kept_for_the_configured_days(string stage)
    {
        var synthesized = stages[stage];

        synthesized.Resources("AWS::Logs::LogGroup").Should().NotBeEmpty()
            .And.OnlyContain(l => Synthesized.Props(l.Resource)["RetentionInDays"]!.GetValue<int>() == synthesized.Config.LogRetentionDays);
    }

    [Theory]
    [MemberData(nameof(Stages))]
    public void The_catalog_is_seeded_on_deploy_by_the_seeding_function_after_the_tables_and_bucket_exist(string stage)
    {
        var synthesized = stages[stage];
        var (_, seed) = synthesized.Resources(Seeding.ResourceType).Should().ContainSingle().Subject;

        var function = synthesized.Named("AWS::Lambda::Function", "SeedingFunction").LogicalId;
        Synthesized.Props(seed)["ServiceToken"]!["Fn::GetAtt"]![0]!.GetValue<string>().Should().Be(function);
        Synthesized.Props(seed)["SeedHash"]!.GetValue<string>().Should().MatchRegex("^[0-9a-f]{64}$");
        var dependsOn = seed["DependsOn"]!.AsArray().Select(d => d!.GetValue<string>()).ToList();
        foreach (var (table, _) in synthesized.Resources("AWS::DynamoDB::Table"))
        {
            dependsOn.Should().Contain(table);
        }
    }

    [Theory]
    [MemberData(nameof(Stages))]
    public void CloudFormation_waits_for_the_seeder_no_longer_than_its_timeout_and_a_minute(string stage)
    {
        var synthesized = stages[stage];
        var (_, seed) = synthesized.Resources(Seeding.ResourceType).Should().ContainSingle().Subject;
        var function = Synthesized.Props(synthesized.Named("AWS::Lambda::Function", "SeedingFunction").Resource);

        var timeout = function["Timeout"]!.GetValue<int>();
        var serviceTimeout = Synthesized.Props(seed)["ServiceTimeout"]!.GetValue<int>();
        serviceTimeout.Should().Be(timeout + 60, "an unanswered seed fails the deploy then, not after CloudFormation's default hour");
        serviceTimeout.Should().BeLessThanOrEqualTo(3600);
        timeout.Should().BeGreaterThan(Synthesized.Props(synthesized.Named("AWS::Lambda::Function", "ApiFunction").Resource)["Timeout"]!.GetValue<int>());
    }

    [Theory]
    [MemberData(nameof(Stages))]
    public void Each_function_is_told_its_job_and_the_seeder_is_not_retried(string stage)
    {
        var synthesized = stages[stage];
        string Job(string prefix) => Synthesized.Props(synthesized.Named("AWS::Lambda::Function", prefix).Resource)["Environment"]!["Variables"]!["BStore__Job"]!.GetValue<string>();

        Job("ApiFunction").Should().Be("Api");
        Job("SeedingFunction").Should().Be("Seeding");
        var retries = synthesized.Resources("AWS::Lambda::EventInvokeConfig").Select(c => Synthesized.Props(c.Resource))
            .Should().ContainSingle().Subject;
        retries["MaximumRetryAttempts"]!.GetValue<int>().Should().Be(0);
    }

    [Fact]
    public void Prod_keeps_its_data_when_the_stack_is_deleted()
    {
        var prod = stages["prod"];
        foreach (var type in new[] { "AWS::DynamoDB::Table", "AWS::S3::Bucket", "AWS::Cognito::UserPool" })
        {
            prod.Resources(type).Should().OnlyContain(r => r.Resource["DeletionPolicy"]!.GetValue<string>() == "Retain", type);
        }
    }

    /// <summary>The role of CDK's bucket-emptying provider (AutoDeleteObjects): a fixed logical id, one per stack.</summary>
    private const string AutoDeleteRole = "CustomS3AutoDeleteObjectsCustomResourceProviderRole";

    /// <summary>Actions that support no resource-level permissions (AWS service authorization reference): '*' is required.</summary>
    private static readonly HashSet<string> ActionsWithoutResourceLevelPermissions =
    [
        "xray:PutTraceSegments", "xray:PutTelemetryRecords", "xray:GetSamplingRules", "xray:GetSamplingTargets",
        "logs:CreateLogDelivery", "logs:GetLogDelivery", "logs:UpdateLogDelivery", "logs:DeleteLogDelivery", "logs:ListLogDeliveries",
        "logs:PutResourcePolicy", "logs:DescribeResourcePolicies", "logs:DescribeLogGroups",
        // EventBridge Pipes reading a DynamoDB stream need it (its documentation); it names no stream.
        "dynamodb:ListStreams",
    ];

    private static string[] Strings(JsonNode node) =>
        node is JsonArray array ? [.. array.Select(a => a is JsonValue v && v.TryGetValue<string>(out var s) ? s : a!.ToJsonString())]
        : node is JsonValue value && value.TryGetValue<string>(out var single) ? [single] : [node.ToJsonString()];

    private static IEnumerable<string> KeysOf(JsonNode schema) =>
        schema.AsArray().Select(k => $"{k!["AttributeName"]!.GetValue<string>()}:{k["KeyType"]!.GetValue<string>()}");

    private static IEnumerable<string> ExpectedKeys(KeyAttribute partition, KeyAttribute? sort) =>
        sort is null ? [$"{partition.Name}:HASH"] : [$"{partition.Name}:HASH", $"{sort.Name}:RANGE"];
}
