using BStore.Api.Hosting;
using BStore.Api.Seeding;
using BStore.LocalAws;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

// BStore.LocalAws --template TEMPLATE.json [--local-settings FILE]: makes in the local emulator (BStore__Aws__ServiceUrl) the
// tables and the image bucket the synthesized template defines; with --local-settings also its user pool, topic, workflows,
// pipes and the functions' roles, and writes what the local processes must know about them to FILE (BSTORE_LOCAL_SETTINGS).
// Then the API binary's `seed --data` loads the catalog, as the seeding function does in AWS.
string? templateFile = null;
string? localSettingsFile = null;
for (var i = 0; i < args.Length; i++)
{
    switch (args[i])
    {
        case "--template" when i + 1 < args.Length:
            templateFile = args[++i];
            break;
        case "--local-settings" when i + 1 < args.Length:
            localSettingsFile = args[++i];
            break;
        default:
            return await UsageAsync($"Unknown argument '{args[i]}'.");
    }
}
if (templateFile is null)
{
    return await UsageAsync("--template is needed: the local resources come from the synthesized template.");
}

var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
builder.Configuration.AddEnvironmentVariables();
builder.AddBStoreCore();
SeedSettings.Add(builder);
using var host = builder.Build();
var settings = host.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<SeedSettings>>().Value;

var template = System.Text.Json.Nodes.JsonNode.Parse(await File.ReadAllTextAsync(templateFile))!.AsObject();
using var resources = new LocalResources(
    host.Services.GetRequiredService<Amazon.DynamoDBv2.IAmazonDynamoDB>(), host.Services.GetRequiredService<Amazon.S3.IAmazonS3>(), settings);
var created = await resources.EnsureAsync(template, CancellationToken.None);
Console.WriteLine($"Local resources: {created} created.");
if (localSettingsFile is not null)
{
    var local = await LocalSettingsFile.WriteAsync(resources, settings, localSettingsFile, template, CancellationToken.None);
    Console.WriteLine($"Local user pool {local.UserPoolId}, app client {local.ClientId}, email topic {local.ShopperEmailsTopicArn}, workflows, pipes, "
        + $"the API's and the seeding function's role credentials (from {templateFile}): written to {localSettingsFile}.");
}
return 0;

static async Task<int> UsageAsync(string problem)
{
    await Console.Error.WriteLineAsync($"{problem} Usage: BStore.LocalAws --template TEMPLATE.json [--local-settings FILE]");
    return 2;
}
