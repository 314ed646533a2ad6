using System.Diagnostics;
using System.Net;
using System.Text.Json;
using BStore.Api.IntegrationTests.Infrastructure;
using Xunit.Abstractions;

namespace BStore.Api.IntegrationTests;

/// <summary>
/// DynamoDB throttling and outages, made by the emulator on demand (moto_launcher.py item 8) and met by the real SDK
/// in the API: retried with the SDK's jittered backoff (2 retries), then a 503 problem with Retry-After, never a
/// 500, never a partial write, and service comes back by itself.
/// </summary>
[Collection(BStoreCollection.Name)]
public sealed class FaultTests(BStoreFixture fixture, ITestOutputHelper output) : IAsyncLifetime
{
    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => fixture.SetEmulatorFaultsAsync("""{"clear":true}""");

    [Theory]
    [InlineData("ThrottlingException")]
    [InlineData("ProvisionedThroughputExceededException")]
    public async Task Throttling_is_retried_and_when_it_persists_answered_503_with_retry_after_and_nothing_written(string error)
    {
        var shopper = await ShopperSession.CreateAsync(fixture);
        var product = await TestProducts.CreateAsync(fixture, stock: 10);
        var match = $"CART#{product}"; // only this test's requests: the shopper's email workflow reads their partition too
        using var baseline = await shopper.PutItemAsync(product, 1);
        baseline.StatusCode.Should().Be(HttpStatusCode.OK);
        var calls = baseline.DynamoDbCalls();

        await fixture.SetEmulatorFaultsAsync(JsonSerializer.Serialize(new { throttle = new { error, match, count = 2 } }));
        using (var absorbed = await shopper.PutItemAsync(product, 2))
        {
            absorbed.StatusCode.Should().Be(HttpStatusCode.OK, "two throttled attempts are within the SDK's retries");
            absorbed.DynamoDbCalls().Should().Be(calls + 2, "each throttled attempt was retried");
        }
        var before = await shopper.SnapshotAsync();

        await fixture.SetEmulatorFaultsAsync(JsonSerializer.Serialize(new { throttle = new { error, match, count = 1000 } }));
        var clock = Stopwatch.StartNew();
        using var refused = await shopper.PutItemAsync(product, 3);
        clock.Stop();
        await fixture.SetEmulatorFaultsAsync("""{"clear":true}""");

        var problem = await refused.ProblemAsync(HttpStatusCode.ServiceUnavailable);
        problem.GetProperty("title").GetString().Should().Be("Service temporarily unavailable");
        problem.GetRawText().Should().NotContain(error, "AWS error texts stay inside");
        refused.Headers.RetryAfter!.Delta.Should().BePositive();
        refused.DynamoDbCalls().Should().Be(3, "the first read was tried three times, and nothing was written after it");
        output.WriteLine($"{error}: refused after {clock.ElapsedMilliseconds} ms");
        clock.Elapsed.Should().BeLessThan(TimeSpan.FromSeconds(10), "retries are bounded");
        (await shopper.SnapshotAsync()).Should().Be(before, "a refused write leaves no trace");
        (await shopper.QuantitiesAsync()).Should().Equal(new Dictionary<string, int> { [product] = 2 });
    }

    [Fact]
    public async Task During_an_outage_every_request_ends_quickly_in_503_or_from_memory_writes_nothing_and_service_recovers_by_itself()
    {
        var shopper = await ShopperSession.CreateAsync(fixture);
        var products = fixture.Seed.InStock(atLeast: 5);
        var (inCart, wished, added) = (products[4].Id, products[5].Id, products[6].Id);
        await shopper.SetAsync(inCart, 1);
        await shopper.AddToWishlistAsync(wished);
        var orderId = (await (await shopper.CheckoutAsync("before-outage")).JsonAsync(HttpStatusCode.Created)).GetProperty("id").GetString();
        await shopper.WaitForOrderAsync(orderId!, "delivered"); // its workflow is done before the outage
        await shopper.SetAsync(inCart, 1);
        var before = await shopper.SnapshotAsync();
        await fixture.WaitForCatalogAsync();

        (string Name, HttpMethod Method, string Path, string? Body)[] traffic =
        [
            ("browse", HttpMethod.Get, "/api/products?sort=price_asc", null),
            ("product", HttpMethod.Get, $"/api/products/{added}", null),
            ("cart", HttpMethod.Get, "/api/cart", null),
            ("add to cart", HttpMethod.Put, $"/api/cart/items/{added}", """{"quantity":2}"""),
            ("remove from cart", HttpMethod.Delete, $"/api/cart/items/{inCart}", null),
            ("wish", HttpMethod.Put, $"/api/wishlist/{added}", null),
            ("move to cart", HttpMethod.Post, $"/api/wishlist/{wished}/move-to-cart", null),
            ("inbox", HttpMethod.Get, "/api/notifications", null),
            ("read all", HttpMethod.Post, "/api/notifications/read-all", null),
            ("orders", HttpMethod.Get, "/api/orders", null),
            ("cancel", HttpMethod.Post, $"/api/orders/{orderId}/cancel", null),
        ];
        const int outageSeconds = 5;
        await fixture.SetEmulatorFaultsAsync(JsonSerializer.Serialize(new { outageSeconds }));
        var outageEnds = DateTime.UtcNow + TimeSpan.FromSeconds(outageSeconds);

        var seen = new List<string>();
        foreach (var (name, method, path, body) in traffic)
        {
            var clock = Stopwatch.StartNew();
            using var response = await shopper.SendAsync(method, path, body);
            clock.Stop();
            var text = await response.Content.ReadAsStringAsync();
            seen.Add($"{name}: {(int)response.StatusCode} in {clock.ElapsedMilliseconds} ms");
            clock.Elapsed.Should().BeLessThan(TimeSpan.FromSeconds(5), $"{name} does not hang");
            if (name == "browse" && response.StatusCode == HttpStatusCode.OK)
            {
                response.Headers.Age.Should().NotBeNull("browsing goes on from the catalog snapshot");
                continue;
            }
            response.StatusCode.Should().Be(HttpStatusCode.ServiceUnavailable, $"{name}: {text}");
            response.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
            response.Headers.RetryAfter!.Delta.Should().BePositive();
            text.Should().NotContain("ServiceUnavailableException").And.NotContain("emulated");
        }
        DateTime.UtcNow.Should().BeBefore(outageEnds, "every request above met the outage");
        output.WriteLine(string.Join(Environment.NewLine, seen));

        await Eventually.ReadAsync(EmulatorOutageAsync, outage => !outage, "the emulator's outage to end");
        (await shopper.SnapshotAsync()).Should().Be(before, "no request during the outage left a partial write");
        (await shopper.PutItemAsync(added, 2)).StatusCode.Should().Be(HttpStatusCode.OK, "service is back without a restart");
        (await (await shopper.CheckoutAsync("after-outage")).JsonAsync(HttpStatusCode.Created)).GetProperty("status").GetString().Should().Be("placed");
    }

    /// <summary>Whether the emulator is in an outage now (its faults endpoint, sent no change, answers its state).</summary>
    private async Task<bool> EmulatorOutageAsync()
    {
        using var emulator = new HttpClient { BaseAddress = fixture.EmulatorUrl };
        using var response = await emulator.PostAsync("/bstore-emulator/faults", new StringContent("{}", System.Text.Encoding.UTF8, "application/json"));
        return (await response.JsonAsync()).GetProperty("outage").GetBoolean();
    }
}
