using System.Text.Json.Nodes;
using BStore.Api.Seeding;
using BStore.Stacks.Constructs;

namespace BStore.Stacks.Tests;

/// <summary>What a first deploy needs of the template besides its resources (issue 16, defects 3, 5 and 8).</summary>
[Collection(StacksCollection.Name)]
public sealed class DeployabilityTests(SynthesizedStages stages)
{
    [Fact]
    public void A_template_synthesized_without_the_api_package_carries_a_rule_that_CloudFormation_refuses_at_once()
    {
        var placeholder = stages.Synthesize("dev", ApiPackage.Locate(stages.Root, "does-not-exist"), name: "dev-placeholder");

        var rule = placeholder.Json["Rules"]?[BStoreStack.PlaceholderRule]?.AsObject();
        rule.Should().NotBeNull("deploying the placeholder would leave the seed unanswered for an hour, then again on rollback");
        rule!.ContainsKey("RuleCondition").Should().BeFalse("the rule applies always");
        var assertion = rule["Assertions"]!.AsArray().Should().ContainSingle().Subject!;
        assertion["AssertDescription"]!.GetValue<string>().Should().Contain("scripts/deploy");
        var compared = assertion["Assert"]!["Fn::Equals"]!.AsArray();
        compared[0]!["Ref"]!.GetValue<string>().Should().Be("LambdaWebAdapterLayerArn");
        var allowed = new System.Text.RegularExpressions.Regex(placeholder.Json["Parameters"]!["LambdaWebAdapterLayerArn"]!["AllowedPattern"]!.GetValue<string>());
        allowed.IsMatch(compared[1]!.GetValue<string>()).Should().BeFalse("no value the parameter accepts makes the assertion hold");
    }

    [Theory]
    [InlineData("dev")]
    [InlineData("prod")]
    public void The_template_with_the_api_package_has_no_such_rule(string stage) =>
        (stages[stage].Json["Rules"]?.AsObject().ContainsKey(BStoreStack.PlaceholderRule) ?? false).Should().BeFalse();

    [Theory]
    [InlineData("dev")]
    [InlineData("prod")]
    public void The_api_function_is_told_its_public_https_address(string stage)
    {
        var synthesized = stages[stage];
        var environment = Synthesized.Props(synthesized.Named("AWS::Lambda::Function", "ApiFunction").Resource)["Environment"]!["Variables"]!;
        var httpApi = synthesized.Named("AWS::ApiGatewayV2::Api", "ApiHttp").LogicalId;

        // Behind API Gateway the API sees plain http, and would tell the app so. The HTTP API's ApiEndpoint attribute is its
        // https address, "https://<id>.execute-api.<region>.amazonaws.com" (CloudFormation's AWS::ApiGatewayV2::Api), and
        // the $default stage adds no path.
        var address = environment["BStore__PublicBaseUrl"]!["Fn::GetAtt"]!.AsArray().Select(p => p!.GetValue<string>());
        address.Should().Equal(httpApi, "ApiEndpoint");
        synthesized.Resources("AWS::ApiGatewayV2::Stage").Select(s => Synthesized.Props(s.Resource)["StageName"]!.GetValue<string>())
            .Should().Equal("$default");
    }

    [Fact]
    public void Every_file_the_seeder_reads_is_in_the_seed_hash_and_nothing_else_is()
    {
        var copy = CopyOfSeedData();
        var original = Seeding.HashOf(copy);
        var image = Directory.EnumerateFiles(Path.Combine(copy, "images"), "*", SearchOption.AllDirectories).First();
        string[] read = [.. SeedDataFiles.Json.Select(f => Path.Combine(copy, f)), image];

        foreach (var file in read)
        {
            var before = File.ReadAllBytes(file);
            File.AppendAllText(file, " ");
            Seeding.HashOf(copy).Should().NotBe(original, $"a change to {Path.GetRelativePath(copy, file)} must reach a deployed stage");
            File.WriteAllBytes(file, before);
        }
        File.AppendAllText(Path.Combine(copy, "README.md"), "\nnotes");
        Seeding.HashOf(copy).Should().Be(original, "the seeder does not read the README");
    }

    private string CopyOfSeedData()
    {
        var source = Path.Combine(stages.Root, "seed-data");
        var target = Directory.CreateTempSubdirectory("bstore-seed-").FullName;
        foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
        {
            var destination = Path.Combine(target, Path.GetRelativePath(source, file));
            Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
            File.Copy(file, destination);
        }
        return target;
    }
}
