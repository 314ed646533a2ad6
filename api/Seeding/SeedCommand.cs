using System.Diagnostics;
using BStore.Api.Hosting;

namespace BStore.Api.Seeding;

/// <summary>
/// <c>BStore.Api seed [--data DIR] [--create-resources --template TEMPLATE [--local-settings FILE]]</c>: validates seed-data/
/// and loads it into the tables and the image bucket. With --create-resources it first creates them in the local emulator
/// as the synthesized template defines them; with --local-settings it also creates the emulator's other resources and the
/// API function's role from the template, and writes what the local API must know about them, its role's credentials
/// included, to FILE.
/// </summary>
public static class SeedCommand
{
    public static async Task<int> RunAsync(string[] args)
    {
        var dataDirectory = "seed-data";
        var createResources = false;
        string? localSettingsFile = null;
        string? templateFile = null;
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--data" when i + 1 < args.Length:
                    dataDirectory = args[++i];
                    break;
                case "--create-resources":
                    createResources = true;
                    break;
                case "--local-settings" when i + 1 < args.Length:
                    localSettingsFile = args[++i];
                    break;
                case "--template" when i + 1 < args.Length:
                    templateFile = args[++i];
                    break;
                default:
                    return await UsageAsync($"Unknown argument '{args[i]}'.");
            }
        }
        if (createResources && templateFile is null)
        {
            return await UsageAsync("--create-resources needs --template: the local resources come from the synthesized template.");
        }

        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddJsonFile(Path.Combine(AppContext.BaseDirectory, "appsettings.json"), optional: true).AddEnvironmentVariables();
        builder.AddBStoreCore();
        SeedSettings.Add(builder);
        using var host = builder.Build();
        var services = host.Services;
        var settings = services.GetRequiredService<Microsoft.Extensions.Options.IOptions<SeedSettings>>().Value;

        try
        {
            var stopwatch = Stopwatch.StartNew();
            var catalog = SeedCatalogLoader.Load(Path.GetFullPath(dataDirectory));
            if (createResources)
            {
                var resources = new LocalResources(
                    services.GetRequiredService<Amazon.DynamoDBv2.IAmazonDynamoDB>(), services.GetRequiredService<Amazon.S3.IAmazonS3>(), settings);
                var template = System.Text.Json.Nodes.JsonNode.Parse(await File.ReadAllTextAsync(templateFile!))!.AsObject();
                var created = await resources.EnsureAsync(template, CancellationToken.None);
                Console.WriteLine($"Local resources: {created} created.");
                if (localSettingsFile is not null)
                {
                    await WriteLocalSettingsAsync(resources, settings, localSettingsFile, template, templateFile!);
                }
            }
            var report = await new CatalogSeeder(
                services.GetRequiredService<Amazon.DynamoDBv2.IAmazonDynamoDB>(),
                services.GetRequiredService<Amazon.S3.IAmazonS3>(), settings).SeedAsync(catalog, CancellationToken.None);
            Console.WriteLine($"Seeded {catalog.Products.Count} products in {catalog.Categories.Count} categories in {stopwatch.ElapsedMilliseconds} ms: {report}.");
            return 0;
        }
        catch (SeedValidationException e)
        {
            await Console.Error.WriteLineAsync(e.Message);
            return 1;
        }
    }

    private static async Task<int> UsageAsync(string problem)
    {
        await Console.Error.WriteLineAsync(
            $"{problem} Usage: BStore.Api seed [--data DIR] [--create-resources --template TEMPLATE.json [--local-settings FILE]]");
        return 2;
    }

    /// <summary>Creates the emulator's identity and notification resources and the functions' roles, and writes the API
    /// function's settings from the template, resolved to them, where the local processes read them (BSTORE_LOCAL_SETTINGS).</summary>
    private static async Task WriteLocalSettingsAsync(
        LocalResources resources, SeedSettings settings, string file, System.Text.Json.Nodes.JsonObject template, string templateFile)
    {
        using var http = new HttpClient();
        var local = await resources.EnsureServicesAsync(http, CancellationToken.None);
        var roles = new System.Text.Json.Nodes.JsonObject();
        foreach (var (job, functionPrefix, roleName) in new[]
        {
            (FunctionJob.Api, TemplateRole.ApiFunctionPrefix, LocalResources.LocalApiFunctionName),
            (FunctionJob.Seeding, TemplateRole.SeedingFunctionPrefix, LocalResources.LocalSeedingFunctionName),
        })
        {
            var role = await resources.EnsureFunctionRoleAsync(http, template, local, functionPrefix, roleName, CancellationToken.None);
            roles[job.ToString()] = new System.Text.Json.Nodes.JsonObject
            {
                ["AccessKeyId"] = role.AccessKeyId, ["SecretAccessKey"] = role.SecretAccessKey, ["SessionToken"] = role.SessionToken,
            };
        }
        // The API function's settings as the template gives them (TemplateSettings), and each function's role credentials.
        var localValues = resources.ResourceSettings(local);
        localValues["BStore__Cognito__Endpoint"] = settings.Aws.ServiceUrl!.TrimEnd('/');
        var json = TemplateSettings.ToConfiguration(TemplateSettings.ForFunction(template, TemplateRole.ApiFunctionPrefix, localValues));
        json["BStore"]!["Aws"]!["Roles"] = roles;
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(file))!);
        await File.WriteAllTextAsync(file, json.ToJsonString());
        Console.WriteLine($"Local user pool {local.UserPoolId}, app client {local.ClientId}, email topic {local.ShopperEmailsTopicArn}, "
            + $"the API's and the seeding function's role credentials (from {templateFile}): written to {file}.");
    }
}
