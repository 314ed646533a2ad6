using System.Text.Json.Nodes;
using BStore.Api.Hosting;
using BStore.Api.Seeding;

namespace BStore.LocalAws;

/// <summary>
/// What the local processes read at start (BSTORE_LOCAL_SETTINGS, below their own environment): the API function's settings
/// as the template gives them (<see cref="TemplateSettings"/>), resolved to the emulator's resources, and each function's
/// role credentials.
/// </summary>
public static class LocalSettingsFile
{
    /// <summary>Makes the emulator's services and the functions' roles, writes <paramref name="file"/>; the services made.</summary>
    public static async Task<LocalResources.LocalServices> WriteAsync(
        LocalResources resources, SeedSettings settings, string file, JsonObject template, CancellationToken cancellationToken)
    {
        var local = await resources.EnsureServicesAsync(cancellationToken);
        var roles = new JsonObject();
        foreach (var (job, functionPrefix, roleName) in new[]
        {
            (FunctionJob.Api, TemplateRole.ApiFunctionPrefix, LocalResources.LocalApiFunctionName),
            (FunctionJob.Seeding, TemplateRole.SeedingFunctionPrefix, LocalResources.LocalSeedingFunctionName),
        })
        {
            var role = await resources.EnsureFunctionRoleAsync(template, local, functionPrefix, roleName, cancellationToken);
            roles[job.ToString()] = new JsonObject
            {
                ["AccessKeyId"] = role.AccessKeyId, ["SecretAccessKey"] = role.SecretAccessKey, ["SessionToken"] = role.SessionToken,
            };
        }
        var localValues = resources.ResourceSettings(local);
        localValues["BStore__Cognito__Endpoint"] = settings.Aws.ServiceUrl!.TrimEnd('/');
        var json = TemplateSettings.ToConfiguration(TemplateSettings.ForFunction(template, TemplateRole.ApiFunctionPrefix, localValues));
        json["BStore"]!["Aws"]!["Roles"] = roles;
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(file))!);
        await File.WriteAllTextAsync(file, json.ToJsonString(), cancellationToken);
        return local;
    }
}
