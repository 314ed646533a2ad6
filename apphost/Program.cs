using System.Security.Cryptography;
using BStore.AppHost;

// The whole of BStore on one machine: moto as the local AWS, the tables and bucket created and the
// catalog seeded by the API binary's seed command, then the API. Ctrl-C stops every process.
var builder = DistributedApplication.CreateBuilder(args);
var ports = LocalPorts.FromEnvironment();
var repositoryRoot = Path.GetFullPath(Path.Combine(builder.AppHostDirectory, ".."));
var emulatorUrl = $"http://127.0.0.1:{ports.Emulator}";
// The seed step writes the emulator's user pool ids here; the API reads them at start.
var localSettings = Path.Combine(repositoryRoot, "artifacts", "local", $"settings-{ports.Emulator}.json");
var apiUrl = $"http://127.0.0.1:{ports.Api}";

var aws = builder.AddExecutable("aws", "python3", repositoryRoot,
        Path.Combine(builder.AppHostDirectory, "emulator", "moto_launcher.py"), "-H", "127.0.0.1", "-p", ports.Emulator.ToString())
    // Cognito's PostConfirmation trigger reaches the API as in Lambda (api/Seeding/LocalResources.cs names the function).
    .WithEnvironment("BSTORE_EMULATOR_FUNCTIONS", $"bstore-local-api={apiUrl}/events")
    .WithHttpEndpoint(port: ports.Emulator, targetPort: ports.Emulator, name: "http", isProxied: false)
    .WithHttpHealthCheck("/moto-api/data.json")
    .WithUrlForEndpoint("http", url => url.DisplayText = "moto dashboard (local AWS)");

var seed = builder.AddProject<Projects.BStore_Api>("seed", launchProfileName: null)
    .WithArgs("seed", "--data", Path.Combine(repositoryRoot, "seed-data"), "--create-resources", "--local-settings", localSettings)
    .WithEnvironment("BStore__Aws__ServiceUrl", emulatorUrl)
    .WaitFor(aws);

var api = builder.AddProject<Projects.BStore_Api>("api", launchProfileName: null)
    .WithHttpEndpoint(port: ports.Api, name: "http", isProxied: false)
    .WithEnvironment("BStore__Aws__ServiceUrl", emulatorUrl)
    .WithEnvironment("BStore__PublicBaseUrl", apiUrl)
    .WithEnvironment("BSTORE_LOCAL_SETTINGS", localSettings)
    .WithEnvironment("BStore__AcceptLambdaEvents", "true")
    .WithEnvironment("BStore__Catalog__CursorKey", Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)))
    .WithEnvironment("ASPNETCORE_ENVIRONMENT", "Development")
    // The Expo web dev server may call the API from a browser (CORS); no other origin may.
    .WithEnvironment("BStore__Cors__AllowedOrigins__0", "http://localhost:8081")
    .WithEnvironment("BStore__Cors__AllowedOrigins__1", "http://127.0.0.1:8081")
    .WithHttpHealthCheck("/health")
    .WithUrlForEndpoint("http", url => url.DisplayText = "API")
    .WithUrl($"{apiUrl}/scalar", "API reference (Scalar)")
    .WithUrl($"{apiUrl}/openapi/v1.json", "OpenAPI document")
    .WaitForCompletion(seed);

builder.Eventing.Subscribe<ResourceReadyEvent>(api.Resource, (_, _) =>
{
    Console.WriteLine($"""

        BStore is running.
          API            {apiUrl}   (try {apiUrl}/api/products?q=serum&sort=price_asc)
          API reference  {apiUrl}/scalar
          OpenAPI        {apiUrl}/openapi/v1.json
          Dashboard      http://127.0.0.1:15080
          Local AWS      {emulatorUrl}   (moto; data lives in memory)
          Emails sent    {emulatorUrl}/bstore-emulator/emails
        Press Ctrl-C to stop everything.

        """);
    return Task.CompletedTask;
});

builder.Build().Run();
