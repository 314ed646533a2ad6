using System.Net;
using System.Text.Json.Nodes;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Amazon.Runtime;
using Amazon.S3;
using ListObjectsV2Request = Amazon.S3.Model.ListObjectsV2Request;
using BStore.Api.Aws;
using BStore.Api.Hosting;
using BStore.Api.IntegrationTests.Infrastructure;
using BStore.Api.Seeding;
using BStore.LocalAws;

namespace BStore.Api.IntegrationTests;

/// <summary>
/// The local API calls the emulator with the credentials of its role as the template defines it, and the emulator
/// enforces that role's policies (moto_launcher.py item 9): what the template does not grant fails locally, as in AWS.
/// </summary>
[Collection(BStoreCollection.Name)]
public sealed class LocalIamTests(BStoreFixture fixture)
{
    private static readonly string DevTemplate = Path.Combine(Repository.Root, "stacks", "snapshots", "dev.template.json");

    private JsonNode LocalSettings => JsonNode.Parse(File.ReadAllText(fixture.LocalSettingsFile))!["BStore"]!;

    private SessionAWSCredentials ApiCredentials() => RoleCredentials("Api");

    private SessionAWSCredentials RoleCredentials(string job)
    {
        var credentials = LocalSettings["Aws"]?["Roles"]?[job];
        credentials.Should().NotBeNull($"the set-up step hands the {job} function its role's credentials in the local settings");
        return new SessionAWSCredentials(credentials!["AccessKeyId"]!.GetValue<string>(), credentials["SecretAccessKey"]!.GetValue<string>(),
            credentials["SessionToken"]!.GetValue<string>());
    }

    private AmazonDynamoDBClient DynamoDbAs(AWSCredentials credentials) => new(credentials, new AmazonDynamoDBConfig
    {
        ServiceURL = fixture.EmulatorUrl.ToString(), AuthenticationRegion = "us-east-1", MaxErrorRetry = 0,
    });

    [Fact]
    public async Task The_API_role_may_do_what_the_template_grants_and_nothing_else()
    {
        using var api = DynamoDbAs(ApiCredentials());
        var categoryKey = new Dictionary<string, AttributeValue> { ["id"] = new() { S = "no-such-category" } };

        (await api.GetItemAsync(new GetItemRequest { TableName = "Category", Key = categoryKey })).HttpStatusCode
            .Should().Be(HttpStatusCode.OK, "the template grants GetItem on Category");
        await Denied(() => api.DeleteTableAsync("Category"), "dynamodb:DeleteTable", "table/Category");
        await Denied(() => api.ScanAsync(new ScanRequest { TableName = "UserActivity" }), "dynamodb:Scan", "table/UserActivity");
        await Denied(() => api.DeleteItemAsync(new DeleteItemRequest
        {
            TableName = "Products", Key = new() { ["id"] = new() { S = "no-such-product" } },
        }), "dynamodb:DeleteItem", "table/Products");
        // One item of a transaction the role may not write refuses the whole transaction (each item is authorized on its own).
        await Denied(() => api.TransactWriteItemsAsync(new TransactWriteItemsRequest
        {
            TransactItems =
            [
                new() { Put = new Put { TableName = "UserActivity", Item = new() { ["pk"] = new() { S = "USER#iam-test" }, ["sk"] = new() { S = "IAM#1" } } } },
                new() { Delete = new Delete { TableName = "Products", Key = new() { ["id"] = new() { S = "no-such-product" } } } },
            ],
        }), "dynamodb:DeleteItem", "table/Products");

        // The internet-facing API cannot write the catalog; the seeding function's role can (here, a put its condition
        // refuses: authorized, and nothing written).
        var existing = new Dictionary<string, AttributeValue> { ["id"] = new() { S = fixture.Seed.Categories[0].Id } };
        await Denied(() => api.PutItemAsync(new PutItemRequest { TableName = "Category", Item = existing }), "dynamodb:PutItem", "table/Category");
        using var seeder = DynamoDbAs(RoleCredentials("Seeding"));
        await FluentActions.Awaiting(() => seeder.PutItemAsync(new PutItemRequest
        {
            TableName = "Category", Item = existing, ConditionExpression = "attribute_not_exists(id)",
        })).Should().ThrowAsync<ConditionalCheckFailedException>();
        await Denied(() => seeder.ScanAsync(new ScanRequest { TableName = "UserActivity" }), "dynamodb:Scan", "table/UserActivity");

        // The seeder lists the images under images/, the only prefix the template's ListImages statement allows.
        using var s3 = new AmazonS3Client(RoleCredentials("Seeding"), new AmazonS3Config
        {
            ServiceURL = fixture.EmulatorUrl.ToString(), AuthenticationRegion = "us-east-1", ForcePathStyle = true, MaxErrorRetry = 0,
        });
        (await s3.ListObjectsV2Async(new ListObjectsV2Request { BucketName = "bstore-images", Prefix = "images/", MaxKeys = 1 })).S3Objects.Should().NotBeEmpty();
        (await FluentActions.Awaiting(() => s3.ListObjectsV2Async(new ListObjectsV2Request { BucketName = "bstore-images", MaxKeys = 1 }))
            .Should().ThrowAsync<AmazonS3Exception>()).Which.ErrorCode.Should().Be("AccessDenied");

        using var asApi = new SetUpClients(fixture.EmulatorUrl, ApiCredentials(), Amazon.RegionEndpoint.USEast1);
        var refused = await FluentActions.Awaiting(() => asApi.Query(SnsClient.Api).CallAsync("CreateTopic", [new("Name", "not-granted")], CancellationToken.None))
            .Should().ThrowAsync<AmazonServiceException>();
        refused.Which.ErrorCode.Should().Be("AuthorizationError");
        refused.Which.StatusCode.Should().Be(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task A_grant_missing_from_the_template_fails_the_API_request_that_needs_it()
    {
        // The dev template without dynamodb:Query on UserActivity: a product's reviews (a Query of its ReviewsByProduct index) fail.
        var template = JsonNode.Parse(await File.ReadAllTextAsync(DevTemplate))!.AsObject();
        var shopperActivity = template["Resources"]!.AsObject()
            .Where(r => r.Value!["Type"]!.GetValue<string>() == "AWS::IAM::Policy")
            .SelectMany(r => r.Value!["Properties"]!["PolicyDocument"]!["Statement"]!.AsArray())
            .Single(s => s!["Sid"]?.GetValue<string>() == "ShopperActivity")!;
        var actions = shopperActivity["Action"]!.AsArray();
        actions.Remove(actions.Single(a => a!.GetValue<string>() == "dynamodb:Query"));

        var settings = LocalSettings;
        var local = new LocalResources.LocalServices(settings["Cognito"]!["UserPoolId"]!.GetValue<string>(),
            settings["Cognito"]!["ClientId"]!.GetValue<string>(), settings["Notifications"]!["ShopperEmailsTopicArn"]!.GetValue<string>());
        var options = new SeedSettings { Aws = { ServiceUrl = fixture.EmulatorUrl.ToString().TrimEnd('/') } };
        using var resources = new LocalResources(fixture.DynamoDb, AwsClients.CreateS3(options.Aws), options);
        var credentials = await resources.EnsureFunctionRoleAsync(
            template, local, TemplateRole.ApiFunctionPrefix, "bstore-test-without-activity-queries", CancellationToken.None);
        var narrowSettings = Path.Combine(Path.GetTempPath(), $"bstore-test-narrow-role-{Guid.NewGuid():N}.json");
        var copy = settings.DeepClone();
        copy["Aws"] = new JsonObject
        {
            ["Roles"] = new JsonObject
            {
                ["Api"] = new JsonObject
                {
                    ["AccessKeyId"] = credentials.AccessKeyId, ["SecretAccessKey"] = credentials.SecretAccessKey, ["SessionToken"] = credentials.SessionToken,
                },
            },
        };
        await File.WriteAllTextAsync(narrowSettings, new JsonObject { ["BStore"] = copy }.ToJsonString());
        try
        {
            var product = fixture.Seed.Products[0].Id;
            using (var reviews = await fixture.Api.GetAsync($"/api/products/{product}/reviews"))
            {
                reviews.StatusCode.Should().Be(HttpStatusCode.OK, "the template's role may query the reviews index");
            }

            await using var narrow = await fixture.StartApiAsync(new Dictionary<string, string?> { ["BSTORE_LOCAL_SETTINGS"] = narrowSettings });
            using (var categories = await narrow.Client.GetAsync("/api/categories"))
            {
                categories.StatusCode.Should().Be(HttpStatusCode.OK, "the narrower role still reads the catalog");
            }
            using var refused = await narrow.Client.GetAsync($"/api/products/{product}/reviews");
            refused.StatusCode.Should().Be(HttpStatusCode.InternalServerError, "the emulator refused the Query the role no longer grants");
            // The console logger writes from a queue of its own: the line can follow the answer by a moment.
            for (var wait = 0; wait < 50 && !narrow.Output.Contains("not authorized to perform", StringComparison.Ordinal); wait++)
            {
                await Task.Delay(100);
            }
            narrow.Output.Should().Contain("not authorized to perform: dynamodb:Query on resource: arn:aws:dynamodb:us-east-1:")
                .And.Contain(":table/UserActivity/index/ReviewsByProduct");
        }
        finally
        {
            File.Delete(narrowSettings);
        }
    }

    private static async Task Denied(Func<Task> call, string action, string resource)
    {
        var refused = await call.Should().ThrowAsync<AmazonDynamoDBException>();
        refused.Which.ErrorCode.Should().Be("AccessDeniedException");
        refused.Which.Message.Should().Contain($"not authorized to perform: {action} on resource: arn:aws:dynamodb:us-east-1:").And.EndWith(
            $"because no identity-based policy allows the {action} action").And.Contain(resource);
    }
}
