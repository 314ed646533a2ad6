using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;

namespace BStore.AppHost.Tests;

/// <summary>The README's run command, started as the AppHost it is: emulator, seed, API, on ports of its own.</summary>
public sealed class LocalEnvironmentTests
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(3);

    [Fact]
    public async Task The_apphost_starts_the_emulator_seeds_the_catalog_and_serves_it()
    {
        // The same variables a developer uses to move the local ports; free ones keep a running local environment undisturbed.
        Environment.SetEnvironmentVariable("BSTORE_API_PORT", FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture));
        Environment.SetEnvironmentVariable("BSTORE_AWS_PORT", FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture));
        using var timeout = new CancellationTokenSource(StartTimeout);

        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.BStore_AppHost>(timeout.Token);
        await using var app = await builder.BuildAsync(timeout.Token);
        await app.StartAsync(timeout.Token);
        await app.ResourceNotifications.WaitForResourceHealthyAsync("api", timeout.Token);

        var seed = await app.ResourceNotifications.WaitForResourceAsync(
            "seed", e => KnownResourceStates.TerminalStates.Contains(e.Snapshot.State?.Text), timeout.Token);
        seed.Snapshot.ExitCode.Should().Be(0);

        using var api = app.CreateHttpClient("api", "http");
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
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
