using System.Diagnostics;

namespace BStore.Stacks.Tests;

/// <summary>The synthesized templates pass cfn-lint and the cdk-nag AwsSolutions rules (stacks/tools/nag.mjs).</summary>
[Collection(StacksCollection.Name)]
public sealed class TemplateCheckTests(SynthesizedStages stages)
{
    // W3005 (redundant DependsOn) is how CDK writes the dependency of a resource on its role's default policy;
    // the duplicate is harmless and not ours to remove. Every other warning fails.
    private const string IgnoredCfnLintChecks = "W3005";

    [Fact]
    public void Cfn_lint_finds_no_errors_or_warnings()
    {
        var (exitCode, output) = Run("cfn-lint", ["--ignore-checks", IgnoredCfnLintChecks, "--", .. Templates()]);

        exitCode.Should().Be(0, output);
    }

    [Fact]
    public void Cdk_nag_finds_nothing_unsuppressed_and_every_suppression_has_a_reason()
    {
        var (exitCode, output) = Run("node", [Path.Combine(stages.Root, "stacks", "tools", "nag.mjs"), .. Templates()]);

        exitCode.Should().Be(0, output);
        output.Should().Contain("suppressed", "the suppressions and their reasons are printed for reviewers");
    }

    private string[] Templates() => [.. SynthesizedStages.Stages.Select(s => stages[s].TemplatePath)];

    private (int ExitCode, string Output) Run(string fileName, string[] arguments)
    {
        var start = new ProcessStartInfo(fileName) { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = stages.Root };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        process.WaitForExit();
        return (process.ExitCode, stdout.Result + stderr.Result);
    }
}
