using System.Text.Json.Nodes;

namespace BStore.Stacks.Tests;

public sealed class StageConfigTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("bstore-config-").FullName;
    private readonly string _source = Path.Combine(Repository.Root(), "stacks", "config");

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Theory]
    [InlineData("dev")]
    [InlineData("prod")]
    public void The_committed_stage_files_are_valid(string stage)
    {
        var config = StageConfig.Load(_source, stage);

        config.Stage.Should().Be(stage);
        config.NamePrefix.Should().Be($"bstore-{stage}");
    }

    [Fact]
    public void Prod_retains_data_and_dev_does_not()
    {
        StageConfig.Load(_source, "prod").RetainData.Should().BeTrue();
        StageConfig.Load(_source, "dev").RetainData.Should().BeFalse();
    }

    [Theory]
    [InlineData("api.memoryMb", "'api.memoryMb' is missing")]
    [InlineData("namePrefix", "'namePrefix' is missing")]
    [InlineData("alarms", "'alarms' is missing")]
    public void A_missing_key_is_named(string key, string expected)
    {
        Write(config => Remove(config, key));

        Problems().Should().Contain(expected).And.Contain("dev.json");
    }

    [Theory]
    [InlineData("api.memoryMb", "64", "'api.memoryMb' must be a whole number from 128 to 10240")]
    [InlineData("api.timeoutSeconds", "\"15\"", "'api.timeoutSeconds' must be a whole number")]
    [InlineData("logRetentionDays", "10", "'logRetentionDays' must be one of 1, 3, 5, 7, 14")]
    [InlineData("identity.advancedSecurity", "\"MAX\"", "'identity.advancedSecurity' must be one of OFF, AUDIT, ENFORCED")]
    [InlineData("api.corsAllowedOrigins", "[\"*\"]", "'api.corsAllowedOrigins' must be a non-empty list")]
    [InlineData("region", "\"moon-1\"", "'region' must be a string matching")]
    [InlineData("retainData", "\"yes\"", "'retainData' must be true or false")]
    public void An_invalid_value_is_named_with_what_is_allowed(string key, string json, string expected)
    {
        Write(config => Set(config, key, JsonNode.Parse(json)));

        Problems().Should().Contain(expected);
    }

    [Fact]
    public void Threat_protection_below_the_plus_tier_is_refused_before_cognito_refuses_the_pool()
    {
        Write(config =>
        {
            config["identity"]!["userPoolTier"] = "ESSENTIALS";
            config["identity"]!["advancedSecurity"] = "AUDIT";
        });

        Problems().Should().Contain("'identity.advancedSecurity' 'AUDIT' needs 'identity.userPoolTier' PLUS");
    }

    [Fact]
    public void Reserved_concurrency_may_be_left_unset_but_never_below_the_provisioned_instances()
    {
        Write(config => config["api"]!["reservedConcurrency"] = null);
        StageConfig.Load(_directory, "dev").Api.ReservedConcurrency.Should().BeNull();

        Write(config =>
        {
            config["api"]!["reservedConcurrency"] = 2;
            config["api"]!["provisionedConcurrency"] = 3;
        });
        Problems().Should().Contain("'api.provisionedConcurrency' must not exceed 'api.reservedConcurrency'");
    }

    [Fact]
    public void An_unknown_key_is_reported()
    {
        Write(config => config["api"]!["memroyMb"] = 512);

        Problems().Should().Contain("'api.memroyMb' is not a known setting");
    }

    [Fact]
    public void Every_problem_is_reported_at_once()
    {
        Write(config =>
        {
            Remove(config, "region");
            Set(config, "api.memoryMb", JsonValue.Create(1));
        });

        Problems().Should().Contain("'region'").And.Contain("'api.memoryMb'");
    }

    [Fact]
    public void A_file_for_another_stage_is_refused()
    {
        Write(config => config["stage"] = "prod");

        Problems().Should().Contain("'stage' is 'prod' but the file is for stage 'dev'");
    }

    [Fact]
    public void A_stage_without_a_file_is_refused()
    {
        var load = () => StageConfig.Load(_source, "qa");

        load.Should().Throw<StageConfigException>().WithMessage("*no configuration for stage 'qa'*");
    }

    private void Write(Action<JsonObject> edit)
    {
        var config = JsonNode.Parse(File.ReadAllText(Path.Combine(_source, "dev.json")))!.AsObject();
        edit(config);
        File.WriteAllText(Path.Combine(_directory, "dev.json"), config.ToJsonString());
    }

    private string Problems()
    {
        var load = () => StageConfig.Load(_directory, "dev");
        return load.Should().Throw<StageConfigException>().Which.Message;
    }

    private static void Remove(JsonObject config, string key)
    {
        var (parent, name) = Locate(config, key);
        parent.Remove(name);
    }

    private static void Set(JsonObject config, string key, JsonNode? value)
    {
        var (parent, name) = Locate(config, key);
        parent[name] = value;
    }

    private static (JsonObject Parent, string Name) Locate(JsonObject config, string key)
    {
        var parts = key.Split('.');
        var parent = config;
        foreach (var part in parts[..^1])
        {
            parent = parent[part]!.AsObject();
        }
        return (parent, parts[^1]);
    }
}
