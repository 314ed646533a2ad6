using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace BStore.Stacks.Tests;

/// <summary>
/// Committed templates (stacks/snapshots/&lt;stage&gt;.template.json) with the values that change with code or
/// data rather than with infrastructure masked: the hash of every Lambda code asset (the API's, and that of CDK's
/// bucket-emptying provider, which changes with the CDK version) and the seed data's hash.
/// </summary>
public static class Snapshot
{
    public const string AssetHash = "<asset-hash>";
    public const string SeedHash = "<seed-hash>";

    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static string Mask(JsonObject template)
    {
        var copy = template.DeepClone().AsObject();
        foreach (var (_, resource) in copy["Resources"]!.AsObject())
        {
            var type = resource!["Type"]!.GetValue<string>();
            var properties = resource["Properties"] as JsonObject;
            if (type == "AWS::Lambda::Function" && properties?["Code"] is JsonObject code && code.ContainsKey("S3Key"))
            {
                code["S3Key"] = AssetHash;
            }
            if (type == "Custom::CatalogSeed" && properties is not null)
            {
                properties["SeedHash"] = SeedHash;
            }
            if (type == "AWS::Lambda::Version")
            {
                resource.AsObject().Remove("Metadata");
            }
        }
        // The version resource's logical id embeds a hash of the function's code: rename it stably.
        var text = copy.ToJsonString(Indented);
        foreach (var (logicalId, resource) in template["Resources"]!.AsObject())
        {
            if (resource!["Type"]!.GetValue<string>() == "AWS::Lambda::Version")
            {
                text = text.Replace(logicalId, "ApiFunctionCurrentVersion<asset-hash>", StringComparison.Ordinal);
            }
        }
        return text + "\n";
    }

    public static string PathOf(string root, string stage) => System.IO.Path.Combine(root, "stacks", "snapshots", $"{stage}.template.json");
}
