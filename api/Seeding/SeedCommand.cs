using System.Diagnostics;
using BStore.Api.Hosting;

namespace BStore.Api.Seeding;

/// <summary>
/// <c>BStore.Api seed [--data DIR] [--create-resources]</c>: validates seed-data/ and loads it into the
/// tables and the image bucket. With --create-resources it first creates them in the local emulator.
/// </summary>
public static class SeedCommand
{
    public static async Task<int> RunAsync(string[] args)
    {
        var dataDirectory = "seed-data";
        var createResources = false;
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
                default:
                    await Console.Error.WriteLineAsync($"Unknown argument '{args[i]}'. Usage: BStore.Api seed [--data DIR] [--create-resources]");
                    return 2;
            }
        }

        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddJsonFile(Path.Combine(AppContext.BaseDirectory, "appsettings.json"), optional: true).AddEnvironmentVariables();
        var settings = builder.AddBStoreCore();
        using var host = builder.Build();
        var services = host.Services;

        try
        {
            var stopwatch = Stopwatch.StartNew();
            var catalog = SeedCatalogLoader.Load(Path.GetFullPath(dataDirectory));
            if (createResources)
            {
                var created = await new LocalResources(
                    services.GetRequiredService<Amazon.DynamoDBv2.IAmazonDynamoDB>(),
                    services.GetRequiredService<Amazon.S3.IAmazonS3>(), settings).EnsureAsync(CancellationToken.None);
                Console.WriteLine($"Local resources: {created} created.");
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
}
