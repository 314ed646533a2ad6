using System.Text.Json;
using System.Text.Json.Nodes;
using Amazon.CDK;
using Amazon.CDK.Assertions;

namespace BStore.Stacks.Tests;

/// <summary>
/// Synthesizes every stage once per test run (with the placeholder API package, so no Native AOT publish
/// is needed) and writes the templates to artifacts/cdk/ for cfn-lint and cdk-nag.
/// </summary>
public sealed class SynthesizedStages
{
    public static readonly string[] Stages = ["dev", "prod"];

    public string Root { get; } = Repository.Root();
    public string OutputDirectory { get; }
    public IReadOnlyDictionary<string, Synthesized> ByStage { get; }

    public SynthesizedStages()
    {
        OutputDirectory = Path.Combine(Root, "artifacts", "cdk");
        Directory.CreateDirectory(OutputDirectory);
        ByStage = Stages.ToDictionary(s => s, Synthesize);
    }

    public Synthesized this[string stage] => ByStage[stage];

    private Synthesized Synthesize(string stage)
    {
        var config = StageConfig.Load(Path.Combine(Root, "stacks", "config"), stage);
        var app = new App(new AppProps { Outdir = Directory.CreateTempSubdirectory($"bstore-cdk-{stage}-").FullName });
        var package = ApiPackage.Locate(Root, "does-not-exist");
        var stack = new BStoreStack(app, $"BStore-{stage}", new BStoreStackProps(config, package.Directory, Path.Combine(Root, "seed-data")));
        var assembly = app.Synth();
        var raw = File.ReadAllText(assembly.GetStackByName(stack.StackName).TemplateFullPath);
        var path = Path.Combine(OutputDirectory, $"{stage}.template.json");
        File.WriteAllText(path, raw);
        return new Synthesized(config, Template.FromStack(stack), JsonNode.Parse(raw)!.AsObject(), path);
    }
}

public sealed record Synthesized(StageConfig Config, Template Assertions, JsonObject Json, string TemplatePath)
{
    public IEnumerable<(string LogicalId, JsonObject Resource)> Resources(string type) =>
        Json["Resources"]!.AsObject()
            .Where(r => r.Value!["Type"]!.GetValue<string>() == type)
            .Select(r => (r.Key, r.Value!.AsObject()));

    public JsonObject Single(string type) => Resources(type).Should().ContainSingle().Subject.Resource;

    /// <summary>The API function (the stack has other functions too, e.g. CDK's bucket-emptying provider in dev).</summary>
    public (string LogicalId, JsonObject Resource) ApiFunction => Resources("AWS::Lambda::Function")
        .Where(f => NameOf(f.Resource, "FunctionName") == $"{Config.NamePrefix}-api").Should().ContainSingle().Subject;

    private static string? NameOf(JsonObject resource, string property) =>
        resource["Properties"]?[property] is JsonValue value && value.TryGetValue<string>(out var name) ? name : null;

    public static JsonNode Props(JsonObject resource) => resource["Properties"]!;

    /// <summary>The template with asset and seed hashes masked: what the committed snapshots hold.</summary>
    public string Masked() => Snapshot.Mask(Json);
}

[CollectionDefinition(Name)]
public sealed class StacksCollection : ICollectionFixture<SynthesizedStages>
{
    public const string Name = "Stacks";
}
