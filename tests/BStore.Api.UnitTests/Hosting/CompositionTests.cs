using BStore.Api.Hosting;
using BStore.Api.Seeding;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace BStore.Api.UnitTests.Hosting;

/// <summary>
/// The composition root (Features) for each job. Each feature's settings are checked when the process starts: a bad value
/// stops it with a message naming the setting by its key, the one the stacks, the local settings file and the tests set
/// (BStore__Catalog__CacheSeconds and so on).
/// </summary>
public class CompositionTests
{
    private static readonly string CursorKey = Convert.ToBase64String(new byte[32]);

    [Fact]
    public async Task The_defaults_with_a_cursor_key_start()
    {
        await using var app = ApiWith([]);

        await app.StartAsync();
        await app.StopAsync();
    }

    [Theory]
    [InlineData("BStore:Catalog:CacheSeconds", "-1", "BStore:Catalog:CacheSeconds must be from 0")]
    [InlineData("BStore:Catalog:StampCheckSeconds", "0", "BStore:Catalog:StampCheckSeconds must be from 1")]
    [InlineData("BStore:Catalog:CursorKey", "c2hvcnQ=", "BStore:Catalog:CursorKey must be at least 32 bytes")]
    [InlineData("BStore:Catalog:CursorKey", "not base64!", "BStore:Catalog:CursorKey must be base64")]
    [InlineData("BStore:Images:Bucket", "Not_A_Bucket", "BStore:Images:Bucket must be an S3 bucket name")]
    [InlineData("BStore:Tables:Products", "x", "BStore:Tables:Products must be a DynamoDB table name")]
    [InlineData("BStore:Aws:Region", "Europe", "BStore:Aws:Region must be an AWS region name")]
    [InlineData("BStore:Aws:ServiceUrl", "not a url", "BStore:Aws:ServiceUrl must be an absolute http(s) URL")]
    [InlineData("BStore:Cognito:UserPoolId", "us-east-1_abc", "BStore:Cognito:UserPoolId and ClientId go together")]
    [InlineData("BStore:Notifications:EmailWindowSeconds", "0", "BStore:Notifications:EmailWindowSeconds must be from 1 to 240")]
    [InlineData("BStore:Notifications:ShopperEmailsTopicArn", "shopper-emails", "BStore:Notifications:ShopperEmailsTopicArn must be an SNS topic ARN")]
    [InlineData("BStore:Orders:ShipSeconds", "-5", "BStore:Orders:ShipSeconds must be from 0 to 604800")]
    [InlineData("BStore:Limits:MaxJsonDepth", "2", "BStore:Limits:MaxJsonDepth must be between 3")]
    [InlineData("BStore:Limits:ShopperWrites:WindowSeconds", "0", "BStore:Limits:ShopperWrites needs a PermitLimit and a WindowSeconds")]
    [InlineData("BStore:Cors:AllowedOrigins:0", "http://example.com/app", "BStore:Cors:AllowedOrigins:0 must be an origin")]
    [InlineData("BStore:PublicBaseUrl", "/relative", "BStore:PublicBaseUrl must be an absolute http(s) URL")]
    public async Task A_bad_setting_stops_the_API_at_start_naming_it(string key, string value, string message)
    {
        // Limits stop it already when the server is made (Build), the other settings when it starts.
        var start = async () =>
        {
            await using var app = ApiWith(new() { [key] = value });
            await app.StartAsync();
        };

        (await start.Should().ThrowAsync<OptionsValidationException>()).Which.Message.Should().Contain(message);
    }

    [Fact]
    public async Task Outside_Development_the_cursor_key_is_required()
    {
        await using var app = ApiWith(new() { ["BStore:Catalog:CursorKey"] = null });

        var start = () => app.StartAsync();

        (await start.Should().ThrowAsync<OptionsValidationException>()).Which.Message.Should().Contain("BStore:Catalog:CursorKey is not configured.");
    }

    [Fact]
    public async Task In_Development_a_missing_cursor_key_is_one_per_process()
    {
        await using var app = ApiWith(new() { ["BStore:Catalog:CursorKey"] = null }, Environments.Development);

        await app.StartAsync();
        await app.StopAsync();
    }

    [Fact]
    public async Task A_bad_value_is_named_by_the_seeding_function_too()
    {
        var builder = Builder(new() { ["BStore:Job"] = "Seeding", ["BStore:Images:Bucket"] = "UPPER" }, Environments.Production);
        builder.AddFeatures().Should().Be(FunctionJob.Seeding);
        await using var app = builder.Build();

        var start = () => app.StartAsync();

        (await start.Should().ThrowAsync<OptionsValidationException>()).Which.Message.Should().Contain("BStore:Images:Bucket must be an S3 bucket name");
    }

    [Theory]
    [InlineData("Api", new[] { "Cognito's PostConfirmation trigger", "an order workflow step" })]
    [InlineData("Seeding", new[] { "CloudFormation's Custom::CatalogSeed request" })]
    public async Task Each_job_takes_the_Lambda_events_of_its_own_features(string job, string[] takes)
    {
        var builder = Builder(new() { ["BStore:Job"] = job, ["BStore:Catalog:CursorKey"] = CursorKey }, Environments.Production);
        builder.AddFeatures();
        await using var app = builder.Build();

        app.Services.GetServices<ILambdaEventHandler>().Select(h => h.Takes).Should().BeEquivalentTo(takes);
    }

    [Fact]
    public void The_seed_command_names_a_bad_value_of_what_it_writes()
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["BStore:Orders:PackSeconds"] = "-1" });
        SeedSettings.Add(builder);
        using var host = builder.Build();

        var read = () => host.Services.GetRequiredService<IOptions<SeedSettings>>().Value;

        read.Should().Throw<OptionsValidationException>().WithMessage("*BStore:Orders:PackSeconds must be from 0 to 604800*");
    }

    /// <summary>The API function's services as the composition root (Features) composes them (starting it validates every section).</summary>
    private static WebApplication ApiWith(Dictionary<string, string?> settings, string environment = "Production")
    {
        var builder = Builder(new Dictionary<string, string?> { ["BStore:Catalog:CursorKey"] = CursorKey }.Concat(settings)
            .GroupBy(s => s.Key).ToDictionary(g => g.Key, g => g.Last().Value), environment);
        builder.AddFeatures().Should().Be(FunctionJob.Api);
        return builder.Build();
    }

    private static WebApplicationBuilder Builder(Dictionary<string, string?> settings, string environment)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { EnvironmentName = environment });
        builder.Configuration.AddInMemoryCollection(settings);
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        return builder;
    }
}
