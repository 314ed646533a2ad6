using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Amazon.S3;
using System.Text.Json.Nodes;
using BStore.Api.Aws;
using BStore.Api.Hosting;
using BStore.Api.Workflows;

namespace BStore.Api.Seeding;

/// <summary>
/// Creates BStore's resources in the local emulator: the tables and the API's role from the synthesized template
/// (<see cref="TemplateTables"/>, <see cref="TemplateRole"/>), the workflows from the definitions the CDK app deploys
/// (<see cref="WorkflowDefinitions"/>). Only for the emulator: in AWS, CloudFormation owns these resources.
/// </summary>
public sealed class LocalResources(IAmazonDynamoDB dynamoDb, IAmazonS3 s3, SeedSettings options)
{
    /// <summary>Creates the template's tables (named by the local settings) and the image bucket, where missing.</summary>
    public async Task<int> EnsureAsync(JsonObject template, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(options.Aws.ServiceUrl))
        {
            throw new InvalidOperationException("Local resources are only created in the emulator (BStore:Aws:ServiceUrl is not set).");
        }
        var created = 0;
        var existing = (await dynamoDb.ListTablesAsync(new ListTablesRequest(), cancellationToken)).TableNames ?? [];
        foreach (var table in TemplateTables.ForFunction(template, TemplateRole.ApiFunctionPrefix, ResourceSettings(local: null)))
        {
            if (existing.Contains(table.Request.TableName))
            {
                continue;
            }
            await dynamoDb.CreateTableAsync(table.Request, cancellationToken);
            if (table.TimeToLiveAttribute is { } ttl)
            {
                await dynamoDb.UpdateTimeToLiveAsync(new UpdateTimeToLiveRequest
                {
                    TableName = table.Request.TableName,
                    TimeToLiveSpecification = new() { AttributeName = ttl, Enabled = true },
                }, cancellationToken);
            }
            created++;
        }
        var buckets = (await s3.ListBucketsAsync(cancellationToken)).Buckets ?? [];
        if (!buckets.Any(b => b.BucketName == options.Images.Bucket))
        {
            await s3.PutBucketAsync(options.Images.Bucket, cancellationToken);
            // Devices load images straight from the emulator, standing in for CloudFront in AWS.
            await s3.PutBucketPolicyAsync(options.Images.Bucket, PublicReadPolicy(options.Images.Bucket), cancellationToken);
            created++;
        }
        return created;
    }

    public const string LocalUserPoolName = "bstore-local-shoppers";
    public const string LocalClientName = "bstore-local-mobile";
    public const string LocalTopicName = "bstore-local-shopper-emails";
    public const string LocalActivityWorkflowName = "bstore-local-ActivityNotifications";
    public const string LocalActivityPipeName = "bstore-local-activity";
    public const string LocalOrderWorkflowName = "bstore-local-OrderLifecycle";
    public const string LocalOrderPipeName = "bstore-local-orders";

    /// <summary>
    /// The function the user pool's PostConfirmation trigger and the order workflow's steps name; the emulator launcher
    /// delivers their events to the local API (BSTORE_EMULATOR_FUNCTIONS in apphost/emulator/moto_launcher.py).
    /// </summary>
    public const string LocalApiFunctionName = "bstore-local-api";
    public const string LocalSeedingFunctionName = "bstore-local-seed";

    // The workflows' and pipes' roles are not made locally (ADR 0018) and the trigger's function ARN is not checked:
    // this account stands in where AWS wants an ARN.
    private const string PlaceholderAccount = "000000000000";

    /// <summary>What the local API needs to know about the emulator's identity and notification resources.</summary>
    public sealed record LocalServices(string UserPoolId, string ClientId, string ShopperEmailsTopicArn);

    /// <summary>
    /// The user pool and app client, the shopper-emails topic, the activity and order workflows and the pipes that start them, as
    /// the CDK app defines them (stacks/Constructs: Identity, Notifications, Workflows); found by name, created when
    /// missing. The app client also allows USER_PASSWORD_AUTH so that people and tests can sign in with curl.
    /// </summary>
    public async Task<LocalServices> EnsureServicesAsync(HttpClient http, CancellationToken cancellationToken)
    {
        var endpoint = new Uri(options.Aws.ServiceUrl!.TrimEnd('/') + "/");
        var region = Amazon.RegionEndpoint.GetBySystemName(options.Aws.Region);
        AwsServiceClient Client(AwsServiceClient.Service service) => new(http, service, endpoint, AwsClients.EmulatorCredentials, region);

        var (poolId, clientId) = await EnsureIdentityAsync(Client(AwsServiceClient.Cognito), cancellationToken);
        var topic = await Client(AwsServiceClient.Sns).CallQueryAsync("CreateTopic", [new("Name", LocalTopicName)], cancellationToken);
        var topicArn = AwsServiceClient.Child(topic, "TopicArn") ?? throw new InvalidOperationException("CreateTopic answered without a TopicArn.");
        var stepFunctions = Client(AwsServiceClient.StepFunctions);
        var pipes = Client(AwsServiceClient.Pipes);
        var streamArn = (await dynamoDb.DescribeTableAsync(options.Tables.UserActivity, cancellationToken)).Table.LatestStreamArn;
        var activityWorkflow = await EnsureWorkflowAsync(stepFunctions, LocalActivityWorkflowName, "EXPRESS",
            WorkflowDefinitions.ActivityNotifications(options.Tables.UserActivity, topicArn, options.Notifications.EmailWindowSeconds), cancellationToken);
        await EnsurePipeAsync(pipes, LocalActivityPipeName, streamArn, WorkflowDefinitions.ActivityEventFilter, activityWorkflow, cancellationToken);
        var orderWorkflow = await EnsureWorkflowAsync(stepFunctions, LocalOrderWorkflowName, "STANDARD",
            WorkflowDefinitions.OrderLifecycle(LocalApiFunctionName, new OrderWaits(options.Orders.PackSeconds, options.Orders.ShipSeconds, options.Orders.DeliverSeconds)),
            cancellationToken);
        await EnsurePipeAsync(pipes, LocalOrderPipeName, streamArn, WorkflowDefinitions.OrderPlacedFilter, orderWorkflow, cancellationToken);
        return new LocalServices(poolId, clientId, topicArn);
    }

    /// <summary>
    /// The API function's role, as the template defines it, with its references resolved to the local resources, made in the
    /// emulator as <paramref name="roleName"/>, and credentials for it: the local API calls the emulator with exactly the
    /// grants it has in AWS.
    /// </summary>
    /// <summary>The local role of the template's function whose logical id starts with <paramref name="functionPrefix"/>, and credentials for it.</summary>
    public async Task<LocalRole.Credentials> EnsureFunctionRoleAsync(
        HttpClient http, JsonObject template, LocalServices local, string functionPrefix, string roleName, CancellationToken cancellationToken)
    {
        var endpoint = new Uri(options.Aws.ServiceUrl!.TrimEnd('/') + "/");
        var region = Amazon.RegionEndpoint.GetBySystemName(options.Aws.Region);
        var sts = new AwsServiceClient(http, AwsServiceClient.Sts, endpoint, AwsClients.EmulatorCredentials, region);
        var iam = new AwsServiceClient(http, AwsServiceClient.Iam, endpoint, AwsClients.EmulatorCredentials, region);
        var account = await LocalRole.AccountIdAsync(sts, cancellationToken);
        var role = TemplateRole.ForFunction(
            template, functionPrefix, ResourceSettings(local), new TemplateRole.LocalAccount(account, options.Aws.Region));
        return await LocalRole.EnsureAsync(iam, sts, roleName, account, role, cancellationToken);
    }

    /// <summary>
    /// The API's settings that name resources, with their local values: the template's function environment references
    /// the same resources under the same names, which is how a template resource finds its local name.
    /// </summary>
    public Dictionary<string, string> ResourceSettings(LocalServices? local)
    {
        var settings = new Dictionary<string, string>
        {
            ["BStore__Tables__Category"] = options.Tables.Category,
            ["BStore__Tables__Products"] = options.Tables.Products,
            ["BStore__Tables__UserActivity"] = options.Tables.UserActivity,
            ["BStore__Images__Bucket"] = options.Images.Bucket,
        };
        if (local is not null)
        {
            settings["BStore__Notifications__ShopperEmailsTopicArn"] = local.ShopperEmailsTopicArn;
            settings["BStore__Cognito__UserPoolId"] = local.UserPoolId;
            settings["BStore__Cognito__ClientId"] = local.ClientId;
        }
        return settings;
    }

    private static async Task EnsurePipeAsync(
        AwsServiceClient pipes, string name, string streamArn, string filter, string workflowArn, CancellationToken cancellationToken) =>
        await pipes.CallRestAsync(HttpMethod.Post, $"v1/pipes/{name}", new JsonObject
        {
            ["DesiredState"] = "RUNNING",
            ["RoleArn"] = $"arn:aws:iam::{PlaceholderAccount}:role/{name}",
            ["Source"] = streamArn,
            ["SourceParameters"] = new JsonObject
            {
                ["DynamoDBStreamParameters"] = new JsonObject { ["StartingPosition"] = "LATEST", ["BatchSize"] = 1 },
                ["FilterCriteria"] = new JsonObject { ["Filters"] = new JsonArray(new JsonObject { ["Pattern"] = filter }) },
            },
            ["Target"] = workflowArn,
            ["TargetParameters"] = new JsonObject
            {
                ["StepFunctionStateMachineParameters"] = new JsonObject { ["InvocationType"] = "FIRE_AND_FORGET" },
            },
        }, cancellationToken);

    private static async Task<string> EnsureWorkflowAsync(
        AwsServiceClient stepFunctions, string name, string type, string definition, CancellationToken cancellationToken)
    {
        var machines = await stepFunctions.CallAsync("ListStateMachines", [], cancellationToken);
        var existing = machines["stateMachines"]?.AsArray()
            .FirstOrDefault(m => m?["name"]?.GetValue<string>() == name)?["stateMachineArn"]?.GetValue<string>();
        if (existing is not null)
        {
            await stepFunctions.CallAsync("UpdateStateMachine", new JsonObject { ["stateMachineArn"] = existing, ["definition"] = definition }, cancellationToken);
            return existing;
        }
        var created = await stepFunctions.CallAsync("CreateStateMachine", new JsonObject
        {
            ["name"] = name,
            ["type"] = type,
            ["definition"] = definition,
            ["roleArn"] = $"arn:aws:iam::{PlaceholderAccount}:role/{name}",
        }, cancellationToken);
        return created["stateMachineArn"]!.GetValue<string>();
    }

    private async Task<(string UserPoolId, string ClientId)> EnsureIdentityAsync(AwsServiceClient cognito, CancellationToken cancellationToken)
    {
        var pools = await cognito.CallAsync("ListUserPools", new() { ["MaxResults"] = 60 }, cancellationToken);
        var poolId = pools["UserPools"]?.AsArray().FirstOrDefault(p => p?["Name"]?.GetValue<string>() == LocalUserPoolName)?["Id"]?.GetValue<string>();
        if (poolId is null)
        {
            var created = await cognito.CallAsync("CreateUserPool", new()
            {
                ["PoolName"] = LocalUserPoolName,
                ["UsernameAttributes"] = new JsonArray("email"),
                ["AutoVerifiedAttributes"] = new JsonArray("email"),
                ["Policies"] = new JsonObject
                {
                    ["PasswordPolicy"] = new JsonObject
                    {
                        ["MinimumLength"] = 10, ["RequireUppercase"] = true, ["RequireLowercase"] = true, ["RequireNumbers"] = true, ["RequireSymbols"] = true,
                    },
                },
                ["LambdaConfig"] = new JsonObject
                {
                    ["PostConfirmation"] = $"arn:aws:lambda:{options.Aws.Region}:{PlaceholderAccount}:function:{LocalApiFunctionName}",
                },
            }, cancellationToken);
            poolId = created["UserPool"]!["Id"]!.GetValue<string>();
        }
        var clients = await cognito.CallAsync("ListUserPoolClients", new() { ["UserPoolId"] = poolId, ["MaxResults"] = 60 }, cancellationToken);
        var clientId = clients["UserPoolClients"]?.AsArray().FirstOrDefault(c => c?["ClientName"]?.GetValue<string>() == LocalClientName)?["ClientId"]?.GetValue<string>();
        if (clientId is null)
        {
            var created = await cognito.CallAsync("CreateUserPoolClient", new()
            {
                ["UserPoolId"] = poolId,
                ["ClientName"] = LocalClientName,
                ["GenerateSecret"] = false,
                ["ExplicitAuthFlows"] = new JsonArray("ALLOW_USER_SRP_AUTH", "ALLOW_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"),
                ["PreventUserExistenceErrors"] = "ENABLED",
            }, cancellationToken);
            clientId = created["UserPoolClient"]!["ClientId"]!.GetValue<string>();
        }
        return (poolId, clientId);
    }

    private static string PublicReadPolicy(string bucket) => $$"""
        {"Version":"2012-10-17","Statement":[{"Sid":"LocalDevicesReadImages","Effect":"Allow","Principal":"*",
         "Action":"s3:GetObject","Resource":"arn:aws:s3:::{{bucket}}/images/*"}]}
        """;
}
