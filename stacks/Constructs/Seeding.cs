using System.Security.Cryptography;
using Amazon.CDK;
using Amazon.CDK.AWS.Lambda;
using Constructs;

namespace BStore.Stacks.Constructs;

/// <summary>
/// Loads seed-data/ into the tables and the bucket on deploy: a custom resource whose provider is the API
/// function itself (its seed code, reached through the Lambda Web Adapter's /events pass-through).
/// CloudFormation calls it only when the seed data's hash changes, and the seeder writes only differences.
/// </summary>
public sealed class Seeding : Construct
{
    public const string ResourceType = "Custom::CatalogSeed";

    public Seeding(Construct scope, string id, IFunction provider, string seedDirectory, IEnumerable<IConstruct> seeded) : base(scope, id)
    {
        var seed = new CustomResource(this, "Catalog", new CustomResourceProps
        {
            ServiceToken = provider.FunctionArn,
            ResourceType = ResourceType,
            Properties = new Dictionary<string, object> { ["SeedHash"] = HashOf(seedDirectory) },
        });
        foreach (var dependency in seeded)
        {
            seed.Node.AddDependency(dependency);
        }
    }

    /// <summary>SHA-256 over the seed files' relative paths and contents.</summary>
    public static string HashOf(string seedDirectory)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var files = Directory.EnumerateFiles(seedDirectory, "*", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(seedDirectory, f).Replace('\\', '/'))
            .Where(f => f is "categories.json" or "products.json" || f.StartsWith("images/", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal);
        foreach (var file in files)
        {
            hash.AppendData(System.Text.Encoding.UTF8.GetBytes(file + "\n"));
            hash.AppendData(File.ReadAllBytes(Path.Combine(seedDirectory, file)));
        }
        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }
}
