using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using BStore.Api.Hosting;
using BStore.Api.IntegrationTests.Infrastructure;

namespace BStore.Api.IntegrationTests;

/// <summary>
/// Outside Lambda, POST /events takes Lambda's events only from the emulator: with the run's token, as application/json.
/// Each attack below worked against the local environment before (issue 16, defect 10): a caller on the API's address,
/// or a web page posting text/plain without a preflight, drove orders, rewrote a shopper's email subscription and made
/// the API PUT to a URL of the caller's choosing.
/// </summary>
[Collection(BStoreCollection.Name)]
[Trait("Build", "Aot")]
public sealed class LambdaEventsAccessTests(BStoreFixture fixture)
{
    public static TheoryData<string?, string> Callers => new()
    {
        { null, "application/json" },
        { null, "text/plain" },
        { "a-guessed-token", "application/json" },
    };

    [Theory]
    [MemberData(nameof(Callers))]
    public async Task An_order_step_from_anyone_but_the_emulator_is_not_found_and_the_order_runs_its_course(string? token, string contentType)
    {
        var victim = await ShopperSession.CreateAsync(fixture);
        var product = await TestProducts.CreateAsync(fixture, stock: 3);
        var orderId = await DeliveredOrders.PlaceAsync(victim, product);

        foreach (var step in new[] { "abandon", "deliver" })
        {
            using var response = await PostAsync(new JsonObject { ["orderStep"] = step, ["userId"] = victim.UserId, ["orderId"] = orderId }, token, contentType);
            await response.ProblemAsync(HttpStatusCode.NotFound);
        }

        var order = await victim.WaitForOrderAsync(orderId, "delivered", "cancelled");
        order.GetProperty("status").GetString().Should().Be("delivered");
        order.GetProperty("timeline").EnumerateArray().Select(t => t.GetProperty("status").GetString())
            .Should().Equal(["placed", "confirmed", "packed", "shipped", "delivered"], "only the workflow moved the order");
    }

    [Theory]
    [MemberData(nameof(Callers))]
    public async Task A_confirmation_trigger_from_anyone_but_the_emulator_is_not_found_and_subscribes_nobody(string? token, string contentType)
    {
        var victim = await ShopperSession.CreateAsync(fixture);
        var attacker = $"attacker-{Guid.NewGuid():N}@example.com";
        var trigger = new JsonObject
        {
            ["version"] = "1",
            ["userPoolId"] = fixture.Shoppers.Identity.UserPoolId,
            ["userName"] = victim.Account.Email,
            ["triggerSource"] = "PostConfirmation_ConfirmSignUp",
            ["request"] = new JsonObject { ["userAttributes"] = new JsonObject { ["sub"] = victim.UserId, ["email"] = attacker } },
            ["response"] = new JsonObject(),
        };

        using var response = await PostAsync(trigger, token, contentType);

        await response.ProblemAsync(HttpStatusCode.NotFound);
        var preferences = await (await victim.SendAsync(HttpMethod.Get, "/api/notifications/email")).JsonAsync();
        preferences.GetProperty("address").GetString().Should().Be(victim.Account.Email);
        (await fixture.Emails.SubscriptionsOfAsync(attacker)).Should().BeEmpty();
    }

    [Theory]
    [MemberData(nameof(Callers))]
    public async Task A_CloudFormation_request_from_anyone_but_the_emulator_is_not_found_and_the_API_sends_nothing(string? token, string contentType)
    {
        using var catcher = new ResponseCatcher();

        using var response = await PostAsync(new JsonObject
        {
            ["RequestType"] = "Delete",
            ["ResponseURL"] = new Uri(catcher.BaseUrl, "/any/url").ToString(),
            ["StackId"] = "arn:aws:cloudformation:us-east-1:123456789012:stack/x/1",
            ["RequestId"] = Guid.NewGuid().ToString(),
            ["LogicalResourceId"] = "CatalogSeed",
            ["PhysicalResourceId"] = "bstore-catalog-seed",
            ["ResourceType"] = "Custom::CatalogSeed",
        }, token, contentType);

        await response.ProblemAsync(HttpStatusCode.NotFound);
        catcher.Requests.Should().BeEmpty();
    }

    [Fact]
    public async Task An_event_with_the_token_but_not_as_json_is_refused_as_unsupported()
    {
        using var response = await PostAsync(
            new JsonObject { ["orderStep"] = "deliver", ["userId"] = "u", ["orderId"] = "1764000000000-0123456789abcdef" },
            fixture.LambdaEventsToken, "text/plain");

        await response.ProblemAsync(HttpStatusCode.UnsupportedMediaType);
    }

    [Fact]
    public async Task Without_a_token_configured_there_is_no_events_route_at_all()
    {
        await using var api = await fixture.StartApiAsync(new Dictionary<string, string?> { ["BStore__LambdaEvents__Token"] = "" });

        using var response = await PostAsync(
            new JsonObject { ["orderStep"] = "deliver", ["userId"] = "u", ["orderId"] = "1764000000000-0123456789abcdef" },
            fixture.LambdaEventsToken, "application/json", api.Client);

        await response.ProblemAsync(HttpStatusCode.NotFound);
    }

    private Task<HttpResponseMessage> PostAsync(JsonObject body, string? token, string contentType, HttpClient? api = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, LambdaEvents.Path)
        {
            Content = new StringContent(body.ToJsonString(), Encoding.UTF8, contentType),
        };
        if (token is not null)
        {
            request.Headers.Add(LambdaEvents.TokenHeader, token);
        }
        return (api ?? fixture.ApiDirect).SendAsync(request); // the process itself: through the gateway /events is not even routed
    }
}
