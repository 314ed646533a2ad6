using System.Net;
using System.Text.Json;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;

namespace BStore.AppHost.Tests;

/// <summary>The README's run command, started as the AppHost it is: emulator, its set-up, seed, API behind the local gateway, on ports of its own.</summary>
public sealed class LocalEnvironmentTests
{
    // A cold web build (expo export) takes one to three minutes on a 2-core machine; the rest about 30 s.
    private static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(8);

    [Fact]
    public async Task The_apphost_starts_the_emulator_seeds_the_catalog_serves_it_and_subscribes_confirmed_shoppers()
    {
        // The same variables a developer uses to move the local ports; the tests' own ones (shared with tests/e2e-web,
        // so the web build made for this API address is made once) or free ones keep a running local environment undisturbed.
        var ports = TestPorts();
        Environment.SetEnvironmentVariable("BSTORE_API_PORT", ports.Api.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Environment.SetEnvironmentVariable("BSTORE_API_PROCESS_PORT", ports.ApiProcess.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Environment.SetEnvironmentVariable("BSTORE_AWS_PORT", ports.Aws.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Environment.SetEnvironmentVariable("BSTORE_WEB_PORT", ports.Web.ToString(System.Globalization.CultureInfo.InvariantCulture));
        using var timeout = new CancellationTokenSource(StartTimeout);

        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.BStore_AppHost>(timeout.Token);
        await using var app = await builder.BuildAsync(timeout.Token);
        await app.StartAsync(timeout.Token);
        await app.ResourceNotifications.WaitForResourceHealthyAsync("gateway", timeout.Token);

        // The set-up tool made the emulator's resources, then the API binary seeded the catalog.
        foreach (var step in new[] { "local-aws", "seed" })
        {
            var done = await app.ResourceNotifications.WaitForResourceAsync(
                step, e => KnownResourceStates.TerminalStates.Contains(e.Snapshot.State?.Text), timeout.Token);
            done.Snapshot.ExitCode.Should().Be(0, step);
        }

        // The printed API address is the gateway made from the dev template, as API Gateway in AWS.
        using var api = app.CreateHttpClient("gateway", "http");
        api.BaseAddress!.Port.Should().Be(ports.Api);
        using var response = await api.GetAsync("/api/products?q=serum&sort=price_asc", timeout.Token);
        response.StatusCode.Should().Be(HttpStatusCode.OK);
        using var page = JsonDocument.Parse(await response.Content.ReadAsStringAsync(timeout.Token));
        var items = page.RootElement.GetProperty("items").EnumerateArray().ToList();
        items.Should().HaveCountGreaterThan(3);
        items.Should().OnlyContain(i => i.GetProperty("name").GetString()!.Contains("Serum", StringComparison.OrdinalIgnoreCase)
            || i.GetProperty("name").GetString()!.Contains("Sérum", StringComparison.OrdinalIgnoreCase));
        items.Select(i => i.GetProperty("price").GetDecimal()).Should().BeInAscendingOrder();

        using var image = await api.GetAsync(new Uri(items[0].GetProperty("imageUrl").GetString()!), timeout.Token);
        image.StatusCode.Should().Be(HttpStatusCode.OK);
        image.Content.Headers.ContentType?.MediaType.Should().Be("image/svg+xml");

        // The reviews have a route in the template now (they answered 404 in AWS); Lambda's own events have none.
        using var reviews = await api.GetAsync($"/api/products/{items[0].GetProperty("id").GetString()}/reviews", timeout.Token);
        reviews.StatusCode.Should().Be(HttpStatusCode.OK);
        using var events = await api.PostAsync("/events", new StringContent("{}", System.Text.Encoding.UTF8, "text/plain"), timeout.Token);
        events.StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await events.Content.ReadAsStringAsync(timeout.Token)).Should().Be("""{"message":"Not Found"}""", "API Gateway's own answer, not the API's");

        // The deployed stage's smoke test passes against the local gateway.
        var (smokeExit, smokeOutput) = await RunAsync("bash", [Path.Combine(Repository.Root, "scripts", "smoke"), $"http://127.0.0.1:{ports.Api}"], timeout.Token);
        smokeExit.Should().Be(0, smokeOutput);
        smokeOutput.Should().Contain("checks passed");

        // Signing up through the emulator's Cognito reaches the API's confirmation trigger: the shopper gets emails.
        var token = await SignUpAsync(api, timeout.Token);
        using var preferences = new HttpRequestMessage(HttpMethod.Get, "/api/notifications/email");
        preferences.Headers.Authorization = new("Bearer", token);
        using var answer = await api.SendAsync(preferences, timeout.Token);
        answer.StatusCode.Should().Be(HttpStatusCode.OK);
        JsonDocument.Parse(await answer.Content.ReadAsStringAsync(timeout.Token)).RootElement.GetProperty("enabled").GetBoolean().Should().BeTrue();

        // The shopper app's web build, served with SPA fallback, made for this API address, which lets it call across origins.
        await app.ResourceNotifications.WaitForResourceHealthyAsync("web", timeout.Token);
        var webUrl = $"http://127.0.0.1:{ports.Web}";
        using var web = new HttpClient { BaseAddress = new Uri(webUrl) };
        foreach (var route in new[] { "/", "/product/vitamin-c-brightening-serum" })
        {
            using var html = await web.GetAsync(route, timeout.Token);
            html.StatusCode.Should().Be(HttpStatusCode.OK, route);
            html.Content.Headers.ContentType?.MediaType.Should().Be("text/html", route);
            var document = await html.Content.ReadAsStringAsync(timeout.Token);
            document.Should().Contain("<title>BStore</title>", route).And.Contain("id=\"root\"", route);
            var scripts = System.Text.RegularExpressions.Regex.Matches(document, "<script src=\"(?<src>/_expo/static/js/web/[^\"]+\\.js)\"")
                .Select(m => m.Groups["src"].Value).ToList();
            scripts.Should().NotBeEmpty($"{route} loads the app's bundle");
            using var bundle = await web.GetAsync(scripts[0], timeout.Token);
            bundle.StatusCode.Should().Be(HttpStatusCode.OK);
            bundle.Content.Headers.ContentType?.MediaType.Should().Be("text/javascript");
            var code = await bundle.Content.ReadAsStringAsync(timeout.Token);
            code.Length.Should().BeGreaterThan(100_000, "it is the whole React Native Web app");
            code.Should().Contain($"http://127.0.0.1:{ports.Api}", "the build inlines the API address (EXPO_PUBLIC_API_URL)");
        }
        using var missing = await web.GetAsync("/_expo/static/js/web/missing.js", timeout.Token);
        missing.StatusCode.Should().Be(HttpStatusCode.NotFound);

        using var preflight = new HttpRequestMessage(HttpMethod.Options, "/api/cart");
        preflight.Headers.TryAddWithoutValidation("Origin", webUrl);
        preflight.Headers.TryAddWithoutValidation("Access-Control-Request-Method", "PUT");
        preflight.Headers.TryAddWithoutValidation("Access-Control-Request-Headers", "authorization,content-type");
        using var allowed = await api.SendAsync(preflight, timeout.Token);
        allowed.Headers.GetValues("Access-Control-Allow-Origin").Should().Equal(webUrl);
    }

    /// <summary>5380, 5381, 5300, 8381 (as tests/e2e-web) when all are free, else free ports.</summary>
    private static (int Api, int ApiProcess, int Aws, int Web) TestPorts() =>
        new[] { 5380, 5381, 5300, 8381 }.All(FreePorts.IsFree)
            ? (5380, 5381, 5300, 8381)
            : (FreePorts.Next(), FreePorts.Next(), FreePorts.Next(), FreePorts.Next());

    private static async Task<(int ExitCode, string Output)> RunAsync(string fileName, string[] arguments, CancellationToken cancellationToken)
    {
        var start = new System.Diagnostics.ProcessStartInfo(fileName, arguments) { RedirectStandardOutput = true, RedirectStandardError = true };
        using var process = System.Diagnostics.Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var errors = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        return (process.ExitCode, await output + await errors);
    }

    /// <summary>Signs a new shopper up, confirms and signs them in with the Cognito the API's /api/config names.</summary>
    private static async Task<string> SignUpAsync(HttpClient api, CancellationToken cancellationToken)
    {
        var cognito = JsonDocument.Parse(await api.GetStringAsync("/api/config", cancellationToken)).RootElement.GetProperty("cognito");
        var (endpoint, clientId) = (cognito.GetProperty("endpoint").GetString()!, cognito.GetProperty("clientId").GetString()!);
        var email = $"apphost-{Guid.NewGuid():N}@example.com";
        using var http = new HttpClient();
        async Task<JsonElement> Call(string operation, object body)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, endpoint + "/") { Content = new StringContent(JsonSerializer.Serialize(body)) };
            request.Content.Headers.ContentType = new("application/x-amz-json-1.1");
            request.Headers.TryAddWithoutValidation("X-Amz-Target", "AWSCognitoIdentityProviderService." + operation);
            // The emulator routes by the credential scope and checks no signature.
            request.Headers.TryAddWithoutValidation("Authorization",
                "AWS4-HMAC-SHA256 Credential=local/20260101/us-east-1/cognito-idp/aws4_request, SignedHeaders=host, Signature=local");
            using var response = await http.SendAsync(request, cancellationToken);
            var text = await response.Content.ReadAsStringAsync(cancellationToken);
            response.IsSuccessStatusCode.Should().BeTrue($"Cognito {operation} should succeed: {text}");
            return JsonDocument.Parse(text).RootElement.Clone();
        }
        const string password = "Apphost-Check-42";
        await Call("SignUp", new { ClientId = clientId, Username = email, Password = password, UserAttributes = new[] { new { Name = "email", Value = email } } });
        await Call("ConfirmSignUp", new { ClientId = clientId, Username = email, ConfirmationCode = "123456" });
        var signIn = await Call("InitiateAuth", new { ClientId = clientId, AuthFlow = "USER_PASSWORD_AUTH", AuthParameters = new { USERNAME = email, PASSWORD = password } });
        return signIn.GetProperty("AuthenticationResult").GetProperty("AccessToken").GetString()!;
    }
}
