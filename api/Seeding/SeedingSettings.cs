using BStore.Api.Catalog;
using BStore.Api.Data;
using BStore.Api.Hosting;
using BStore.Api.Notifications;
using BStore.Api.Orders;
using Microsoft.Extensions.Options;

namespace BStore.Api.Seeding;

/// <summary><c>BStore:Seeding</c>: the seeding function's own settings.</summary>
public sealed class SeedingSettings
{
    /// <summary>The seed catalog a deploy loads; by default <c>seed-data</c> next to the binary.</summary>
    public string? DataDirectory { get; set; }

    /// <summary>Comma-separated hosts a CloudFormation ResponseURL may name besides AWS's own (tests only).</summary>
    public string? AllowedResponseHosts { get; set; }
}

/// <summary>
/// What seeding reads, bound from <c>BStore</c> as the features' own sections are: seeding writes the catalog into the
/// tables and the image bucket, and the seed command makes the emulator's resources (workflows with their waits), so
/// this job reads the sections of the features it writes for. The one settings type that spans features: seeding is the
/// job that stands in for all of them at deploy time.
/// </summary>
public sealed class SeedSettings
{
    public const string Section = "BStore";

    public AwsSettings Aws { get; set; } = new();
    public TableNameSettings Tables { get; set; } = new();
    public ImageSettings Images { get; set; } = new();
    public NotificationSettings Notifications { get; set; } = new();
    public OrderSettings Orders { get; set; } = new();
    public SeedingSettings Seeding { get; set; } = new();

    /// <summary>Checks them all at start, each problem named by its key (<c>BStore:Images:Bucket …</c>).</summary>
    public static OptionsBuilder<SeedSettings> Add(IHostApplicationBuilder builder) =>
        builder.Services.AddOptions<SeedSettings>().Bind(builder.Configuration.GetSection(Section))
            .ValidateSettings(Section, settings => [
                .. Below("Aws", settings.Aws.Problems()),
                .. Below("Tables", settings.Tables.Problems()),
                .. Below("Images", settings.Images.Problems()),
                .. Below("Notifications", settings.Notifications.Problems()),
                .. Below("Orders", settings.Orders.Problems()),
            ]);

    private static IEnumerable<string?> Below(string key, IEnumerable<string?> problems) =>
        problems.Select(problem => problem is null ? null : $"{key}:{problem}");
}
