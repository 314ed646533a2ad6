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

namespace BStore.Api.IntegrationTests;

/// <summary>
/// The emulator authorizes each request signed with credentials it issued on the resources AWS authorizes it on
/// (moto_launcher.py item 9), service by service: a role granted one resource may use it and is refused its neighbour.
/// An emulator of its own: the roles and resources here are nobody else's (each test names its own).
/// </summary>
public sealed class EmulatorIamTests(EmulatorIamTests.Emulator emulator) : IClassFixture<EmulatorIamTests.Emulator>
{
    private static readonly AwsServiceClient.Service SecretsManager = new("secretsmanager", "secretsmanager", "secretsmanager.", "application/x-amz-json-1.1");

    private readonly HttpClient _http = emulator.Http;
    private readonly Uri _url = emulator.Url;
    
    public sealed class Emulator : IAsyncLifetime
    {
        private ChildProcess _process = null!;

        public HttpClient Http { get; } = new();
        public Uri Url { get; private set; } = null!;
        public string Account { get; private set; } = null!;

        public async Task InitializeAsync()
        {
            var port = FreePorts.Next();
            Url = new Uri($"http://127.0.0.1:{port}/");
            _process = ChildProcess.Start("python3",
                [Path.Combine(Repository.Root, "apphost", "emulator", "moto_launcher.py"), "-H", "127.0.0.1", "-p", $"{port}"], new Dictionary<string, string?>());
            await _process.WaitUntilReadyAsync(new Uri(Url, "/moto-api/data.json"), TimeSpan.FromSeconds(30));
            Account = await Seeding.LocalRole.AccountIdAsync(
                new AwsServiceClient(Http, AwsServiceClient.Sts, Url, AwsClients.EmulatorCredentials, RegionEndpoint.USEast1), CancellationToken.None);
        }

        public async Task DisposeAsync()
        {
            Http.Dispose();
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
        var setUp = SetUp(AwsServiceClient.Sns);
        var topics = new List<string>();
        foreach (var name in new[] { "granted-topic", "other-topic" })
        {
            topics.Add(AwsServiceClient.Child(await setUp.CallQueryAsync("CreateTopic", [new("Name", name)], CancellationToken.None), "TopicArn")!);
        }
        var role = Client(AwsServiceClient.Sns,
            await RoleAsync("sns-publisher", Allow(["sns:Publish", "sns:Subscribe"], topics[0]), Allow(["sns:Unsubscribe"], $"{topics[0]}:*")));

        await role.CallQueryAsync("Publish", [new("TopicArn", topics[0]), new("Message", "hello")], CancellationToken.None);
        await SnsDenied(() => role.CallQueryAsync("Publish", [new("TopicArn", topics[1]), new("Message", "hello")], CancellationToken.None));
        var subscription = AwsServiceClient.Child(await role.CallQueryAsync("Subscribe",
            [new("TopicArn", topics[0]), new("Protocol", "email"), new("Endpoint", "shopper@example.com")], CancellationToken.None), "SubscriptionArn")!;
        await role.CallQueryAsync("Unsubscribe", [new("SubscriptionArn", subscription)], CancellationToken.None);
        var other = AwsServiceClient.Child(await setUp.CallQueryAsync("Subscribe",
            [new("TopicArn", topics[1]), new("Protocol", "email"), new("Endpoint", "shopper@example.com")], CancellationToken.None), "SubscriptionArn")!;
        await SnsDenied(() => role.CallQueryAsync("Unsubscribe", [new("SubscriptionArn", other)], CancellationToken.None));
    }

    [Fact]
    public async Task Step_Functions_is_authorized_on_the_state_machine()
    {
        var setUp = SetUp(AwsServiceClient.StepFunctions);
        var machines = new List<string>();
        foreach (var name in new[] { "granted-machine", "other-machine" })
        {
            var created = await setUp.CallAsync("CreateStateMachine", new JsonObject
            {
                ["name"] = name,
                ["definition"] = """{"StartAt":"Done","States":{"Done":{"Type":"Pass","End":true}}}""",
                ["roleArn"] = $"arn:aws:iam::{emulator.Account}:role/{name}",
            }, CancellationToken.None);
            machines.Add(created["stateMachineArn"]!.GetValue<string>());
        }
        var role = Client(AwsServiceClient.StepFunctions, await RoleAsync("workflow-starter", Allow(["states:StartExecution"], machines[0])));

        await role.CallAsync("StartExecution", new JsonObject { ["stateMachineArn"] = machines[0], ["name"] = "first" }, CancellationToken.None);
        await JsonDenied(() => role.CallAsync("StartExecution", new JsonObject { ["stateMachineArn"] = machines[1], ["name"] = "first" }, CancellationToken.None),
            "states:StartExecution", machines[1]);
        await JsonDenied(() => role.CallAsync("DescribeStateMachine", new JsonObject { ["stateMachineArn"] = machines[0] }, CancellationToken.None),
            "states:DescribeStateMachine", machines[0]);
    }

    [Fact]
    public async Task Secrets_Manager_is_authorized_on_the_secret_s_full_ARN_even_when_named_by_its_name()
    {
        var setUp = SetUp(SecretsManager);
        foreach (var name in new[] { "granted-secret", "other-secret" })
        {
            await setUp.CallAsync("CreateSecret", new JsonObject { ["Name"] = name, ["SecretString"] = "s3cr3t" }, CancellationToken.None);
        }
        // A grant names a secret by its ARN, which ends in a random suffix: secret:<name>-*
        var role = Client(SecretsManager, await RoleAsync("secret-reader",
            Allow(["secretsmanager:GetSecretValue"], $"arn:aws:secretsmanager:us-east-1:{emulator.Account}:secret:granted-secret-*")));

        (await role.CallAsync("GetSecretValue", new JsonObject { ["SecretId"] = "granted-secret" }, CancellationToken.None))["SecretString"]!
            .GetValue<string>().Should().Be("s3cr3t");
        await JsonDenied(() => role.CallAsync("GetSecretValue", new JsonObject { ["SecretId"] = "other-secret" }, CancellationToken.None),
            "secretsmanager:GetSecretValue", $"arn:aws:secretsmanager:us-east-1:{emulator.Account}:secret:other-secret-");
    }

    [Fact]
    public async Task Cognito_is_authorized_on_the_user_pool()
    {
        var setUp = SetUp(AwsServiceClient.Cognito);
        var pools = new List<string>();
        foreach (var name in new[] { "granted-pool", "other-pool" })
        {
            pools.Add((await setUp.CallAsync("CreateUserPool", new JsonObject { ["PoolName"] = name }, CancellationToken.None))["UserPool"]!["Id"]!.GetValue<string>());
        }
        var role = Client(AwsServiceClient.Cognito, await RoleAsync("pool-reader",
            Allow(["cognito-idp:DescribeUserPool"], $"arn:aws:cognito-idp:us-east-1:{emulator.Account}:userpool/{pools[0]}")));

        await role.CallAsync("DescribeUserPool", new JsonObject { ["UserPoolId"] = pools[0] }, CancellationToken.None);
        await JsonDenied(() => role.CallAsync("DescribeUserPool", new JsonObject { ["UserPoolId"] = pools[1] }, CancellationToken.None),
            "cognito-idp:DescribeUserPool", $"userpool/{pools[1]}");
    }

    private static JsonObject Allow(string[] actions, string resource) =>
        new() { ["Effect"] = "Allow", ["Action"] = new JsonArray([.. actions.Select(a => JsonValue.Create(a))]), ["Resource"] = resource };

    /// <summary>A role in the emulator with these statements, and credentials for it (sts:AssumeRole, as the seed step makes the API's).</summary>
    private async Task<SessionAWSCredentials> RoleAsync(string name, params JsonObject[] statements)
    {
        var iam = SetUp(AwsServiceClient.Iam);
        var trust = """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"lambda.amazonaws.com"},"Action":"sts:AssumeRole"}]}""";
        await iam.CallQueryAsync("CreateRole", [new("RoleName", name), new("AssumeRolePolicyDocument", trust)], CancellationToken.None);
        var policy = new JsonObject { ["Version"] = "2012-10-17", ["Statement"] = new JsonArray([.. statements]) };
        await iam.CallQueryAsync("PutRolePolicy", [new("RoleName", name), new("PolicyName", "test"), new("PolicyDocument", policy.ToJsonString())], CancellationToken.None);
        var assumed = await SetUp(AwsServiceClient.Sts).CallQueryAsync("AssumeRole",
            [new("RoleArn", $"arn:aws:iam::{emulator.Account}:role/{name}"), new("RoleSessionName", name)], CancellationToken.None);
        return new SessionAWSCredentials(AwsServiceClient.Child(assumed, "AccessKeyId"), AwsServiceClient.Child(assumed, "SecretAccessKey"),
            AwsServiceClient.Child(assumed, "SessionToken"));
    }

    private AwsServiceClient SetUp(AwsServiceClient.Service service) => Client(service, AwsClients.EmulatorCredentials);

    private AwsServiceClient Client(AwsServiceClient.Service service, AWSCredentials credentials) => new(_http, service, _url, credentials, RegionEndpoint.USEast1);

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
