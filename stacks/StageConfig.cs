using BStore.Api.Workflows;
using System.Text.Json;

namespace BStore.Stacks;

/// <summary>Everything that differs between stages, read from stacks/config/&lt;stage&gt;.json.</summary>
public sealed record StageConfig(
    string Stage,
    string NamePrefix,
    string Region,
    bool RetainData,
    int LogRetentionDays,
    ApiConfig Api,
    IdentityConfig Identity,
    ImagesConfig Images,
    WorkflowsConfig Workflows,
    AlarmsConfig Alarms)
{
    /// <summary>CloudWatch Logs accepts only these retention periods.</summary>
    public static readonly int[] RetentionDays = [1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653];

    public static StageConfig Load(string directory, string stage)
    {
        var file = Path.Combine(directory, $"{stage}.json");
        if (!File.Exists(file))
        {
            throw new StageConfigException($"{file}: no configuration for stage '{stage}'.");
        }
        using var document = JsonDocument.Parse(File.ReadAllText(file), new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip });
        var reader = new ConfigReader(Path.GetFileName(file), document.RootElement);
        var config = Read(reader);
        reader.ThrowIfInvalid();
        if (config.Stage != stage)
        {
            throw new StageConfigException($"{Path.GetFileName(file)}: key 'stage' is '{config.Stage}' but the file is for stage '{stage}'.");
        }
        return config;
    }

    private static StageConfig Read(ConfigReader r)
    {
        var api = r.Section("api");
        var identity = r.Section("identity");
        var images = r.Section("images");
        var workflows = r.Section("workflows");
        var alarms = r.Section("alarms");
        var config = new StageConfig(
            Stage: r.Text("stage", @"^[a-z][a-z0-9]{1,15}$"),
            NamePrefix: r.Text("namePrefix", @"^[a-z][a-z0-9-]{2,30}$"),
            Region: r.Text("region", @"^[a-z]{2}(-[a-z]+)+-\d$"),
            RetainData: r.Flag("retainData"),
            LogRetentionDays: r.OneOf("logRetentionDays", RetentionDays),
            Api: new ApiConfig(
                MemoryMb: api.Number("memoryMb", 128, 10240),
                TimeoutSeconds: api.Number("timeoutSeconds", 1, 29),
                ReservedConcurrency: api.OptionalNumber("reservedConcurrency", 1, 10000),
                ProvisionedConcurrency: api.Number("provisionedConcurrency", 0, 1000),
                ThrottleRatePerSecond: api.Number("throttleRatePerSecond", 1, 100000),
                ThrottleBurst: api.Number("throttleBurst", 1, 100000),
                CorsAllowedOrigins: api.Texts("corsAllowedOrigins", @"^https?://[a-z0-9.-]+(:\d+)?$"),
                LambdaWebAdapterLayerVersion: api.Number("lambdaWebAdapterLayerVersion", 1, 1000)),
            Identity: new IdentityConfig(
                UserPoolTier: identity.OneOf("userPoolTier", ["LITE", "ESSENTIALS", "PLUS"]),
                AdvancedSecurity: identity.OneOf("advancedSecurity", ["OFF", "AUDIT", "ENFORCED"]),
                AccessTokenMinutes: identity.Number("accessTokenMinutes", 5, 1440),
                RefreshTokenDays: identity.Number("refreshTokenDays", 1, 3650)),
            Images: new ImagesConfig(
                NoncurrentVersionDays: images.Number("noncurrentVersionDays", 1, 3650),
                PriceClass: images.OneOf("priceClass", ["PriceClass_100", "PriceClass_200", "PriceClass_All"])),
            Workflows: new WorkflowsConfig(
                OrderWaits: new OrderWaits(
                    PackSeconds: workflows.Number("orderPackSeconds", 0, 604800),
                    ShipSeconds: workflows.Number("orderShipSeconds", 0, 604800),
                    DeliverSeconds: workflows.Number("orderDeliverSeconds", 0, 604800)),
                EmailWindowSeconds: workflows.Number("emailWindowSeconds", 1, 240)),
            Alarms: new AlarmsConfig(
                Api5xxRatePercent: alarms.Number("api5xxRatePercent", 1, 100),
                ApiP99LatencyMs: alarms.Number("apiP99LatencyMs", 10, 30000),
                LambdaErrorsPerFiveMinutes: alarms.Number("lambdaErrorsPerFiveMinutes", 1, 100000),
                ThrottlesPerFiveMinutes: alarms.Number("throttlesPerFiveMinutes", 1, 100000),
                WorkflowFailuresPerFiveMinutes: alarms.Number("workflowFailuresPerFiveMinutes", 1, 100000)));

        // Rules between settings that AWS would otherwise refuse only at deploy time.
        api.Require(config.Api.ReservedConcurrency is null || config.Api.ProvisionedConcurrency <= config.Api.ReservedConcurrency,
            "provisionedConcurrency", "must not exceed 'api.reservedConcurrency' (Lambda takes provisioned instances from the reservation)");
        identity.Require(config.Identity.AdvancedSecurity == "OFF" || config.Identity.UserPoolTier == "PLUS",
            "advancedSecurity", $"'{config.Identity.AdvancedSecurity}' needs 'identity.userPoolTier' PLUS: threat protection is a Plus feature, " +
            "and a pool on another tier that asks for it fails to create (ADR 0014)");
        return config;
    }
}

/// <param name="ReservedConcurrency">
/// Null leaves the function on the account's unreserved pool: a fresh account (quota 10) cannot reserve any (docs/deploy.md).
/// </param>
/// <param name="ProvisionedConcurrency">Warm instances of the live alias; 0 for none.</param>
public sealed record ApiConfig(
    int MemoryMb,
    int TimeoutSeconds,
    int? ReservedConcurrency,
    int ProvisionedConcurrency,
    int ThrottleRatePerSecond,
    int ThrottleBurst,
    IReadOnlyList<string> CorsAllowedOrigins,
    int LambdaWebAdapterLayerVersion);

/// <param name="UserPoolTier">Cognito's feature plan (LITE, ESSENTIALS, PLUS); threat protection needs PLUS (ADR 0014).</param>
/// <param name="AdvancedSecurity">Threat protection: OFF, AUDIT (log risks) or ENFORCED (block them).</param>
public sealed record IdentityConfig(string UserPoolTier, string AdvancedSecurity, int AccessTokenMinutes, int RefreshTokenDays);

public sealed record ImagesConfig(int NoncurrentVersionDays, string PriceClass);

/// <param name="OrderWaits">How long the order workflow waits before packing, shipping and delivering (a week at most each).</param>
/// <param name="EmailWindowSeconds">Activity within this window after a shopper's first change goes out as one email.</param>
public sealed record WorkflowsConfig(OrderWaits OrderWaits, int EmailWindowSeconds);

public sealed record AlarmsConfig(
    int Api5xxRatePercent,
    int ApiP99LatencyMs,
    int LambdaErrorsPerFiveMinutes,
    int ThrottlesPerFiveMinutes,
    int WorkflowFailuresPerFiveMinutes);

public sealed class StageConfigException(string message) : Exception(message);
