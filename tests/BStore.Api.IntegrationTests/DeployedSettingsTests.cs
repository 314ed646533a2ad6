using System.Net;
using System.Text.Json.Nodes;
using BStore.Api.IntegrationTests.Infrastructure;

namespace BStore.Api.IntegrationTests;

/// <summary>How the API behaves with the settings AWS gives it, each in a process of its own (issue 16, defects 5 and 11).</summary>
[Collection(BStoreCollection.Name)]
[Trait("Build", "Aot")]
public sealed class DeployedSettingsTests(BStoreFixture fixture)
{
    [Fact]
    public async Task Behind_API_Gateway_config_gives_the_https_address_the_client_came_in_on()
    {
        // As in AWS: the adapter connects over plain http on loopback, API Gateway says https in X-Forwarded-Proto.
        await using var api = await fixture.StartApiAsync(new Dictionary<string, string?> { ["BStore__Limits__TrustForwardedFor"] = "true" });
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/config");
        request.Headers.Add("X-Forwarded-Proto", "https");
        request.Headers.Host = "abc123.execute-api.eu-west-1.amazonaws.com";

        var config = await (await api.Client.SendAsync(request)).JsonAsync();

        config.GetProperty("apiBaseUrl").GetString().Should().Be("https://abc123.execute-api.eu-west-1.amazonaws.com");
    }

    [Fact]
    public async Task Anywhere_else_a_client_written_X_Forwarded_Proto_changes_nothing()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/config");
        request.Headers.Add("X-Forwarded-Proto", "https");

        var config = await (await fixture.Api.SendAsync(request)).JsonAsync();

        config.GetProperty("apiBaseUrl").GetString().Should().Be(fixture.Api.BaseAddress!.ToString().TrimEnd('/'));
    }

    [Fact]
    public async Task A_shopper_whose_email_subscription_fails_is_still_confirmed()
    {
        // SNS refuses the subscription (here: the topic does not exist; in AWS e.g. the 200 filter policies per topic). The
        // local settings file the suite's processes read would name the real topic, so this process gets one of its own.
        var settings = Path.Combine(Path.GetTempPath(), $"bstore-test-settings-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(settings, new JsonObject
        {
            ["BStore"] = new JsonObject
            {
                ["Cognito"] = new JsonObject
                {
                    ["UserPoolId"] = fixture.Shoppers.Identity.UserPoolId,
                    ["ClientId"] = fixture.Shoppers.Identity.ClientId,
                    ["Endpoint"] = fixture.EmulatorUrl.ToString().TrimEnd('/'),
                },
                ["Notifications"] = new JsonObject { ["ShopperEmailsTopicArn"] = "arn:aws:sns:us-east-1:123456789012:no-such-topic" },
            },
        }.ToJsonString());
        await using var api = await fixture.StartApiAsync(new Dictionary<string, string?> { ["BSTORE_LOCAL_SETTINGS"] = settings });
        File.Delete(settings);
        var address = $"shopper-{Guid.NewGuid():N}@example.com";
        var trigger = new JsonObject
        {
            ["version"] = "1",
            ["region"] = "us-east-1",
            ["userPoolId"] = fixture.Shoppers.Identity.UserPoolId,
            ["userName"] = address,
            ["triggerSource"] = "PostConfirmation_ConfirmSignUp",
            ["request"] = new JsonObject { ["userAttributes"] = new JsonObject { ["sub"] = Guid.NewGuid().ToString(), ["email"] = address } },
            ["response"] = new JsonObject(),
        };

        using var response = await LambdaEventRequests.PostAsync(fixture, trigger.ToJsonString(), api.Client);

        response.StatusCode.Should().Be(HttpStatusCode.OK, "Cognito fails ConfirmSignUp on any other answer");
        JsonNode.Parse(await response.Content.ReadAsStringAsync())!.ToJsonString().Should().Be(trigger.ToJsonString(), "Cognito expects its event back");
        (await fixture.Emails.SubscriptionsOfAsync(address)).Should().BeEmpty();
        api.Output.Should().Contain("could not be set up");
    }
}
