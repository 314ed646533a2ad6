namespace BStore.Api.UnitTests.Infrastructure;

/// <summary>Finds the checkout the tests were built from, wherever it is.</summary>
public static class RepositoryRoot
{
    private static readonly Lazy<string> Root = new(Find);

    public static string Path => Root.Value;

    public static string SeedData => System.IO.Path.Combine(Path, "seed-data");

    private static string Find()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(directory.FullName, "BStore.sln")))
            {
                return directory.FullName;
            }
        }
        throw new InvalidOperationException($"No directory above {AppContext.BaseDirectory} contains BStore.sln.");
    }
}
