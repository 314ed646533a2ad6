using System.Diagnostics;
using BStore.Api.Hosting;

namespace BStore.Api.Seeding;

/// <summary>
/// <c>BStore.Api seed [--data DIR]</c>: validates seed-data/ and loads it into the tables and the image bucket. The local
/// environment first makes those (and the emulator's other resources) with its own tool, apphost/LocalAws: the API binary
/// holds only what runs in AWS.
/// </summary>
public static class SeedCommand
{
    public static async Task<int> RunAsync(string[] args)
    {
        var dataDirectory = "seed-data";
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--data" when i + 1 < args.Length:
                    dataDirectory = args[++i];
                    break;
                case "--create-resources" or "--local-settings" or "--template":
                    return await UsageAsync(
                        $"'{args[i]}' moved: the local resources are made by the local environment's tool (dotnet run --project apphost/LocalAws -- --template TEMPLATE.json).");
                default:
                    return await UsageAsync($"Unknown argument '{args[i]}'.");
            }
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
        await Console.Error.WriteLineAsync($"{problem} Usage: BStore.Api seed [--data DIR]");
        return 2;
    }
}
