using System.Text.Json.Nodes;
using BStore.LocalAws;

namespace BStore.Api.UnitTests.LocalAws;

/// <summary>The API function's settings as the template gives them, resolved to the local resources (the local settings file).</summary>
public class TemplateSettingsTests
{
    private static readonly Dictionary<string, string> LocalValues = new()
    {
        ["BStore__Tables__Category"] = "Category", ["BStore__Tables__Products"] = "Products", ["BStore__Tables__UserActivity"] = "UserActivity",
        ["BStore__Images__Bucket"] = "bstore-images", ["BStore__Cognito__UserPoolId"] = "us-east-1_local", ["BStore__Cognito__ClientId"] = "client-local",
        ["BStore__Notifications__ShopperEmailsTopicArn"] = "arn:aws:sns:us-east-1:123456789012:local-emails",
        ["BStore__Cognito__Endpoint"] = "http://127.0.0.1:5000",
    };

    private static JsonObject DevTemplate() =>
        JsonNode.Parse(File.ReadAllText(Path.Combine(Repository.Root, "stacks", "snapshots", "dev.template.json")))!.AsObject();

    [Fact]
    public void The_dev_API_function_s_settings_are_the_template_s_with_local_resources_and_local_addresses()
    {
        var settings = TemplateSettings.ForFunction(DevTemplate(), TemplateRole.ApiFunctionPrefix, LocalValues);

        settings.Should().Contain(new Dictionary<string, string>
        {
            ["BStore__Tables__UserActivity"] = "UserActivity",
            ["BStore__Cognito__UserPoolId"] = "us-east-1_local",
            ["BStore__Notifications__ShopperEmailsTopicArn"] = "arn:aws:sns:us-east-1:123456789012:local-emails",
            ["BStore__Cognito__Endpoint"] = "http://127.0.0.1:5000",
            ["BStore__Limits__TrustForwardedFor"] = "true", // behind API Gateway, as locally behind the gateway
            ["BStore__Aws__Region"] = "us-east-1",
        });
        settings.Keys.Should().NotContain(["BStore__PublicBaseUrl", "BStore__Catalog__CursorKey", "BStore__Images__BaseUrl", "BStore__Job"],
            "only AWS gives their template values, and the job is each process's own")
            .And.NotContain(k => !k.StartsWith("BStore__"), "the adapter's and Lambda's variables are not the application's settings");
    }

    [Fact]
    public void A_setting_the_template_drops_is_missing_locally_too()
    {
        var template = DevTemplate();
        Environment(template).Remove("BStore__Notifications__ShopperEmailsTopicArn");

        TemplateSettings.ForFunction(template, TemplateRole.ApiFunctionPrefix, LocalValues).Keys
            .Should().NotContain("BStore__Notifications__ShopperEmailsTopicArn");
    }

    [Fact]
    public void A_setting_only_AWS_can_resolve_must_be_given_locally_or_it_is_refused_by_name()
    {
        var template = DevTemplate();
        Environment(template)["BStore__Catalog__Secret"] = JsonNode.Parse("""{"Fn::GetAtt":["ApiCursorKeyD5FCB380","Arn"]}""");

        var act = () => TemplateSettings.ForFunction(template, TemplateRole.ApiFunctionPrefix, LocalValues);

        act.Should().Throw<InvalidDataException>().WithMessage("*BStore__Catalog__Secret*only AWS resolves*GivenLocally*");
    }

    [Fact]
    public void A_setting_naming_a_resource_the_local_environment_does_not_make_is_refused_by_name()
    {
        var values = new Dictionary<string, string>(LocalValues);
        values.Remove("BStore__Tables__Products");

        var act = () => TemplateSettings.ForFunction(DevTemplate(), TemplateRole.ApiFunctionPrefix, values);

        act.Should().Throw<InvalidDataException>().WithMessage("*BStore__Tables__Products*does not make*");
    }

    [Fact]
    public void Settings_become_nested_configuration()
    {
        var json = TemplateSettings.ToConfiguration([new("BStore__Tables__Category", "c"), new("BStore__Cors__AllowedOrigins__0", "o")]);

        json.ToJsonString().Should().Be("""{"BStore":{"Tables":{"Category":"c"},"Cors":{"AllowedOrigins":{"0":"o"}}}}""");
    }

    private static JsonObject Environment(JsonObject template) => template["Resources"]!.AsObject()
        .Single(r => r.Key.StartsWith(TemplateRole.ApiFunctionPrefix, StringComparison.Ordinal) && r.Value!["Type"]!.GetValue<string>() == "AWS::Lambda::Function")
        .Value!["Properties"]!["Environment"]!["Variables"]!.AsObject();
}
