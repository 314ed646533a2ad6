namespace BStore.Api.Hosting;

// The settings every BStore process shares, each bound from its own section under BStore (the names are the
// configuration keys and BStore__... variables the stacks, the local settings file and the tests set). Each feature
// owns its own settings type next to its code; this layer knows none of them.

/// <summary><c>BStore:Job</c>: which of the two functions this process is (the template sets it on each).</summary>
public sealed class FunctionSettings
{
    public const string Section = "BStore";

    public FunctionJob Job { get; set; } = FunctionJob.Api;

    /// <summary>The job, read at registration: it decides which services exist.</summary>
    public static FunctionJob JobIn(IConfiguration configuration) =>
        (configuration.GetSection(Section).Get<FunctionSettings>() ?? new()).Job;
}

/// <summary>
/// The two jobs the one binary has in AWS, each its own Lambda function with its own role (docs/adr/0016): the API serves
/// shoppers (and Cognito's trigger and the order workflow's steps); the seeder only answers CloudFormation's catalog seed.
/// </summary>
public enum FunctionJob
{
    Api,
    Seeding,
}

public sealed class AwsSettings
{
    public const string Section = "BStore:Aws";

    public string Region { get; set; } = "us-east-1";

    /// <summary>The local AWS emulator's address. Unset in AWS, where the SDK finds the regional endpoints.</summary>
    public string? ServiceUrl { get; set; }

    /// <summary>
    /// The emulator only: credentials of each function's role in the emulator, by job (<see cref="FunctionSettings.Job"/>),
    /// which the emulator enforces the role's policies for (the seed step writes them into the local settings). In AWS
    /// they come from the Lambda environment.
    /// </summary>
    public Dictionary<string, RoleCredentials> Roles { get; set; } = [];

    /// <summary>The settings, read at registration: the AWS clients are made with them.</summary>
    public static AwsSettings In(IConfiguration configuration) => configuration.GetSection(Section).Get<AwsSettings>() ?? new();

    internal IEnumerable<string?> Problems()
    {
        yield return System.Text.RegularExpressions.Regex.IsMatch(Region ?? "", @"\A[a-z]{2}(-[a-z]+)+-[0-9]+\z")
            ? null
            : "Region must be an AWS region name, such as us-east-1.";
        yield return ServiceUrl is { Length: > 0 } && !SettingsValidation.IsHttpUrl(ServiceUrl)
            ? "ServiceUrl must be an absolute http(s) URL (the emulator's address) or unset."
            : null;
    }
}

public sealed class RoleCredentials
{
    public string? AccessKeyId { get; set; }
    public string? SecretAccessKey { get; set; }
    public string? SessionToken { get; set; }
}

/// <summary>What one request may be and do: sizes, nesting, time, and how many writes and anonymous requests per client.</summary>
public sealed class LimitSettings
{
    public const string Section = "BStore:Limits";

    /// <summary>Any request body, checked before anything else runs (Kestrel enforces it too, for bodies sent without a length).</summary>
    public long MaxRequestBodyBytes { get; set; } = 64 * 1024;

    /// <summary>A JSON body an endpoint reads (the largest real one, a 4000-character review, is well below).</summary>
    public int MaxJsonBodyBytes { get; set; } = 16 * 1024;

    /// <summary>Nesting of objects and arrays in a JSON body; the deepest real body (cart merge) has 3 levels.</summary>
    public int MaxJsonDepth { get; set; } = 8;

    /// <summary>All request headers together (names and values); Kestrel refuses twice this outright.</summary>
    public int MaxRequestHeadersBytes { get; set; } = 16 * 1024;

    public int MaxRequestHeaderCount { get; set; } = 64;

    /// <summary>Time a request may take under /api before it is answered 503; below the Lambda timeout (stacks/config).</summary>
    public int RequestTimeoutSeconds { get; set; } = 10;

    /// <summary>Writes (POST, PUT, PATCH, DELETE under /api) per signed-in shopper, keyed by the token's sub.</summary>
    public RateLimitSettings ShopperWrites { get; set; } = new() { PermitLimit = 60, WindowSeconds = 60 };

    /// <summary>Requests under /api without a valid token (catalog, config, refused tokens) per client address.</summary>
    public RateLimitSettings AnonymousPerAddress { get; set; } = new() { PermitLimit = 300, WindowSeconds = 60 };

    /// <summary>
    /// Take the client address from the last X-Forwarded-For entry (the one API Gateway appends) instead of the
    /// connection. Only behind API Gateway (the stack sets it): anywhere else the header is whatever the client wrote.
    /// </summary>
    public bool TrustForwardedFor { get; set; }
}

/// <summary>A token bucket: bursts of up to <see cref="PermitLimit"/> requests, refilled at PermitLimit per WindowSeconds.</summary>
public sealed class RateLimitSettings
{
    public int PermitLimit { get; set; }
    public int WindowSeconds { get; set; }
}

public sealed class CorsSettings
{
    public const string Section = "BStore:Cors";

    /// <summary>Browser origins allowed to call the API (the web app); none by default.</summary>
    public string[] AllowedOrigins { get; set; } = [];

    internal IEnumerable<string?> Problems() => AllowedOrigins.Select((origin, i) =>
        SettingsValidation.IsHttpUrl(origin) && new Uri(origin).AbsolutePath == "/"
            ? null
            : $"AllowedOrigins:{i} must be an origin (scheme://host[:port]), not '{origin}'.");
}
