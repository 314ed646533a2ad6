using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Amazon.S3;
using BStore.Api.Data;
using BStore.Api.Hosting;

namespace BStore.Api.Seeding;

/// <summary>
/// Creates the tables and the image bucket in the local emulator from <see cref="Tables"/>, the same
/// definitions the CDK app deploys. Only for the emulator: in AWS, CloudFormation owns these resources.
/// </summary>
public sealed class LocalResources(IAmazonDynamoDB dynamoDb, IAmazonS3 s3, BStoreOptions options)
{
    public async Task<int> EnsureAsync(CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(options.Aws.ServiceUrl))
        {
            throw new InvalidOperationException("Local resources are only created in the emulator (BStore:Aws:ServiceUrl is not set).");
        }
        var created = 0;
        var existing = (await dynamoDb.ListTablesAsync(new ListTablesRequest(), cancellationToken)).TableNames ?? [];
        foreach (var (definition, name) in Physical())
        {
            if (existing.Contains(name))
            {
                continue;
            }
            await dynamoDb.CreateTableAsync(ToRequest(definition, name), cancellationToken);
            if (definition.TimeToLiveAttribute is { } ttl)
            {
                await dynamoDb.UpdateTimeToLiveAsync(new UpdateTimeToLiveRequest
                {
                    TableName = name,
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

    /// <summary>
    /// The local user pool and app client (found by name, created when missing), mirroring stacks/Constructs/Identity.cs;
    /// the client also allows USER_PASSWORD_AUTH so that people and tests can sign in with curl.
    /// </summary>
    public static async Task<(string UserPoolId, string ClientId)> EnsureIdentityAsync(Aws.CognitoClient cognito, CancellationToken cancellationToken)
    {
        var pools = await cognito.CallAsync("ListUserPools", new() { ["MaxResults"] = 60 }, cancellationToken);
        var poolId = pools["UserPools"]?.AsArray().FirstOrDefault(p => p?["Name"]?.GetValue<string>() == LocalUserPoolName)?["Id"]?.GetValue<string>();
        if (poolId is null)
        {
            var created = await cognito.CallAsync("CreateUserPool", new()
            {
                ["PoolName"] = LocalUserPoolName,
                ["UsernameAttributes"] = new System.Text.Json.Nodes.JsonArray("email"),
                ["AutoVerifiedAttributes"] = new System.Text.Json.Nodes.JsonArray("email"),
                ["Policies"] = new System.Text.Json.Nodes.JsonObject
                {
                    ["PasswordPolicy"] = new System.Text.Json.Nodes.JsonObject
                    {
                        ["MinimumLength"] = 10, ["RequireUppercase"] = true, ["RequireLowercase"] = true, ["RequireNumbers"] = true, ["RequireSymbols"] = true,
                    },
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
                ["ExplicitAuthFlows"] = new System.Text.Json.Nodes.JsonArray("ALLOW_USER_SRP_AUTH", "ALLOW_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"),
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

    private IEnumerable<(TableDefinition Definition, string Name)> Physical()
    {
        yield return (Tables.Category, options.Tables.Category);
        yield return (Tables.Products, options.Tables.Products);
        yield return (Tables.UserActivity, options.Tables.UserActivity);
    }

    private static CreateTableRequest ToRequest(TableDefinition table, string name)
    {
        var attributes = new[] { table.PartitionKey, table.SortKey }
            .Concat(table.GlobalIndexes.SelectMany(i => new[] { i.PartitionKey, i.SortKey }))
            .OfType<KeyAttribute>()
            .DistinctBy(a => a.Name)
            .Select(a => new AttributeDefinition(a.Name, a.Kind == KeyKind.Number ? ScalarAttributeType.N : ScalarAttributeType.S))
            .ToList();
        return new CreateTableRequest
        {
            TableName = name,
            BillingMode = BillingMode.PAY_PER_REQUEST,
            AttributeDefinitions = attributes,
            KeySchema = KeySchemaOf(table.PartitionKey, table.SortKey),
            GlobalSecondaryIndexes = table.GlobalIndexes.Count == 0
                ? null
                : [.. table.GlobalIndexes.Select(i => new GlobalSecondaryIndex
                {
                    IndexName = i.Name,
                    KeySchema = KeySchemaOf(i.PartitionKey, i.SortKey),
                    Projection = new Projection { ProjectionType = ProjectionType.ALL },
                })],
            StreamSpecification = table.HasStream
                ? new StreamSpecification { StreamEnabled = true, StreamViewType = StreamViewType.NEW_AND_OLD_IMAGES }
                : null,
        };
    }

    private static List<KeySchemaElement> KeySchemaOf(KeyAttribute partition, KeyAttribute? sort) =>
        sort is null
            ? [new(partition.Name, KeyType.HASH)]
            : [new(partition.Name, KeyType.HASH), new(sort.Name, KeyType.RANGE)];
}
