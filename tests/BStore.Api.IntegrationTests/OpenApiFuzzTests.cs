using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using Amazon.DynamoDBv2.Model;
using BStore.Api.Catalog;
using BStore.Api.Data;
using BStore.Api.Hosting;
using BStore.Api.IntegrationTests.Infrastructure;
using BStore.Api.IntegrationTests.Infrastructure.Fuzz;
using BStore.Api.Promotions;
using CsCheck;
using Xunit.Abstractions;

namespace BStore.Api.IntegrationTests;

/// <summary>
/// Property-based fuzzing of every operation of the OpenAPI document the API under test serves (so a new route is
/// fuzzed without being listed): thousands of generated requests, most from signed-in fuzz shoppers, some with no or a
/// bad token. It passes only if no answer is a 5xx, every 4xx is a problem with a title (a 400 naming the field or
/// saying what is wrong), every 2xx body is JSON where the document says so, no answer carries a bystander's id or
/// address, and afterwards the bystander's whole UserActivity partition and the seeded catalog (products, promo codes,
/// categories) are byte for byte as they were, but for the promo codes' redemption counters, which must have moved by
/// exactly the fuzz shoppers' own uses.
/// </summary>
/// <remarks>
/// Seeded and reproducible: case <c>i</c> is generated from CsCheck's <see cref="PCG"/> with stream <c>i</c> and the run's
/// seed alone. <c>BSTORE_FUZZ_SEED</c> sets the seed (default <see cref="DefaultSeed"/>), <c>BSTORE_FUZZ_ITERATIONS</c> the
/// number of cases (default <see cref="DefaultIterations"/>; e.g. 50000 for a long run), and <c>BSTORE_FUZZ_CASE</c> runs
/// one case alone. <c>POST /events</c> is left out: it is where Lambda itself delivers its events (Cognito's trigger, the
/// order workflow's steps, CloudFormation), which API Gateway never routes to, and the document leaves it out too;
/// OrderLifecycleTests and DeploySeedingTests send it malformed events.
/// </remarks>
[Collection(BStoreCollection.Name)]
[Trait("Build", "Aot")]
public sealed class OpenApiFuzzTests(BStoreFixture fixture, ITestOutputHelper output)
{
    public const string SeedVariable = "BSTORE_FUZZ_SEED";
    public const string IterationsVariable = "BSTORE_FUZZ_ITERATIONS";
    public const string CaseVariable = "BSTORE_FUZZ_CASE";
    public const ulong DefaultSeed = 20_261_126;
    public const int DefaultIterations = 2_500;

    /// <summary>Lanes run side by side, each with its own fuzz shopper and products, each sending its cases one at a time.</summary>
    private const int Lanes = 6;

    private static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(20);
    private static readonly string[] PromoCodes = ["WELCOME10", "GLOW5", "LAUNCH50", "SUMMER25"];

    private sealed record Lane(ShopperSession Shopper, FuzzCredentials Credentials, FuzzPools Pools, IReadOnlyList<string> Products);

    private sealed record Bystander(ShopperSession Shopper, string Product, string OrderId, string EventId);

    private sealed record Failure(FuzzRequest Request, string SentUri, string Answer, string Why)
    {
        public int Count;
    }

    [Fact]
    public async Task Fuzz_every_operation_of_the_OpenAPI_document_no_5xx_only_problems_and_bystanders_untouched()
    {
        var seed = Environment.GetEnvironmentVariable(SeedVariable) is { Length: > 0 } s ? ulong.Parse(s, CultureInfo.InvariantCulture) : DefaultSeed;
        var iterations = Environment.GetEnvironmentVariable(IterationsVariable) is { Length: > 0 } n ? int.Parse(n, CultureInfo.InvariantCulture) : DefaultIterations;
        int? only = Environment.GetEnvironmentVariable(CaseVariable) is { Length: > 0 } c ? int.Parse(c, CultureInfo.InvariantCulture) : null;
        var operations = (await OpenApiOperations.LoadAsync(fixture.Api)).Where(o => o.PathTemplate != LambdaEvents.Path).ToList();
        operations.Should().HaveCountGreaterThan(20);

        var clock = Stopwatch.StartNew();
        var bystanderSetup = BystanderAsync();
        var laneSetup = Task.WhenAll(Enumerable.Range(0, Lanes).Select(_ => LaneAsync()));
        var bystander = await bystanderSetup;
        var lanes = (await laneSetup).Select(l => l(bystander)).ToList();
        var bystanderBefore = await SettledPartitionAsync(bystander.Shopper.UserId);
        var catalogBefore = await CatalogAsync(bystander.Product);
        var setupTime = clock.Elapsed;
        output.WriteLine($"set-up: bystander settled and catalog read after {setupTime.TotalSeconds:0.0} s");

        var generator = new FuzzGenerator(operations);
        var secrets = new[] { bystander.Shopper.UserId, bystander.Shopper.Account.Email };
        var failures = new ConcurrentDictionary<string, Failure>(StringComparer.Ordinal);
        var statuses = new ConcurrentDictionary<string, int>(StringComparer.Ordinal);
        var cases = only is { } one ? [one] : Enumerable.Range(0, iterations).ToArray();
        using var handler = new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            UseCookies = false,
            MaxConnectionsPerServer = Lanes * 2,
            RequestHeaderEncodingSelector = (_, _) => Encoding.UTF8, // lets a non-ASCII header value reach the server
        };
        using var http = new HttpClient(handler) { BaseAddress = fixture.Api.BaseAddress, Timeout = RequestTimeout };
        clock.Restart();
        await Task.WhenAll(Enumerable.Range(0, Lanes).Select(lane => Task.Run(async () =>
        {
            var latestOrder = lanes[lane].Pools.OrderIds[0];
            foreach (var i in cases.Where(i => i % Lanes == lane))
            {
                var request = generator.Case(i, lanes[lane].Pools).Generate(new PCG((uint)i, seed), null!, out _);
                request = request with { PathAndQuery = request.PathAndQuery.Replace(FuzzPools.LatestOrder, latestOrder, StringComparison.Ordinal) };
                var operation = operations.Single(o => o.Name == request.Operation);
                var (status, sentUri, answer, why, location) = await SendAsync(http, request, lanes[lane].Credentials, operation, secrets);
                if (status == "201" && location?.StartsWith("/api/orders/", StringComparison.Ordinal) == true)
                {
                    latestOrder = location["/api/orders/".Length..];
                }
                statuses.AddOrUpdate($"{request.Operation} {status}", 1, (_, count) => count + 1);
                if (why is not null)
                {
                    var failure = failures.GetOrAdd($"{request.Operation} → {status}: {why}", _ => new Failure(request, sentUri, answer, why));
                    Interlocked.Increment(ref failure.Count);
                }
            }
        })));
        var fuzzTime = clock.Elapsed;

        var report = new StringBuilder();
        report.AppendLine(CultureInfo.InvariantCulture, $"{cases.Length} cases over {operations.Count} operations in {fuzzTime.TotalSeconds:0.0} s " +
            $"({cases.Length / fuzzTime.TotalSeconds:0} a second, {Lanes} lanes; set-up {setupTime.TotalSeconds:0.0} s); seed {seed}.");
        foreach (var group in statuses.OrderBy(s => s.Key, StringComparer.Ordinal).GroupBy(s => s.Key[..s.Key.LastIndexOf(' ')]))
        {
            report.AppendLine(CultureInfo.InvariantCulture, $"  {group.Key}: {string.Join(", ", group.Select(g => $"{g.Key[(g.Key.LastIndexOf(' ') + 1)..]}×{g.Value}"))}");
        }
        output.WriteLine(report.ToString());

        if (!failures.IsEmpty)
        {
            throw new Xunit.Sdk.XunitException(Failures(failures, seed));
        }
        (await SettledPartitionAsync(bystander.Shopper.UserId)).Should().Be(bystanderBefore,
            $"no fuzzed request may change a bystander's data (seed {seed}; {SeedVariable}={seed} replays the run)");
        await AssertCatalogUnchangedAsync(catalogBefore, lanes, bystander.Product, seed);
        foreach (var product in lanes.SelectMany(l => l.Products))
        {
            (await TestProducts.StockAsync(fixture, product)).Should().BeGreaterThanOrEqualTo(0, "stock never goes below zero");
        }
    }

    private async Task<(string Status, string SentUri, string Answer, string? Why, string? Location)> SendAsync(
        HttpClient http, FuzzRequest request, FuzzCredentials credentials, OpenApiOperation operation, string[] secrets)
    {
        using var message = request.ToMessage(credentials);
        try
        {
            using var response = await http.SendAsync(message);
            var answer = await FuzzAnswer.ReadAsync(response);
            return (answer.Status.ToString(CultureInfo.InvariantCulture), message.RequestUri!.ToString(), answer.Describe(),
                FuzzOracle.Violation(request, operation, answer, secrets), response.Headers.Location?.OriginalString);
        }
        catch (TaskCanceledException)
        {
            return ("timeout", message.RequestUri!.ToString(), $"no answer within {RequestTimeout.TotalSeconds} s", "no answer in time", null);
        }
        catch (HttpRequestException e) when (request.WireLevel is not null || request.MayBeCutOff)
        {
            // The server may close the connection on a request it cannot parse, or answer an oversized body before reading it.
            return ("refused", message.RequestUri!.ToString(), e.Message, null, null);
        }
        catch (HttpRequestException e)
        {
            return ("error", message.RequestUri!.ToString(), e.Message, "the connection failed", null);
        }
    }

    private static string Failures(ConcurrentDictionary<string, Failure> failures, ulong seed)
    {
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"{failures.Values.Sum(f => f.Count)} fuzzed requests broke the contract, in {failures.Count} kinds (seed {seed}). First of each kind:");
        foreach (var (kind, failure) in failures.OrderBy(f => f.Value.Request.Case).Take(15))
        {
            text.AppendLine();
            text.AppendLine(CultureInfo.InvariantCulture, $"== {kind} (×{failure.Count}); replay: {SeedVariable}={seed} {CaseVariable}={failure.Request.Case}");
            text.AppendLine(failure.Request.Describe(new Uri(failure.SentUri, UriKind.RelativeOrAbsolute).IsAbsoluteUri ? new Uri(failure.SentUri) : null));
            text.AppendLine(CultureInfo.InvariantCulture, $"  Answer: {failure.Answer}");
        }
        return text.ToString();
    }

    /// <summary>A fuzz shopper with products of its own (plenty, one, none in stock) and a delivered order of the first, so it can review it.</summary>
    private async Task<Func<Bystander, Lane>> LaneAsync()
    {
        var shopper = await ShopperSession.CreateAsync(fixture);
        string[] products =
        [
            await TestProducts.CreateAsync(fixture, stock: 1_000, name: "Fuzz Lip Balm"),
            await TestProducts.CreateAsync(fixture, stock: 1, price: 30m, name: "Fuzz Serum"),
            await TestProducts.CreateAsync(fixture, stock: 0, name: "Fuzz Sold Out"),
        ];
        // Not waited for: the order workflow delivers it during the first seconds of the run, and reviews succeed from then on.
        var orderId = await DeliveredOrders.PlaceAsync(shopper, products[0]);
        var eventId = await FirstEventIdAsync(shopper);
        var seeded = fixture.Seed.Products.OrderBy(p => p.Id, StringComparer.Ordinal).Where((_, i) => i % 9 == 0).Select(p => p.Id);
        return bystander => new Lane(shopper, new FuzzCredentials(shopper.Account, bystander.Shopper.UserId), new FuzzPools(
            CartProducts: products,
            CatalogProducts: [.. products, .. seeded, bystander.Product],
            OrderIds: [orderId, bystander.OrderId, FuzzPools.LatestOrder],
            EventIds: [eventId, bystander.EventId],
            Categories: [.. fixture.Seed.Categories.Select(c => c.Id), "test-only"],
            PromoCodes: [.. PromoCodes, "welcome10", "NOPE42"]), products);
    }

    /// <summary>
    /// A shopper the fuzz shoppers never act as: a delivered order, a review, a cart and a wishlist, whose ids the fuzzers
    /// aim at. The order is put straight into the table (the lanes' orders go through the workflow), so that the bystander
    /// is ready without waiting for a delivery.
    /// </summary>
    private async Task<Bystander> BystanderAsync()
    {
        var shopper = await ShopperSession.CreateAsync(fixture);
        var product = await TestProducts.CreateAsync(fixture, stock: 10, name: "Bystander Balm");
        var seeded = fixture.Seed.InStock(atLeast: 20);
        await shopper.AddToWishlistAsync(seeded[1].Id);
        var orderId = await DeliveredOrders.SeedAsync(fixture, shopper, product);
        await shopper.SetAsync(product, 2);
        await shopper.SetAsync(seeded[0].Id, 1);
        using (var review = await shopper.SendAsync(HttpMethod.Put, $"/api/products/{product}/reviews/mine", "{\"rating\":4,\"title\":\"Mine\",\"body\":\"Private thoughts.\"}"))
        {
            review.StatusCode.Should().Be(System.Net.HttpStatusCode.Created, await review.Content.ReadAsStringAsync());
        }
        return new Bystander(shopper, product, orderId, await FirstEventIdAsync(shopper));
    }

    private static async Task<string> FirstEventIdAsync(ShopperSession shopper)
    {
        using var response = await shopper.SendAsync(HttpMethod.Get, "/api/notifications");
        return (await response.JsonAsync()).GetProperty("items")[0].GetProperty("id").GetString()!;
    }

    /// <summary>
    /// The exact picture of a shopper's whole partition once their own workflows are done with it: the email workflow
    /// updates EMAILWINDOW for a while after each change, so it is read until it has not changed for longer than a window.
    /// </summary>
    private async Task<string> SettledPartitionAsync(string userId)
    {
        var quiet = TimeSpan.FromSeconds(BStoreFixture.EmailWindowSeconds + 1);
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        var (previous, since) = (ShopperSession.ExactSnapshot(await ShopperSession.WholePartitionAsync(fixture, userId)), DateTime.UtcNow);
        while (DateTime.UtcNow < deadline)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(500));
            var current = ShopperSession.ExactSnapshot(await ShopperSession.WholePartitionAsync(fixture, userId));
            if (current != previous)
            {
                (previous, since) = (current, DateTime.UtcNow);
            }
            else if (DateTime.UtcNow - since >= quiet)
            {
                return current;
            }
        }
        throw new Xunit.Sdk.XunitException($"The partition of {userId} kept changing.");
    }

    /// <summary>Every seeded product and category, every promo code and the bystander's product, exactly, by key.</summary>
    private async Task<Dictionary<string, Dictionary<string, AttributeValue>>> CatalogAsync(string bystanderProduct)
    {
        var keys = fixture.Seed.Products.Select(p => p.Id).Append(bystanderProduct).Concat(PromoCodes.Select(c => PromotionItems.KeyPrefix + c)).ToList();
        var items = new Dictionary<string, Dictionary<string, AttributeValue>>(StringComparer.Ordinal);
        foreach (var chunk in keys.Chunk(100))
        {
            var request = new Dictionary<string, KeysAndAttributes>
            {
                ["Products"] = new() { Keys = [.. chunk.Select(k => new Dictionary<string, AttributeValue> { [ProductItem.Id] = new() { S = k } })], ConsistentRead = true },
            };
            while (request.Count > 0)
            {
                var page = await fixture.DynamoDb.BatchGetItemAsync(request);
                foreach (var item in page.Responses["Products"])
                {
                    items[$"Products/{item[ProductItem.Id].S}"] = item;
                }
                request = page.UnprocessedKeys is { Count: > 0 } rest ? rest : [];
            }
        }
        var categories = await fixture.DynamoDb.ScanAsync(new ScanRequest { TableName = "Category", ConsistentRead = true });
        foreach (var item in categories.Items)
        {
            items[$"Category/{item["id"].S}"] = item;
        }
        items.Should().HaveCount(keys.Count + fixture.Seed.Categories.Count, "every key read is there");
        return items;
    }

    /// <summary>
    /// The catalog is as it was, except each promo code's <c>redeemed</c> counter, which moved by exactly the fuzz
    /// shoppers' own uses of it (their orders may still be cancelled by a declined payment for a moment: read until both agree).
    /// </summary>
    private async Task AssertCatalogUnchangedAsync(
        Dictionary<string, Dictionary<string, AttributeValue>> before, IReadOnlyList<Lane> lanes, string bystanderProduct, ulong seed)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (true)
        {
            var after = await CatalogAsync(bystanderProduct);
            var uses = new Dictionary<string, int>(StringComparer.Ordinal);
            foreach (var lane in lanes)
            {
                foreach (var use in await lane.Shopper.ItemsAsync(UserActivityKeys.PromoUsePrefix))
                {
                    var code = use["sk"].S[UserActivityKeys.PromoUsePrefix.Length..];
                    uses[code] = uses.GetValueOrDefault(code) + int.Parse(use["uses"].N, CultureInfo.InvariantCulture);
                }
            }
            var differences = new List<string>();
            foreach (var (key, was) in before)
            {
                var (item, now) = (was, after[key]);
                if (key.StartsWith($"Products/{PromotionItems.KeyPrefix}", StringComparison.Ordinal))
                {
                    var code = key[$"Products/{PromotionItems.KeyPrefix}".Length..];
                    var moved = Redeemed(now) - Redeemed(item);
                    if (moved != uses.GetValueOrDefault(code))
                    {
                        differences.Add($"{key}: redeemed moved by {moved}, the fuzz shoppers used it {uses.GetValueOrDefault(code)} times");
                    }
                    (item, now) = (Without(item, PromotionItems.Redeemed), Without(now, PromotionItems.Redeemed));
                }
                if (ShopperSession.Exact(now) != ShopperSession.Exact(item))
                {
                    differences.Add($"{key}:{Environment.NewLine}  before {ShopperSession.Exact(item)}{Environment.NewLine}  after  {ShopperSession.Exact(now)}");
                }
            }
            if (differences.Count == 0)
            {
                return;
            }
            if (DateTime.UtcNow > deadline)
            {
                differences.Should().BeEmpty($"the fuzz shoppers bought only their own products (seed {seed})");
            }
            await Task.Delay(TimeSpan.FromSeconds(1));
        }
    }

    private static long Redeemed(Dictionary<string, AttributeValue> item) =>
        item.TryGetValue(PromotionItems.Redeemed, out var value) ? long.Parse(value.N, CultureInfo.InvariantCulture) : 0;

    private static Dictionary<string, AttributeValue> Without(Dictionary<string, AttributeValue> item, string attribute) =>
        item.Where(a => a.Key != attribute).ToDictionary(a => a.Key, a => a.Value, StringComparer.Ordinal);
}
