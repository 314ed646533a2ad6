using System.Text.Json;
using System.Text.Json.Nodes;
using Amazon.CDK;
using Amazon.CDK.Assertions;

namespace BStore.Stacks.Tests;

/// <summary>
/// Synthesizes every stage once per test run and writes the templates to artifacts/cdk/ for cfn-lint and cdk-nag. The
/// API package is a stand-in (a file named bootstrap, so no Native AOT publish is needed): the templates are the
/// deployable ones, not the placeholder's, which CloudFormation refuses (<see cref="PlaceholderTests"/>).
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
        var standIn = Directory.CreateTempSubdirectory("bstore-api-package-").FullName;
        File.WriteAllText(Path.Combine(standIn, "bootstrap"), "#!/bin/sh\n# stand-in for the Native AOT API in the stacks tests\n");
        StandInPackage = ApiPackage.Locate(Root, standIn);
        ByStage = Stages.ToDictionary(s => s, s => Synthesize(s, StandInPackage));
    }

    public ApiPackage StandInPackage { get; }

    public Synthesized this[string stage] => ByStage[stage];

    /// <summary>Synthesizes one stage with <paramref name="package"/> as the functions' code, writing it to artifacts/cdk/&lt;name&gt;.template.json.</summary>
    public Synthesized Synthesize(string stage, ApiPackage package, string? name = null, string? seedDirectory = null)
    {
        var config = StageConfig.Load(Path.Combine(Root, "stacks", "config"), stage);
        var app = new App(new AppProps { Outdir = Directory.CreateTempSubdirectory($"bstore-cdk-{stage}-").FullName });
        var stack = new BStoreStack(app, $"BStore-{stage}", new BStoreStackProps(config, package, seedDirectory ?? Path.Combine(Root, "seed-data")));
        var assembly = app.Synth();
        var raw = File.ReadAllText(assembly.GetStackByName(stack.StackName).TemplateFullPath);
        var path = Path.Combine(OutputDirectory, $"{name ?? stage}.template.json");
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

    /// <summary>The one resource of <paramref name="type"/> whose logical id starts with <paramref name="logicalIdPrefix"/> (e.g. "ApiFunction").</summary>
    public (string LogicalId, JsonObject Resource) Named(string type, string logicalIdPrefix) =>
        Resources(type).Where(r => r.LogicalId.StartsWith(logicalIdPrefix, StringComparison.Ordinal)).Should().ContainSingle(logicalIdPrefix).Subject;

    /// <summary>The API function (the stack has other functions too: the seeder, and CDK's bucket-emptying provider in dev).</summary>
    public (string LogicalId, JsonObject Resource) ApiFunction => Named("AWS::Lambda::Function", "ApiFunction");

    public static JsonNode Props(JsonObject resource) => resource["Properties"]!;

    /// <summary>The template with asset and seed hashes masked: what the committed snapshots hold.</summary>
    public string Masked() => Snapshot.Mask(Json);
}

[CollectionDefinition(Name)]
public sealed class StacksCollection : ICollectionFixture<SynthesizedStages>
{
    public const string Name = "Stacks";
}
