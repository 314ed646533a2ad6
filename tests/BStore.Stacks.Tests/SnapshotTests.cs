using System.Diagnostics;

namespace BStore.Stacks.Tests;

/// <summary>
/// Every infrastructure change shows up as a diff of the committed snapshots. After an intended change,
/// refresh them with: UPDATE_SNAPSHOTS=1 dotnet test tests/BStore.Stacks.Tests
/// </summary>
[Collection(StacksCollection.Name)]
public sealed class SnapshotTests(SynthesizedStages stages)
{
    [Theory]
    [InlineData("dev")]
    [InlineData("prod")]
    public void The_committed_snapshot_matches_a_fresh_synth(string stage)
    {
        var snapshotPath = Snapshot.PathOf(stages.Root, stage);
        var fresh = stages[stage].Masked();
        if (Environment.GetEnvironmentVariable("UPDATE_SNAPSHOTS") == "1")
        {
            Directory.CreateDirectory(Path.GetDirectoryName(snapshotPath)!);
            File.WriteAllText(snapshotPath, fresh);
        }
        File.Exists(snapshotPath).Should().BeTrue($"{snapshotPath} should be committed (UPDATE_SNAPSHOTS=1 writes it)");
        var committed = File.ReadAllText(snapshotPath);

        if (committed != fresh)
        {
            var freshPath = Path.Combine(stages.OutputDirectory, $"{stage}.masked.template.json");
            File.WriteAllText(freshPath, fresh);
            committed.Should().Be(fresh,
                $"the infrastructure of stage '{stage}' changed. If intended, run UPDATE_SNAPSHOTS=1 dotnet test tests/BStore.Stacks.Tests " +
                $"and commit the snapshot. Difference:{Environment.NewLine}{UnifiedDiff(snapshotPath, freshPath)}");
        }
    }

    [Fact]
    public void Snapshots_do_not_change_when_only_the_api_code_or_seed_data_changes()
    {
        var masked = stages["dev"].Masked();

        masked.Should().Contain(Snapshot.AssetHash).And.Contain(Snapshot.SeedHash);
        masked.Should().NotMatchRegex("[0-9a-f]{64}\\.zip", "asset hashes are masked");
    }

    private static string UnifiedDiff(string oldPath, string newPath)
    {
        using var diff = Process.Start(new ProcessStartInfo("diff", ["-u", oldPath, newPath]) { RedirectStandardOutput = true })!;
        var output = diff.StandardOutput.ReadToEnd();
        diff.WaitForExit();
        return output.Length > 20_000 ? output[..20_000] + "\n…" : output;
    }
}
