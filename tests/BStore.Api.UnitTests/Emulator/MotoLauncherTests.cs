using BStore.Api.UnitTests.Infrastructure;

namespace BStore.Api.UnitTests.Emulator;

/// <summary>The emulator launcher's check of moto's internals (apphost/emulator/test_moto_internals.py): the installed
/// moto has every internal the launcher patches, a missing one stops it at once with a message naming it and the pinned
/// version, and the list names everything the launcher reaches.</summary>
public class MotoLauncherTests
{
    [Fact]
    public async Task The_launchers_python_tests_pass()
    {
        var (exitCode, output) = await PythonScript.RunAsync(
            Path.Combine(Repository.Root, "apphost", "emulator"), "-m", "unittest", "-v", "test_moto_internals");

        exitCode.Should().Be(0, output);
        output.Should().MatchRegex(@"Ran ([1-9]\d*) tests").And.EndWith("OK" + Environment.NewLine);
    }
}
