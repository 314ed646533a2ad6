using System.Security.Cryptography;
using BStore.AppHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

// The whole of BStore on one machine: moto as the local AWS, its resources made from the synthesized template by
// LocalAws/ and the catalog seeded by the API binary's seed command, then the API behind the local gateway (the dev stage
// template's HTTP API: its routes, JWT authorizer and CORS, as API Gateway applies them), and the mobile
// app's web build served beside it. Ctrl-C stops every process.
var builder = DistributedApplication.CreateBuilder(args);
var ports = LocalPorts.FromEnvironment();
var repositoryRoot = Path.GetFullPath(Path.Combine(builder.AppHostDirectory, ".."));
var emulatorUrl = $"http://127.0.0.1:{ports.Emulator}";
// The set-up step (LocalAws) writes the emulator's user pool ids and the roles' credentials here; the API reads them at start.
var localSettings = Path.Combine(repositoryRoot, "artifacts", "local", $"settings-{ports.Emulator}.json");
var apiUrl = $"http://127.0.0.1:{ports.Api}";
var apiProcessUrl = $"http://127.0.0.1:{ports.ApiProcess}";
var webUrl = $"http://127.0.0.1:{ports.Web}";
var webUrlLocalhost = $"http://localhost:{ports.Web}";
// BSTORE_LISTEN_ADDRESS=0.0.0.0 lets a phone on the same network reach the API and the local AWS (Expo Go, docs/local-environment.md);
// by default both listen on this machine only.
var listenAddress = Environment.GetEnvironmentVariable("BSTORE_LISTEN_ADDRESS") is { Length: > 0 } address ? address : null;
// The local workflows' waits and email window (docs/configuration.md): set in the apphost's environment, they reach
// the set-up step, which writes them into the local state machines (tests shorten them).
string[] forwarded = ["BStore__Orders__PackSeconds", "BStore__Orders__ShipSeconds", "BStore__Orders__DeliverSeconds",
    "BStore__Notifications__EmailWindowSeconds"];

// Lambda's own events (Cognito's trigger, the workflow's steps) reach the API only from the emulator, which proves it with this.
var lambdaEventsToken = Convert.ToHexString(RandomNumberGenerator.GetBytes(32));

var aws = builder.AddExecutable("aws", "python3", repositoryRoot,
        Path.Combine(builder.AppHostDirectory, "emulator", "moto_launcher.py"), "-H", listenAddress ?? "127.0.0.1", "-p", ports.Emulator.ToString())
    // Cognito's PostConfirmation trigger reaches the API as in Lambda (LocalAws/LocalResources.cs names the function).
    .WithEnvironment("BSTORE_EMULATOR_FUNCTIONS", $"bstore-local-api={apiProcessUrl}/events")
    .WithEnvironment("BSTORE_LAMBDA_EVENTS_TOKEN", lambdaEventsToken)
    .WithHttpEndpoint(port: ports.Emulator, targetPort: ports.Emulator, name: "http", isProxied: false)
    .WithHttpHealthCheck("/moto-api/data.json")
    .WithUrlForEndpoint("http", url => url.DisplayText = "moto dashboard (local AWS)");

// The emulator's resources as the synthesized template defines them: tables, bucket, user pool, topic, workflows, pipes, and the
// functions' roles, whose policies the emulator enforces (LocalAws/, the local environment's own tool).
var localAws = builder.AddProject<Projects.BStore_LocalAws>("local-aws", launchProfileName: null)
    .WithArgs("--local-settings", localSettings, "--template", Path.Combine(repositoryRoot, "stacks", "snapshots", "dev.template.json"))
    .WithEnvironment("BStore__Aws__ServiceUrl", emulatorUrl)
    .WithEnvironment(context =>
    {
        foreach (var name in forwarded)
        {
            if (Environment.GetEnvironmentVariable(name) is { Length: > 0 } value) context.EnvironmentVariables[name] = value;
        }
    })
    .WaitFor(aws);

// The catalog, loaded by the API binary's seed command (in AWS: the seeding function).
var seed = builder.AddProject<Projects.BStore_Api>("seed", launchProfileName: null)
    .WithArgs("seed", "--data", Path.Combine(repositoryRoot, "seed-data"))
    .WithEnvironment("BStore__Aws__ServiceUrl", emulatorUrl)
    .WaitForCompletion(localAws);

// The API process, reached only through the gateway (in AWS: the Lambda Web Adapter); it listens on this machine only.
var api = builder.AddProject<Projects.BStore_Api>("api", launchProfileName: null)
    .WithHttpEndpoint(port: ports.ApiProcess, name: "http", isProxied: false)
    .WithEnvironment("BStore__Aws__ServiceUrl", emulatorUrl)
    .WithEnvironment("BStore__PublicBaseUrl", apiUrl)
    .WithEnvironment("BSTORE_LOCAL_SETTINGS", localSettings)
    .WithEnvironment("BStore__LambdaEvents__Token", lambdaEventsToken)
    .WithEnvironment("BStore__Catalog__CursorKey", Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)))
    .WithEnvironment("ASPNETCORE_ENVIRONMENT", "Development")
    // The web build served below (and the Expo web dev server, on the same port) may call the API from a browser
    // (CORS); no other origin may.
    .WithEnvironment("BStore__Cors__AllowedOrigins__0", webUrlLocalhost)
    .WithEnvironment("BStore__Cors__AllowedOrigins__1", webUrl)
    .WithHttpHealthCheck("/health")
    .WithUrlForEndpoint("http", url => url.DisplayText = "API process (behind the gateway)")
    .WaitForCompletion(seed);

// The API's public address: the dev stage's HTTP API from the committed template, as API Gateway would serve it. A
// route, authorizer or CORS origin missing from the template fails here as it would in AWS. The web build's origin is
// added when BSTORE_WEB_PORT moves it off the template's.
var gateway = builder.AddProject<Projects.BStore_LocalGateway>("gateway", launchProfileName: null)
    .WithHttpEndpoint(port: ports.Api, name: "http", isProxied: false)
    .WithEndpoint("http", endpoint => endpoint.TargetHost = listenAddress ?? endpoint.TargetHost)
    .WithEnvironment("Gateway__Template", Path.Combine(repositoryRoot, "stacks", "snapshots", "dev.template.json"))
    .WithEnvironment("Gateway__Upstream", apiProcessUrl)
    .WithEnvironment("Gateway__LocalSettings", localSettings)
    .WithEnvironment("Gateway__ExtraCorsOrigins__0", webUrlLocalhost)
    .WithEnvironment("Gateway__ExtraCorsOrigins__1", webUrl)
    .WithHttpHealthCheck("/api/config")
    .WithUrlForEndpoint("http", url => url.DisplayText = "API (local gateway)")
    .WithUrl($"{apiProcessUrl}/scalar", "API reference (Scalar)")
    .WithUrl($"{apiUrl}/openapi/v1.json", "OpenAPI document")
    .WaitFor(api);

// The shopper app's web version: exported by Expo for this API address (kept while mobile/ is unchanged), then
// served by a small static server with SPA fallback. The build runs while the emulator and the API start.
var webDist = Path.Combine(repositoryRoot, "artifacts", "web", $"api-{ports.Api}");
var webBuild = builder.AddExecutable("web-build", "node", repositoryRoot,
        Path.Combine(builder.AppHostDirectory, "web", "build.mjs"),
        "--app", Path.Combine(repositoryRoot, "mobile"), "--out", webDist, "--api-url", apiUrl);

var web = builder.AddExecutable("web", "node", repositoryRoot,
        Path.Combine(builder.AppHostDirectory, "web", "serve.mjs"), "--dir", webDist, "--host", "127.0.0.1")
    .WithHttpEndpoint(port: ports.Web, targetPort: ports.Web, name: "http", env: "PORT", isProxied: false)
    .WithHttpHealthCheck("/")
    .WithUrlForEndpoint("http", url => url.DisplayText = "Shopper app (web)")
    .WaitForCompletion(webBuild);

// The banner comes once both the API and the web app answer.
var waitingFor = 2;
foreach (var resource in new IResource[] { gateway.Resource, web.Resource })
{
    builder.Eventing.Subscribe<ResourceReadyEvent>(resource, (_, _) =>
    {
        if (Interlocked.Decrement(ref waitingFor) == 0) PrintBanner();
        return Task.CompletedTask;
    });
}

var app = builder.Build();
ReportFailedSteps(app);
app.Run();

// A one-shot step that fails (the set-up, the seed, the web build) leaves what waits for it waiting: say so on the console,
// with the end of its output, instead of never printing the banner.
static void ReportFailedSteps(DistributedApplication app)
{
    var notifications = app.Services.GetRequiredService<ResourceNotificationService>();
    var logs = app.Services.GetRequiredService<ResourceLoggerService>();
    var stopping = app.Services.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping;
    var steps = new[] { "local-aws", "seed", "web-build" };
    var tails = steps.ToDictionary(s => s, _ => new Queue<string>());
    foreach (var step in steps)
    {
        _ = Task.Run(async () =>
        {
            try
            {
                await foreach (var batch in logs.WatchAsync(step).WithCancellation(stopping))
                {
                    lock (tails[step])
                    {
                        foreach (var line in batch)
                        {
                            tails[step].Enqueue(line.Content);
                            if (tails[step].Count > 30) tails[step].Dequeue();
                        }
                    }
                }
            }
            catch (OperationCanceledException) { }
        }, stopping);
    }
    var reported = new HashSet<string>();
    _ = Task.Run(async () =>
    {
        try
        {
            await foreach (var update in notifications.WatchAsync(stopping))
            {
                if (Array.IndexOf(steps, update.Resource.Name) >= 0 && update.Snapshot.ExitCode is int code and not 0
                    && reported.Add(update.Resource.Name))
                {
                    await Task.Delay(2000, stopping); // the last lines of its output
                    string[] tail;
                    lock (tails[update.Resource.Name]) tail = [.. tails[update.Resource.Name]];
                    Console.Error.WriteLine($"""

                        BStore could not start: the step '{update.Resource.Name}' failed (exit code {code}). The end of its output:
                          {string.Join("\n  ", tail)}

                        """);
                }
            }
        }
        catch (OperationCanceledException) { }
    }, stopping);
}

void PrintBanner() =>
    Console.WriteLine($"""

        BStore is running.
          Shopper app    {webUrl}   (the Expo app's web build)
          API            {apiUrl}   (the dev template's HTTP API; try {apiUrl}/api/products?q=serum&sort=price_asc)
          API reference  {apiProcessUrl}/scalar   (the API process behind the gateway)
          OpenAPI        {apiUrl}/openapi/v1.json
          Dashboard      http://127.0.0.1:15080
          Local AWS      {emulatorUrl}   (moto; data lives in memory)
          Emails sent    {emulatorUrl}/bstore-emulator/emails
        Press Ctrl-C to stop everything.

        """);
