using System.Security.Cryptography;
using Amazon.CDK;
using Amazon.CDK.AWS.IAM;
using Amazon.CDK.AWS.Lambda;
using Amazon.CDK.AWS.Logs;
using BStore.Api.Seeding;
using Constructs;

namespace BStore.Stacks.Constructs;

public sealed record SeedingProps(StageConfig Config, string CodeDirectory, string WebAdapterLayerArn, string SeedDirectory, Data Data, Images Images);

/// <summary>
/// Loads seed-data/ into the tables and the bucket on deploy: a custom resource whose provider is a function of its own
/// (the API's package, with the seeding job: docs/adr/0016), the only one whose role may write the catalog. CloudFormation
/// calls it only when the seed data's hash changes, and the seeder writes only differences.
/// </summary>
public sealed class Seeding : Construct
{
    public const string ResourceType = "Custom::CatalogSeed";

    /// <summary>Time for one seed of the whole catalog from an empty bucket (it takes seconds; the rest is headroom).</summary>
    public static readonly Duration FunctionTimeout = Duration.Minutes(5);

    /// <summary>
    /// How long CloudFormation waits for the seeder's answer (the default is an hour): the function's timeout and a minute
    /// for its start. The seeder answers FAILED itself before its timeout; this bounds a function that cannot answer at all.
    /// </summary>
    public static readonly int ServiceTimeoutSeconds = (int)FunctionTimeout.ToSeconds() + 60;

    public Function Function { get; }

    public Seeding(Construct scope, string id, SeedingProps props) : base(scope, id)
    {
        var config = props.Config;
        var adapted = AdapterFunction.Create(this, config,
            "The BStore catalog seeder: its log group, the catalog tables, the image prefix.",
            role => GrantCatalog(role, props.Data, props.Images),
            props.CodeDirectory, props.WebAdapterLayerArn, new Dictionary<string, string>
            {
                ["BStore__Job"] = "Seeding",
                ["BStore__Tables__Category"] = props.Data.Category.TableName,
                ["BStore__Tables__Products"] = props.Data.Products.TableName,
                ["BStore__Images__Bucket"] = props.Images.Bucket.BucketName,
            },
            function =>
            {
                function.FunctionName = $"{config.NamePrefix}-seed";
                function.Description = $"{config.NamePrefix} catalog seeder (the API binary with the seeding job, behind the Lambda Web Adapter)";
                function.Timeout = FunctionTimeout;
                // CloudFormation invokes asynchronously; a second seed after a failure would only repeat it while the stack waits.
                function.RetryAttempts = 0;
            });
        Function = adapted.Function;
        var (role, logs) = (adapted.Role, adapted.Logs);

        Nag.Suppress(role.Node.FindChild("DefaultPolicy"), "AwsSolutions-IAM5",
            "The log stream wildcard is the seeder's own log group; the object wildcard is the images/ prefix the seeder uploads to.",
            $"Resource::<{LogicalId(logs)}.Arn>:*", $"Resource::<{LogicalId(props.Images.Bucket)}.Arn>/images/*");

        var seed = new CustomResource(this, "Catalog", new CustomResourceProps
        {
            ServiceToken = Function.FunctionArn,
            ResourceType = ResourceType,
            Properties = new Dictionary<string, object> { ["SeedHash"] = HashOf(props.SeedDirectory) },
        });
        // CustomResourceProps of CDK 2.160 has no ServiceTimeout yet; CloudFormation's property is on the resource.
        ((CfnResource)seed.Node.DefaultChild!).AddPropertyOverride("ServiceTimeout", ServiceTimeoutSeconds);
        foreach (var dependency in new IConstruct[] { props.Data, props.Images })
        {
            seed.Node.AddDependency(dependency);
        }
    }

    /// <summary>Exactly the calls the seeder (api/Seeding/CatalogSeeder.cs) and its readiness check make.</summary>
    private static void GrantCatalog(Role role, Data data, Images images)
    {
        role.AddToPolicy(new PolicyStatement(new PolicyStatementProps
        {
            // GetItem: the health check the adapter waits for.
            Sid = "SeedCategories",
            Actions = ["dynamodb:Scan", "dynamodb:GetItem", "dynamodb:PutItem"],
            Resources = [data.Category.TableArn],
        }));
        role.AddToPolicy(new PolicyStatement(new PolicyStatementProps
        {
            // Products and promo codes: created with PutItem, updated (stock and redemptions left alone) with UpdateItem.
            Sid = "SeedProducts",
            Actions = ["dynamodb:Scan", "dynamodb:PutItem", "dynamodb:UpdateItem"],
            Resources = [data.Products.TableArn],
        }));
        role.AddToPolicy(new PolicyStatement(new PolicyStatementProps
        {
            Sid = "ListImages",
            Actions = ["s3:ListBucket"],
            Resources = [images.Bucket.BucketArn],
            Conditions = new Dictionary<string, object> { ["StringLike"] = new Dictionary<string, object> { ["s3:prefix"] = "images/*" } },
        }));
        role.AddToPolicy(new PolicyStatement(new PolicyStatementProps
        {
            Sid = "UploadImages",
            Actions = ["s3:PutObject"],
            Resources = [images.Bucket.ArnForObjects("images/*")],
        }));
    }

    /// <summary>
    /// SHA-256 over the relative paths and contents of every file the seeder reads (<see cref="SeedDataFiles"/>), so that a
    /// change to any of them, and only to them, makes CloudFormation seed again.
    /// </summary>
    public static string HashOf(string seedDirectory)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var files = Directory.EnumerateFiles(seedDirectory, "*", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(seedDirectory, f).Replace('\\', '/'))
            .Where(SeedDataFiles.IsRead)
            .Order(StringComparer.Ordinal);
        foreach (var file in files)
        {
            hash.AppendData(System.Text.Encoding.UTF8.GetBytes(file + "\n"));
            hash.AppendData(File.ReadAllBytes(Path.Combine(seedDirectory, file)));
        }
        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    private static string LogicalId(IConstruct construct) =>
        Stack.Of(construct).GetLogicalId((CfnElement)construct.Node.DefaultChild!);
}
