namespace BStore.Tests.Shared;

/// <summary>The checkout the tests were built from: the first directory above the test binaries that holds BStore.sln.</summary>
public static class Repository
{
    public static string Root { get; } = FindRoot();

    public static string SeedData => Path.Combine(Root, "seed-data");

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "BStore.sln")))
            {
                return directory.FullName;
            }
        }
        throw new InvalidOperationException($"No directory above {AppContext.BaseDirectory} contains BStore.sln.");
    }
}
