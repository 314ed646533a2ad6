using System.Security.Cryptography;
using Amazon.DynamoDBv2;
using BStore.Api.Hosting;
using BStore.LocalAws;

namespace BStore.Api.IntegrationTests.Infrastructure;

/// <summary>
/// One local AWS emulator (moto), one API process and the local API gateway in front of it for the whole test run,
/// set up by apphost/LocalAws, seeded from seed-data/ by the API binary's seed command. The API under test is the build output, or the binary
/// named by BSTORE_API_EXECUTABLE (scripts/test sets it to the Native AOT publish output). <see cref="Api"/> talks to the
/// gateway, which applies the dev stage template's routes, JWT authorizer and CORS as API Gateway does in AWS;
/// <see cref="ApiDirect"/> to the API process itself (its own answers behind the gateway, and what only Lambda reaches).
/// </summary>
public sealed class BStoreFixture : IAsyncLifetime
{
    public const string ApiExecutableVariable = "BSTORE_API_EXECUTABLE";

    /// <summary>The activity workflow's email window in the tests' emulator: short, so that tests can wait it out.</summary>
    public const int EmailWindowSeconds = 2;

    /// <summary>The order workflow's wait before packing, shipping and delivering in the tests' emulator.</summary>
    public const int OrderWaitSeconds = 2;

    /// <summary>How long the API's catalog snapshot answers before it is read again: short, so that tests can wait it out.</summary>
    public const int CatalogCacheSeconds = 2;

    private readonly string _cursorKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    /// <summary>The emulator sends it with every Lambda event; the API takes /events from nobody without it.</summary>
    public string LambdaEventsToken { get; } = Convert.ToHexString(RandomNumberGenerator.GetBytes(32));

    private readonly string _localSettings = Path.Combine(Path.GetTempPath(), $"bstore-test-settings-{Guid.NewGuid():N}.json");
    private ChildProcess? _emulator;
    private ApiProcess? _api;
    private ApiProcess? _gateway;

    public Uri EmulatorUrl { get; private set; } = null!;

    /// <summary>The API's public address: the local gateway, as clients reach API Gateway in AWS.</summary>
    public HttpClient Api { get; private set; } = null!;

    /// <summary>The API process itself, which only the gateway (in AWS: the Lambda Web Adapter) reaches.</summary>
    public HttpClient ApiDirect { get; private set; } = null!;
    public IAmazonDynamoDB DynamoDb { get; private set; } = null!;
    public SeedData Seed { get; } = SeedData.Load(Repository.SeedData);
    public ShopperAccounts Shoppers { get; private set; } = null!;
    public EmulatorEmails Emails { get; private set; } = null!;

    /// <summary>True when the API under test is a Native AOT binary rather than the JIT build.</summary>
    public bool IsNativeAot => !string.IsNullOrEmpty(Environment.GetEnvironmentVariable(ApiExecutableVariable));

    public async Task InitializeAsync()
    {
        var emulatorPort = FreePorts.Next();
        var apiPort = FreePorts.Next();
        var gatewayPort = FreePorts.Next();
        EmulatorUrl = new Uri($"http://127.0.0.1:{emulatorPort}");
        _emulator = ChildProcess.Start("python3",
            [Path.Combine(Repository.Root, "apphost", "emulator", "moto_launcher.py"), "-H", "127.0.0.1", "-p", $"{emulatorPort}"],
            // Cognito's PostConfirmation trigger and the order workflow's steps reach the API under test as they would in Lambda.
            new Dictionary<string, string?>
            {
                ["BSTORE_EMULATOR_FUNCTIONS"] = $"{LocalResources.LocalApiFunctionName}=http://127.0.0.1:{apiPort}/events",
                ["BSTORE_LAMBDA_EVENTS_TOKEN"] = LambdaEventsToken,
            });
        await _emulator.WaitUntilReadyAsync(new Uri(EmulatorUrl, "/moto-api/data.json"), TimeSpan.FromSeconds(30));
        DynamoDb = AwsClients.CreateDynamoDb(new AwsSettings { ServiceUrl = EmulatorUrl.ToString() });

        var (exitCode, output) = await RunSeedAsync(Repository.SeedData, createResources: true, localSettings: _localSettings);
        if (exitCode != 0)
        {
            throw new InvalidOperationException($"Seeding failed ({exitCode}):{Environment.NewLine}{output}");
        }

        _api = await StartApiAsync(apiPort, new Dictionary<string, string?> { ["BStore__PublicBaseUrl"] = $"http://127.0.0.1:{gatewayPort}" });
        ApiDirect = _api.Client;
        _gateway = await StartGatewayAsync(gatewayPort, _api.Client.BaseAddress!);
        Api = _gateway.Client;
        Shoppers = new ShopperAccounts(EmulatorUrl, LocalIdentity.Read(_localSettings));
        Emails = new EmulatorEmails(EmulatorUrl);
    }

    /// <summary>
    /// Starts another API process against the same emulator and user pool, with <paramref name="settings"/> on top of
    /// the suite's own (tests of settings the shared process cannot have, such as tiny limits).
    /// </summary>
    public Task<ApiProcess> StartApiAsync(IDictionary<string, string?> settings) => StartApiAsync(FreePorts.Next(), settings);

    private async Task<ApiProcess> StartApiAsync(int port, IDictionary<string, string?>? settings = null)
    {
        var (fileName, arguments) = ApiCommand();
        var environment = ApiEnvironment();
        environment["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}";
        environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        environment["BStore__Catalog__CursorKey"] = _cursorKey; // shared: cursors of one process continue in another
        environment["BStore__LambdaEvents__Token"] = LambdaEventsToken;
        environment["BSTORE_LOCAL_SETTINGS"] = _localSettings;
        environment["BStore__Seeding__AllowedResponseHosts"] = ResponseCatcher.Host;
        environment["BStore__Seeding__DataDirectory"] = Repository.SeedData;
        // The suite sends bursts from one address and one shopper (CartConcurrencyTests) at an emulator slower than
        // DynamoDB: the limits stay on, out of the way. RateLimitTests and RequestLimitTests start processes with tight ones.
        environment["BStore__Limits__ShopperWrites__PermitLimit"] = "100000";
        environment["BStore__Limits__AnonymousPerAddress__PermitLimit"] = "100000";
        environment["BStore__Limits__RequestTimeoutSeconds"] = "30";
        environment["BStore__Cors__AllowedOrigins__0"] = "http://localhost:8081";
        environment["BStore__Cors__AllowedOrigins__1"] = "http://127.0.0.1:8081";
        foreach (var (name, value) in settings ?? new Dictionary<string, string?>())
        {
            environment[name] = value;
        }
        return await WhenReadyAsync(ChildProcess.Start(fileName, arguments, environment, Path.GetDirectoryName(ApiPath())), port, "/health");
    }

    /// <summary>Starts the local gateway (gateway/) from the committed dev template in front of <paramref name="upstream"/>.</summary>
    public async Task<ApiProcess> StartGatewayAsync(int port, Uri upstream)
    {
        var environment = new Dictionary<string, string?>
        {
            ["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}",
            ["Gateway__Template"] = Path.Combine(Repository.Root, "stacks", "snapshots", "dev.template.json"),
            ["Gateway__Upstream"] = upstream.ToString(),
            ["Gateway__LocalSettings"] = _localSettings,
        };
        var process = ChildProcess.Start("dotnet", [Path.Combine(AppContext.BaseDirectory, "BStore.LocalGateway.dll")], environment, AppContext.BaseDirectory);
        return await WhenReadyAsync(process, port, "/api/config"); // routed to the API: the gateway and what is behind it answer
    }

    /// <summary>The process once <paramref name="readyPath"/> answers 200 on <paramref name="port"/> (stopped if it never does).</summary>
    private static async Task<ApiProcess> WhenReadyAsync(ChildProcess process, int port, string readyPath)
    {
        var started = new ApiProcess(process, new Uri($"http://127.0.0.1:{port}"));
        try
        {
            await process.WaitUntilReadyAsync(new Uri(started.Client.BaseAddress!, readyPath), TimeSpan.FromSeconds(60));
        }
        catch
        {
            await started.DisposeAsync();
            throw;
        }
        return started;
    }

    /// <summary>
    /// Runs <c>BStore.Api seed</c> against the emulator, after the local environment's set-up tool (apphost/LocalAws) when
    /// <paramref name="createResources"/>; <paramref name="environment"/> can point both at other tables.
    /// </summary>
    public async Task<(int ExitCode, string Output)> RunSeedAsync(
        string seedDirectory, bool createResources = false, IDictionary<string, string?>? environment = null, string? localSettings = null)
    {
        var variables = ApiEnvironment();
        foreach (var (name, value) in environment ?? new Dictionary<string, string?>())
        {
            variables[name] = value;
        }
        var setUpOutput = "";
        if (createResources)
        {
            // The local resources, the functions' roles included, come from the synthesized template.
            List<string> setUp = [Path.Combine(AppContext.BaseDirectory, "BStore.LocalAws.dll"),
                "--template", Path.Combine(Repository.Root, "stacks", "snapshots", "dev.template.json")];
            if (localSettings is not null)
            {
                setUp.AddRange(["--local-settings", localSettings]);
            }
            var (setUpExitCode, output) = await ChildProcess.RunAsync("dotnet", setUp, variables, TimeSpan.FromMinutes(2));
            if (setUpExitCode != 0)
            {
                return (setUpExitCode, output);
            }
            setUpOutput = output;
        }
        var (fileName, arguments) = ApiCommand();
        var (exitCode, seedOutput) = await ChildProcess.RunAsync(fileName, [.. arguments, "seed", "--data", seedDirectory], variables, TimeSpan.FromMinutes(2));
        return (exitCode, setUpOutput + seedOutput);
    }

    public string ApiOutput => _api?.Output ?? "";

    /// <summary>What the set-up step wrote for the API (BSTORE_LOCAL_SETTINGS): the user pool, the topic, the API role's credentials.</summary>
    public string LocalSettingsFile => _localSettings;

    /// <summary>Sets faults in the emulator's DynamoDB (moto_launcher.py item 8), e.g. <c>{"outageSeconds":5}</c> or <c>{"clear":true}</c>.</summary>
    public async Task SetEmulatorFaultsAsync(string faults)
    {
        using var client = new HttpClient { BaseAddress = EmulatorUrl };
        using var response = await client.PostAsync("/bstore-emulator/faults", new StringContent(faults, System.Text.Encoding.UTF8, "application/json"));
        response.EnsureSuccessStatusCode();
    }

    /// <summary>
    /// Waits until the API's catalog snapshot has been read after this call (catalog pages from it carry <c>Age</c>), so that
    /// it holds what was written before: products a test put straight into the table, or ratings its reviews changed.
    /// </summary>
    public async Task WaitForCatalogAsync(HttpClient? api = null)
    {
        var since = DateTimeOffset.UtcNow;
        var deadline = since + TimeSpan.FromSeconds(4 * CatalogCacheSeconds + 10);
        while (true)
        {
            using var response = await (api ?? Api).GetAsync("/api/products?limit=1");
            var now = DateTimeOffset.UtcNow;
            // Age is whole seconds, rounded down: the snapshot was read at most Age + 1 s ago.
            if (response.Headers.Age is { } age && now - age - TimeSpan.FromSeconds(1) >= since)
            {
                return;
            }
            if (now > deadline)
            {
                throw new TimeoutException($"The API's catalog snapshot was not read again within {(deadline - since).TotalSeconds} s.");
            }
            await Task.Delay(250);
        }
    }

    public async Task DisposeAsync()
    {
        Emails?.Dispose();
        File.Delete(_localSettings);
        DynamoDb?.Dispose();
        if (_gateway is not null)
        {
            await _gateway.DisposeAsync();
        }
        if (_api is not null)
        {
            await _api.DisposeAsync();
        }
        if (_emulator is not null)
        {
            await _emulator.DisposeAsync();
        }
    }

    private Dictionary<string, string?> ApiEnvironment() => new()
    {
        ["BStore__Aws__ServiceUrl"] = EmulatorUrl.ToString().TrimEnd('/'),
        ["BStore__Diagnostics__CountDynamoDbCalls"] = "true",
        ["BStore__Catalog__CacheSeconds"] = CatalogCacheSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["BStore__Catalog__StampCheckSeconds"] = "1",
        ["BStore__Notifications__EmailWindowSeconds"] = EmailWindowSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["BStore__Orders__PackSeconds"] = OrderWaitSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["BStore__Orders__ShipSeconds"] = OrderWaitSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["BStore__Orders__DeliverSeconds"] = OrderWaitSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["OTEL_EXPORTER_OTLP_ENDPOINT"] = null,
    };

    private static (string FileName, string[] Arguments) ApiCommand() =>
        Environment.GetEnvironmentVariable(ApiExecutableVariable) is { Length: > 0 } executable
            ? (executable, [])
            : ("dotnet", [ApiPath()]);

    private static string ApiPath() =>
        Environment.GetEnvironmentVariable(ApiExecutableVariable) is { Length: > 0 } executable
            ? Path.GetFullPath(executable)
            : Path.Combine(AppContext.BaseDirectory, "BStore.Api.dll");
}

/// <summary>An API process the tests started, and a client for it (30 s timeout).</summary>
public sealed class ApiProcess(ChildProcess process, Uri baseAddress) : IAsyncDisposable
{
    public HttpClient Client { get; } = new() { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(30) };

    public string Output => process.Output;

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await process.DisposeAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class BStoreCollection : ICollectionFixture<BStoreFixture>
{
    public const string Name = "BStore";
}
