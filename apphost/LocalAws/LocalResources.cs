using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Amazon.S3;
using System.Text.Json.Nodes;
using BStore.Api.Aws;
using BStore.Api.Hosting;
using BStore.Api.Seeding;
using BStore.Api.Workflows;

namespace BStore.LocalAws;

/// <summary>
/// Creates BStore's resources in the local emulator: the tables and the API's role from the synthesized template
/// (<see cref="TemplateTables"/>, <see cref="TemplateRole"/>), the workflows from the definitions the CDK app deploys
/// (<see cref="WorkflowDefinitions"/>). Only for the emulator: in AWS, CloudFormation owns these resources.
/// </summary>
public sealed class LocalResources : IDisposable
{
    private readonly IAmazonDynamoDB _dynamoDb;
    private readonly IAmazonS3 _s3;
    private readonly SeedSettings _options;
    private readonly SetUpClients _clients;

    public LocalResources(IAmazonDynamoDB dynamoDb, IAmazonS3 s3, SeedSettings options)
    {
        if (string.IsNullOrWhiteSpace(options.Aws.ServiceUrl))
        {
            throw new InvalidOperationException("Local resources are only created in the emulator (BStore:Aws:ServiceUrl is not set).");
        }
        (_dynamoDb, _s3, _options) = (dynamoDb, s3, options);
        _clients = new SetUpClients(new Uri(options.Aws.ServiceUrl.TrimEnd('/') + "/"), AwsClients.EmulatorCredentials,
            Amazon.RegionEndpoint.GetBySystemName(options.Aws.Region));
    }

    public void Dispose() => _clients.Dispose();

    /// <summary>Creates the template's tables (named by the local settings) and the image bucket, where missing.</summary>
    public async Task<int> EnsureAsync(JsonObject template, CancellationToken cancellationToken)
    {
        var created = 0;
        var existing = (await _dynamoDb.ListTablesAsync(new ListTablesRequest(), cancellationToken)).TableNames ?? [];
        foreach (var table in TemplateTables.ForFunction(template, TemplateRole.ApiFunctionPrefix, ResourceSettings(local: null)))
        {
            if (existing.Contains(table.Request.TableName))
            {
                continue;
            }
            await _dynamoDb.CreateTableAsync(table.Request, cancellationToken);
            if (table.TimeToLiveAttribute is { } ttl)
            {
                await _dynamoDb.UpdateTimeToLiveAsync(new UpdateTimeToLiveRequest
                {
                    TableName = table.Request.TableName,
                    TimeToLiveSpecification = new() { AttributeName = ttl, Enabled = true },
                }, cancellationToken);
            }
            created++;
        }
        var buckets = (await _s3.ListBucketsAsync(cancellationToken)).Buckets ?? [];
        if (!buckets.Any(b => b.BucketName == _options.Images.Bucket))
        {
            await _s3.PutBucketAsync(_options.Images.Bucket, cancellationToken);
            // Devices load images straight from the emulator, standing in for CloudFront in AWS.
            await _s3.PutBucketPolicyAsync(_options.Images.Bucket, PublicReadPolicy(_options.Images.Bucket), cancellationToken);
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
    public async Task<LocalServices> EnsureServicesAsync(CancellationToken cancellationToken)
    {
        var (poolId, clientId) = await EnsureIdentityAsync(_clients.Json(SetUpApis.Cognito), cancellationToken);
        var topicArn = await _clients.Query(SnsClient.Api).CallAsync("CreateTopic", [new("Name", LocalTopicName)], answer => answer.Text("TopicArn"), cancellationToken);
        var stepFunctions = _clients.Json(SetUpApis.StepFunctions);
        var pipes = _clients.Json(SetUpApis.Pipes);
        var streamArn = (await _dynamoDb.DescribeTableAsync(_options.Tables.UserActivity, cancellationToken)).Table.LatestStreamArn;
        var activityWorkflow = await EnsureWorkflowAsync(stepFunctions, LocalActivityWorkflowName, "EXPRESS",
            WorkflowDefinitions.ActivityNotifications(_options.Tables.UserActivity, topicArn, _options.Notifications.EmailWindowSeconds), cancellationToken);
        await EnsurePipeAsync(pipes, LocalActivityPipeName, streamArn, WorkflowDefinitions.ActivityEventFilter, activityWorkflow, cancellationToken);
        var orderWorkflow = await EnsureWorkflowAsync(stepFunctions, LocalOrderWorkflowName, "STANDARD",
            WorkflowDefinitions.OrderLifecycle(LocalApiFunctionName, new OrderWaits(_options.Orders.PackSeconds, _options.Orders.ShipSeconds, _options.Orders.DeliverSeconds)),
            cancellationToken);
        await EnsurePipeAsync(pipes, LocalOrderPipeName, streamArn, WorkflowDefinitions.OrderPlacedFilter, orderWorkflow, cancellationToken);
        return new LocalServices(poolId, clientId, topicArn);
    }

    /// <summary>
    /// The role of the template's function whose logical id starts with <paramref name="functionPrefix"/>, its references resolved
    /// to the local resources, made in the emulator as <paramref name="roleName"/>, and credentials for it: the local process
    /// calls the emulator with exactly the grants the function has in AWS.
    /// </summary>
    public async Task<LocalRole.Credentials> EnsureFunctionRoleAsync(
        JsonObject template, LocalServices local, string functionPrefix, string roleName, CancellationToken cancellationToken)
    {
        var sts = _clients.Query(SetUpApis.Sts);
        var account = await LocalRole.AccountIdAsync(sts, cancellationToken);
        var role = TemplateRole.ForFunction(
            template, functionPrefix, ResourceSettings(local), new TemplateRole.LocalAccount(account, _options.Aws.Region));
        return await LocalRole.EnsureAsync(_clients.Query(SetUpApis.Iam), sts, roleName, account, role, cancellationToken);
    }

    /// <summary>
    /// The API's settings that name resources, with their local values: the template's function environment references
    /// the same resources under the same names, which is how a template resource finds its local name.
    /// </summary>
    public Dictionary<string, string> ResourceSettings(LocalServices? local)
    {
        var settings = new Dictionary<string, string>
        {
            ["BStore__Tables__Category"] = _options.Tables.Category,
            ["BStore__Tables__Products"] = _options.Tables.Products,
            ["BStore__Tables__UserActivity"] = _options.Tables.UserActivity,
            ["BStore__Images__Bucket"] = _options.Images.Bucket,
        };
        if (local is not null)
        {
            settings["BStore__Notifications__ShopperEmailsTopicArn"] = local.ShopperEmailsTopicArn;
            settings["BStore__Cognito__UserPoolId"] = local.UserPoolId;
            settings["BStore__Cognito__ClientId"] = local.ClientId;
        }
        return settings;
    }

    private static Task EnsurePipeAsync(
        AwsJsonClient pipes, string name, string streamArn, string filter, string workflowArn, CancellationToken cancellationToken) =>
        pipes.CallRestAsync(HttpMethod.Post, $"v1/pipes/{name}", new CreatePipeRequest(
            DesiredState: "RUNNING",
            RoleArn: $"arn:aws:iam::{PlaceholderAccount}:role/{name}",
            Source: streamArn,
            SourceParameters: new(new PipeStreamParameters("LATEST", BatchSize: 1), new PipeFilterCriteria([new PipeFilter(filter)])),
            Target: workflowArn,
            TargetParameters: new(new PipeStateMachineParameters("FIRE_AND_FORGET"))),
            PipesJson.Default.CreatePipeRequest, PipesJson.Default.NoAnswer, cancellationToken);

    private static async Task<string> EnsureWorkflowAsync(
        AwsJsonClient stepFunctions, string name, string type, string definition, CancellationToken cancellationToken)
    {
        var machines = await stepFunctions.CallAsync("ListStateMachines", new ListStateMachinesRequest(),
            StepFunctionsJson.Default.ListStateMachinesRequest, StepFunctionsJson.Default.ListStateMachinesAnswer, cancellationToken);
        if (machines.StateMachines?.FirstOrDefault(m => m.Name == name)?.StateMachineArn is { } existing)
        {
            await stepFunctions.CallAsync("UpdateStateMachine", new UpdateStateMachineRequest(existing, definition),
                StepFunctionsJson.Default.UpdateStateMachineRequest, StepFunctionsJson.Default.NoAnswer, cancellationToken);
            return existing;
        }
        var created = await stepFunctions.CallAsync("CreateStateMachine",
            new CreateStateMachineRequest(name, definition, RoleArn: $"arn:aws:iam::{PlaceholderAccount}:role/{name}", type),
            StepFunctionsJson.Default.CreateStateMachineRequest, StepFunctionsJson.Default.CreateStateMachineAnswer, cancellationToken);
        return created.StateMachineArn;
    }

    private async Task<(string UserPoolId, string ClientId)> EnsureIdentityAsync(AwsJsonClient cognito, CancellationToken cancellationToken)
    {
        var pools = await cognito.CallAsync("ListUserPools", new ListUserPoolsRequest(MaxResults: 60),
            CognitoJson.Default.ListUserPoolsRequest, CognitoJson.Default.ListUserPoolsAnswer, cancellationToken);
        var poolId = pools.UserPools?.FirstOrDefault(p => p.Name == LocalUserPoolName)?.Id;
        if (poolId is null)
        {
            var created = await cognito.CallAsync("CreateUserPool", new CreateUserPoolRequest(
                LocalUserPoolName,
                UsernameAttributes: ["email"],
                AutoVerifiedAttributes: ["email"],
                Policies: new(new PasswordPolicy(MinimumLength: 10, RequireUppercase: true, RequireLowercase: true, RequireNumbers: true, RequireSymbols: true)),
                LambdaConfig: new($"arn:aws:lambda:{_options.Aws.Region}:{PlaceholderAccount}:function:{LocalApiFunctionName}")),
                CognitoJson.Default.CreateUserPoolRequest, CognitoJson.Default.CreateUserPoolAnswer, cancellationToken);
            poolId = created.UserPool.Id;
        }
        var clients = await cognito.CallAsync("ListUserPoolClients", new ListUserPoolClientsRequest(poolId, MaxResults: 60),
            CognitoJson.Default.ListUserPoolClientsRequest, CognitoJson.Default.ListUserPoolClientsAnswer, cancellationToken);
        var clientId = clients.UserPoolClients?.FirstOrDefault(c => c.ClientName == LocalClientName)?.ClientId;
        if (clientId is null)
        {
            var created = await cognito.CallAsync("CreateUserPoolClient", new CreateUserPoolClientRequest(
                poolId, LocalClientName, GenerateSecret: false,
                ExplicitAuthFlows: ["ALLOW_USER_SRP_AUTH", "ALLOW_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"],
                PreventUserExistenceErrors: "ENABLED"),
                CognitoJson.Default.CreateUserPoolClientRequest, CognitoJson.Default.CreateUserPoolClientAnswer, cancellationToken);
            clientId = created.UserPoolClient.ClientId;
        }
        return (poolId, clientId);
    }

    private static string PublicReadPolicy(string bucket) => $$"""
        {"Version":"2012-10-17","Statement":[{"Sid":"LocalDevicesReadImages","Effect":"Allow","Principal":"*",
         "Action":"s3:GetObject","Resource":"arn:aws:s3:::{{bucket}}/images/*"}]}
        """;
}
