namespace BStore.Stacks;

public static class Repository
{
    /// <summary>The checkout's root (the folder with BStore.sln), found upward from the working directory or the binary.</summary>
    public static string Root()
    {
        foreach (var start in new[] { Environment.CurrentDirectory, AppContext.BaseDirectory })
        {
            for (var directory = new DirectoryInfo(start); directory is not null; directory = directory.Parent)
            {
                if (File.Exists(Path.Combine(directory.FullName, "BStore.sln")))
                {
                    return directory.FullName;
                }
            }
        }
        throw new InvalidOperationException("Run the CDK app inside the BStore checkout (no BStore.sln found).");
    }
}

/// <summary>The folder that becomes the API function's code: the packaged Native AOT binary, or a placeholder for synth-only runs.</summary>
public sealed record ApiPackage(string Directory, string Requested, bool IsPlaceholder)
{
    public const string DefaultPath = "artifacts/lambda/api";

    public static ApiPackage Locate(string root, string? requested)
    {
        var path = Path.GetFullPath(Path.Combine(root, requested ?? DefaultPath));
        return File.Exists(Path.Combine(path, "bootstrap"))
            ? new ApiPackage(path, path, IsPlaceholder: false)
            : new ApiPackage(Path.Combine(root, "stacks", "placeholder-package"), path, IsPlaceholder: true);
    }
}
