namespace BStore.Api.Hosting;

/// <summary>Everything the API needs to know about its deployment, bound from the <c>BStore</c> section.</summary>
public sealed class BStoreOptions
{
    public const string Section = "BStore";

    public AwsSettings Aws { get; set; } = new();
    public TableNameSettings Tables { get; set; } = new();
    public ImageSettings Images { get; set; } = new();
    public CatalogSettings Catalog { get; set; } = new();
    public CognitoSettings Cognito { get; set; } = new();
    public SeedingSettings Seeding { get; set; } = new();
    public NotificationSettings Notifications { get; set; } = new();
    public OrderSettings Orders { get; set; } = new();
    public LimitSettings Limits { get; set; } = new();
    public CorsSettings Cors { get; set; } = new();
    public LambdaEventSettings LambdaEvents { get; set; } = new();

    /// <summary>Which of the two functions this process is (the template sets it on each): the shopper API or the catalog seeder.</summary>
    public FunctionJob Job { get; set; } = FunctionJob.Api;

    /// <summary>The public base URL of this API; when unset it is taken from the request.</summary>
    public string? PublicBaseUrl { get; set; }
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

/// <summary>POST /events outside Lambda (local environment, tests): where the emulator delivers what Lambda would.</summary>
public sealed class LambdaEventSettings
{
    /// <summary>
    /// A secret the emulator sends with every event (header <c>X-BStore-Lambda-Events-Token</c>), generated per run by the
    /// apphost or the tests. Outside Lambda, /events exists only when it is set. In Lambda only the adapter reaches the port.
    /// </summary>
    public string? Token { get; set; }
}

public sealed class AwsSettings
{
    public string Region { get; set; } = "us-east-1";

    /// <summary>The local AWS emulator's address. Unset in AWS, where the SDK finds the regional endpoints.</summary>
    public string? ServiceUrl { get; set; }

    /// <summary>
    /// The emulator only: credentials of each function's role in the emulator, by job (<see cref="BStoreOptions.Job"/>),
    /// which the emulator enforces the role's policies for (the seed step writes them into the local settings). In AWS
    /// they come from the Lambda environment.
    /// </summary>
    public Dictionary<string, RoleCredentials> Roles { get; set; } = [];
}

public sealed class RoleCredentials
{
    public string? AccessKeyId { get; set; }
    public string? SecretAccessKey { get; set; }
    public string? SessionToken { get; set; }
}

public sealed class TableNameSettings
{
    public string Category { get; set; } = Data.Tables.Category.Name;
    public string Products { get; set; } = Data.Tables.Products.Name;
    public string UserActivity { get; set; } = Data.Tables.UserActivity.Name;
}

public sealed class ImageSettings
{
    public string Bucket { get; set; } = "bstore-images";

    /// <summary>Where shoppers fetch images from (CloudFront in AWS). When unset, derived from the emulator address.</summary>
    public string? BaseUrl { get; set; }
}

public sealed class CatalogSettings
{
    /// <summary>Base64 HMAC key that signs pagination cursors; every instance of one deployment must share it.</summary>
    public string? CursorKey { get; set; }

    /// <summary>
    /// How long the in-process catalog snapshot answers browsing before it is read again (stock and ratings in
    /// lists are at most this old); 0 turns the snapshot off. Twice this old, it is no longer used at all.
    /// </summary>
    public int CacheSeconds { get; set; } = 30;

    /// <summary>How often the seeder's catalog version is checked, so that a seed is seen within this time.</summary>
    public int StampCheckSeconds { get; set; } = 5;
}

public sealed class CognitoSettings
{
    public string? UserPoolId { get; set; }
    public string? ClientId { get; set; }
    public string? Endpoint { get; set; }
}

public sealed class SeedingSettings
{
    /// <summary>The seed catalog a deploy loads; by default <c>seed-data</c> next to the binary.</summary>
    public string? DataDirectory { get; set; }

    /// <summary>Comma-separated hosts a CloudFormation ResponseURL may name besides AWS's own (tests only).</summary>
    public string? AllowedResponseHosts { get; set; }
}

public sealed class NotificationSettings
{
    /// <summary>The SNS topic of shopper emails; each shopper's subscription filters on their userId.</summary>
    public string? ShopperEmailsTopicArn { get; set; }

    /// <summary>Local environment only (AWS takes it from stacks/config): one email per shopper per this many seconds.</summary>
    public int EmailWindowSeconds { get; set; } = 60;
}

/// <summary>Local environment only (AWS takes them from stacks/config): the order workflow's waits after payment.</summary>
public sealed class OrderSettings
{
    public int PackSeconds { get; set; } = 10;
    public int ShipSeconds { get; set; } = 10;
    public int DeliverSeconds { get; set; } = 10;
}

/// <summary>What one request may be and do: sizes, nesting, time, and how many writes and anonymous requests per client.</summary>
public sealed class LimitSettings
{
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
    /// <summary>Browser origins allowed to call the API (the web app); none by default.</summary>
    public string[] AllowedOrigins { get; set; } = [];
}
