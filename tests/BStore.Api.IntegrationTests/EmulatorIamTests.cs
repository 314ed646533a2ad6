using System.Net;
using System.Text.Json.Nodes;
using Amazon;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;
using BStore.Api.Aws;
using BStore.Api.Hosting;
using BStore.Api.IntegrationTests.Infrastructure;
using BStore.LocalAws;

namespace BStore.Api.IntegrationTests;

/// <summary>
/// The emulator authorizes each request signed with credentials it issued on the resources AWS authorizes it on
/// (moto_launcher.py item 9), service by service: a role granted one resource may use it and is refused its neighbour.
/// An emulator of its own: the roles and resources here are nobody else's (each test names its own).
/// </summary>
public sealed class EmulatorIamTests(EmulatorIamTests.Emulator emulator) : IClassFixture<EmulatorIamTests.Emulator>
{
    private static readonly AwsJsonApi SecretsManager = new(new AwsService("secretsmanager", "secretsmanager"), "secretsmanager.", "application/x-amz-json-1.1");

    private readonly Uri _url = emulator.Url;

    public sealed class Emulator : IAsyncLifetime
    {
        private ChildProcess _process = null!;

        /// <summary>Clients with the set-up credentials, and those of the roles the tests make.</summary>
        public List<SetUpClients> Clients { get; } = [];
        public Uri Url { get; private set; } = null!;
        public string Account { get; private set; } = null!;

        public async Task InitializeAsync()
        {
            var port = FreePorts.Next();
            Url = new Uri($"http://127.0.0.1:{port}/");
            _process = ChildProcess.Start("python3",
                [Path.Combine(Repository.Root, "apphost", "emulator", "moto_launcher.py"), "-H", "127.0.0.1", "-p", $"{port}"], new Dictionary<string, string?>());
            await _process.WaitUntilReadyAsync(new Uri(Url, "/moto-api/data.json"), TimeSpan.FromSeconds(30));
            var setUp = new SetUpClients(Url, AwsClients.EmulatorCredentials, RegionEndpoint.USEast1);
            Clients.Add(setUp);
            Account = await LocalRole.AccountIdAsync(setUp.Query(SetUpApis.Sts), CancellationToken.None);
        }

        public async Task DisposeAsync()
        {
            Clients.ForEach(clients => clients.Dispose());
            await _process.DisposeAsync();
        }
    }

    [Fact]
    public async Task DynamoDB_is_authorized_on_the_table_the_index_and_each_table_of_a_batch_or_transaction_with_its_own_action()
    {
        using var setUp = DynamoDb(AwsClients.EmulatorCredentials);
        foreach (var table in new[] { "Granted", "Other" })
        {
            await setUp.CreateTableAsync(new CreateTableRequest
            {
                TableName = table,
                BillingMode = BillingMode.PAY_PER_REQUEST,
                AttributeDefinitions = [new("pk", ScalarAttributeType.S), new("colour", ScalarAttributeType.S)],
                KeySchema = [new("pk", KeyType.HASH)],
                GlobalSecondaryIndexes = [new() { IndexName = "ByColour", KeySchema = [new("colour", KeyType.HASH)], Projection = new() { ProjectionType = ProjectionType.ALL } }],
            });
        }
        var granted = $"arn:aws:dynamodb:us-east-1:{emulator.Account}:table/Granted";
        using var role = DynamoDb(await RoleAsync("dynamodb-reader",
            Allow(["dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:BatchGetItem"], granted),
            Allow(["dynamodb:Query"], $"{granted}/index/ByColour")));
        Dictionary<string, AttributeValue> Key(string pk) => new() { ["pk"] = new() { S = pk } };

        await role.GetItemAsync("Granted", Key("a"));
        await Denied(() => role.GetItemAsync("Other", Key("a")), "dynamodb:GetItem", "table/Other");
        await role.QueryAsync(new QueryRequest
        {
            TableName = "Granted", IndexName = "ByColour", KeyConditionExpression = "colour = :c", ExpressionAttributeValues = new() { [":c"] = new() { S = "red" } },
        });
        await Denied(() => role.QueryAsync(new QueryRequest
        {
            TableName = "Granted", KeyConditionExpression = "pk = :p", ExpressionAttributeValues = new() { [":p"] = new() { S = "a" } },
        }), "dynamodb:Query", "table/Granted");
        await role.BatchGetItemAsync(new BatchGetItemRequest { RequestItems = new() { ["Granted"] = new() { Keys = [Key("a")] } } });
        await Denied(() => role.BatchGetItemAsync(new BatchGetItemRequest
        {
            RequestItems = new() { ["Granted"] = new() { Keys = [Key("a")] }, ["Other"] = new() { Keys = [Key("a")] } },
        }), "dynamodb:BatchGetItem", "table/Other");
        await Denied(() => role.BatchWriteItemAsync(new BatchWriteItemRequest
        {
            RequestItems = new() { ["Granted"] = [new() { PutRequest = new() { Item = Key("b") } }] },
        }), "dynamodb:BatchWriteItem", "table/Granted");

        await role.TransactWriteItemsAsync(new TransactWriteItemsRequest { TransactItems = [new() { Put = new() { TableName = "Granted", Item = Key("c") } }] });
        await Denied(() => role.TransactWriteItemsAsync(new TransactWriteItemsRequest
        {
            TransactItems =
            [
                new() { Put = new() { TableName = "Granted", Item = Key("d") } },
                new() { Update = new() { TableName = "Granted", Key = Key("c"), UpdateExpression = "SET colour = :c", ExpressionAttributeValues = new() { [":c"] = new() { S = "red" } } } },
            ],
        }), "dynamodb:UpdateItem", "table/Granted");
        await Denied(() => role.TransactWriteItemsAsync(new TransactWriteItemsRequest
        {
            TransactItems = [new() { ConditionCheck = new() { TableName = "Granted", Key = Key("c"), ConditionExpression = "attribute_exists(pk)" } }],
        }), "dynamodb:ConditionCheckItem", "table/Granted");
        await role.TransactGetItemsAsync(new TransactGetItemsRequest { TransactItems = [new() { Get = new() { TableName = "Granted", Key = Key("c") } }] });
        await Denied(() => role.TransactGetItemsAsync(new TransactGetItemsRequest
        {
            TransactItems = [new() { Get = new() { TableName = "Granted", Key = Key("c") } }, new() { Get = new() { TableName = "Other", Key = Key("c") } }],
        }), "dynamodb:GetItem", "table/Other");
        (await setUp.GetItemAsync("Granted", Key("d"))).IsItemSet.Should().BeFalse("the refused transaction wrote nothing");
    }

    [Fact]
    public async Task S3_is_authorized_on_the_bucket_and_the_object_key_and_the_listing_s_prefix()
    {
        using var setUp = S3(AwsClients.EmulatorCredentials);
        await setUp.PutBucketAsync("pictures");
        await setUp.PutObjectAsync(new PutObjectRequest { BucketName = "pictures", Key = "images/a.txt", ContentBody = "a" });
        await setUp.PutObjectAsync(new PutObjectRequest { BucketName = "pictures", Key = "private/b.txt", ContentBody = "b" });
        var listImages = Allow(["s3:ListBucket"], "arn:aws:s3:::pictures");
        listImages["Condition"] = new JsonObject { ["StringLike"] = new JsonObject { ["s3:prefix"] = "images/*" } };
        using var role = S3(await RoleAsync("s3-images-reader", Allow(["s3:GetObject"], "arn:aws:s3:::pictures/images/*"), listImages));

        using (var image = await role.GetObjectAsync("pictures", "images/a.txt"))
        {
            image.HttpStatusCode.Should().Be(HttpStatusCode.OK);
        }
        (await FluentActions.Awaiting(() => role.GetObjectAsync("pictures", "private/b.txt")).Should().ThrowAsync<AmazonS3Exception>())
            .Which.ErrorCode.Should().Be("AccessDenied");
        // The listing is granted only under images/ (a condition on s3:prefix): without a prefix, or with another, it is refused.
        (await role.ListObjectsV2Async(new ListObjectsV2Request { BucketName = "pictures", Prefix = "images/" })).S3Objects
            .Select(o => o.Key).Should().Equal("images/a.txt");
        foreach (var prefix in new string?[] { null, "private/" })
        {
            (await FluentActions.Awaiting(() => role.ListObjectsV2Async(new ListObjectsV2Request { BucketName = "pictures", Prefix = prefix }))
                .Should().ThrowAsync<AmazonS3Exception>()).Which.ErrorCode.Should().Be("AccessDenied", prefix ?? "(no prefix)");
        }
    }

    [Fact]
    public async Task SNS_is_authorized_on_the_topic_and_the_subscription()
    {
        var setUp = SetUp().Query(SnsClient.Api);
        var topics = new List<string>();
        foreach (var name in new[] { "granted-topic", "other-topic" })
        {
            topics.Add(await setUp.CallAsync("CreateTopic", [new("Name", name)], answer => answer.Text("TopicArn"), CancellationToken.None));
        }
        var clients = Clients(await RoleAsync("sns-publisher", Allow(["sns:Publish", "sns:Subscribe"], topics[0]), Allow(["sns:Unsubscribe"], $"{topics[0]}:*")));
        var role = clients.Query(SnsClient.Api);
        var sns = new SnsClient(clients.Http(SnsClient.Api.Service), _url);

        await role.CallAsync("Publish", [new("TopicArn", topics[0]), new("Message", "hello")], CancellationToken.None);
        await SnsDenied(() => role.CallAsync("Publish", [new("TopicArn", topics[1]), new("Message", "hello")], CancellationToken.None));
        var subscription = await sns.SubscribeAsync(topics[0], "email", "shopper@example.com", [], CancellationToken.None);
        await sns.UnsubscribeAsync(subscription, CancellationToken.None);
        var other = await new SnsClient(SetUp().Http(SnsClient.Api.Service), _url)
            .SubscribeAsync(topics[1], "email", "shopper@example.com", [], CancellationToken.None);
        await SnsDenied(() => sns.UnsubscribeAsync(other, CancellationToken.None));
    }

    [Fact]
    public async Task Step_Functions_is_authorized_on_the_state_machine()
    {
        var setUp = SetUp().Json(SetUpApis.StepFunctions);
        var machines = new List<string>();
        foreach (var name in new[] { "granted-machine", "other-machine" })
        {
            var created = await setUp.CallAsync("CreateStateMachine", new CreateStateMachineRequest(
                name, """{"StartAt":"Done","States":{"Done":{"Type":"Pass","End":true}}}""", RoleArn: $"arn:aws:iam::{emulator.Account}:role/{name}"),
                StepFunctionsJson.Default.CreateStateMachineRequest, StepFunctionsJson.Default.CreateStateMachineAnswer, CancellationToken.None);
            machines.Add(created.StateMachineArn);
        }
        var role = Clients(await RoleAsync("workflow-starter", Allow(["states:StartExecution"], machines[0]))).Json(SetUpApis.StepFunctions);

        await role.CallAsync("StartExecution", new JsonObject { ["stateMachineArn"] = machines[0], ["name"] = "first" });
        await JsonDenied(() => role.CallAsync("StartExecution", new JsonObject { ["stateMachineArn"] = machines[1], ["name"] = "first" }),
            "states:StartExecution", machines[1]);
        await JsonDenied(() => role.CallAsync("DescribeStateMachine", new JsonObject { ["stateMachineArn"] = machines[0] }),
            "states:DescribeStateMachine", machines[0]);
    }

    [Fact]
    public async Task Secrets_Manager_is_authorized_on_the_secret_s_full_ARN_even_when_named_by_its_name()
    {
        var setUp = SetUp().Json(SecretsManager);
        foreach (var name in new[] { "granted-secret", "other-secret" })
        {
            await setUp.CallAsync("CreateSecret", new JsonObject { ["Name"] = name, ["SecretString"] = "s3cr3t" });
        }
        // A grant names a secret by its ARN, which ends in a random suffix: secret:<name>-*
        var role = Clients(await RoleAsync("secret-reader",
            Allow(["secretsmanager:GetSecretValue"], $"arn:aws:secretsmanager:us-east-1:{emulator.Account}:secret:granted-secret-*"))).Json(SecretsManager);

        (await role.CallAsync("GetSecretValue", new JsonObject { ["SecretId"] = "granted-secret" }))["SecretString"]!
            .GetValue<string>().Should().Be("s3cr3t");
        await JsonDenied(() => role.CallAsync("GetSecretValue", new JsonObject { ["SecretId"] = "other-secret" }),
            "secretsmanager:GetSecretValue", $"arn:aws:secretsmanager:us-east-1:{emulator.Account}:secret:other-secret-");
    }

    [Fact]
    public async Task Cognito_is_authorized_on_the_user_pool()
    {
        var setUp = SetUp().Json(SetUpApis.Cognito);
        var pools = new List<string>();
        foreach (var name in new[] { "granted-pool", "other-pool" })
        {
            pools.Add((await setUp.CallAsync("CreateUserPool", new CreateUserPoolRequest(name),
                CognitoJson.Default.CreateUserPoolRequest, CognitoJson.Default.CreateUserPoolAnswer, CancellationToken.None)).UserPool.Id);
        }
        var role = Clients(await RoleAsync("pool-reader",
            Allow(["cognito-idp:DescribeUserPool"], $"arn:aws:cognito-idp:us-east-1:{emulator.Account}:userpool/{pools[0]}"))).Json(SetUpApis.Cognito);

        await role.CallAsync("DescribeUserPool", new JsonObject { ["UserPoolId"] = pools[0] });
        await JsonDenied(() => role.CallAsync("DescribeUserPool", new JsonObject { ["UserPoolId"] = pools[1] }),
            "cognito-idp:DescribeUserPool", $"userpool/{pools[1]}");
    }

    private static JsonObject Allow(string[] actions, string resource) =>
        new() { ["Effect"] = "Allow", ["Action"] = new JsonArray([.. actions.Select(a => JsonValue.Create(a))]), ["Resource"] = resource };

    /// <summary>A role in the emulator with these statements, and credentials for it (sts:AssumeRole, as the set-up step makes the API's).</summary>
    private async Task<SessionAWSCredentials> RoleAsync(string name, params JsonObject[] statements)
    {
        var iam = SetUp().Query(SetUpApis.Iam);
        var trust = """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"lambda.amazonaws.com"},"Action":"sts:AssumeRole"}]}""";
        await LocalRole.CreateAsync(iam, name, trust, CancellationToken.None);
        var policy = new JsonObject { ["Version"] = "2012-10-17", ["Statement"] = new JsonArray([.. statements]) };
        await LocalRole.PutPolicyAsync(iam, name, "test", policy.ToJsonString(), CancellationToken.None);
        var assumed = await LocalRole.AssumeAsync(SetUp().Query(SetUpApis.Sts), $"arn:aws:iam::{emulator.Account}:role/{name}", name, duration: null, CancellationToken.None);
        return new SessionAWSCredentials(assumed.AccessKeyId, assumed.SecretAccessKey, assumed.SessionToken);
    }

    private SetUpClients SetUp() => emulator.Clients[0];

    private SetUpClients Clients(AWSCredentials credentials)
    {
        var clients = new SetUpClients(_url, credentials, RegionEndpoint.USEast1);
        emulator.Clients.Add(clients);
        return clients;
    }

    private AmazonDynamoDBClient DynamoDb(AWSCredentials credentials) =>
        new(credentials, new AmazonDynamoDBConfig { ServiceURL = _url.ToString(), AuthenticationRegion = "us-east-1", MaxErrorRetry = 0 });

    private AmazonS3Client S3(AWSCredentials credentials) =>
        new(credentials, new AmazonS3Config { ServiceURL = _url.ToString(), AuthenticationRegion = "us-east-1", ForcePathStyle = true, MaxErrorRetry = 0 });

    private static async Task Denied(Func<Task> call, string action, string resource)
    {
        var refused = await call.Should().ThrowAsync<AmazonDynamoDBException>();
        refused.Which.ErrorCode.Should().Be("AccessDeniedException");
        refused.Which.Message.Should().Contain($"not authorized to perform: {action} on resource: arn:aws:dynamodb:us-east-1:").And.Contain($"{resource} because");
    }

    private static async Task JsonDenied(Func<Task> call, string action, string resource)
    {
        var refused = await call.Should().ThrowAsync<AmazonServiceException>();
        refused.Which.ErrorCode.Should().Be("AccessDeniedException");
        refused.Which.Message.Should().Contain($"not authorized to perform: {action} on resource: ").And.Contain(resource);
    }

    private static async Task SnsDenied(Func<Task> call)
    {
        var refused = await call.Should().ThrowAsync<AmazonServiceException>();
        refused.Which.ErrorCode.Should().Be("AuthorizationError");
        refused.Which.StatusCode.Should().Be(HttpStatusCode.Forbidden);
    }
}
