using BStore.Api.UnitTests.Infrastructure;

namespace BStore.Api.UnitTests.Seeding;

/// <summary>What the starter catalog keeps beyond the store's rules (seed-data/tools/check_catalog.py): the ten
/// categories, sold-out and low-stock products, serums the search tests find, the drawn images.</summary>
public class SeedDataCheckTests
{
    [Fact]
    public async Task The_starter_catalog_passes_check_catalog()
    {
        var (exitCode, output) = await PythonScript.RunAsync(Repository.Root, Path.Combine("seed-data", "tools", "check_catalog.py"));

        exitCode.Should().Be(0, output);
        output.Should().Contain("OK: catalog is valid");
    }
}
