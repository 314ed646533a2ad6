using System.Net;
using BStore.Api.IntegrationTests.Infrastructure;
using Xunit.Abstractions;

namespace BStore.Api.IntegrationTests;

/// <summary>
/// Devices of one shopper changing the cart at once: no update is lost, and If-Match lets exactly one win. (They rely on
/// the fixture's emulator handling one request at a time: moto's threaded server does not isolate concurrent
/// transactions, so against it any answer would be possible.)
/// </summary>
[Collection(BStoreCollection.Name)]
public sealed class CartConcurrencyTests(BStoreFixture fixture, ITestOutputHelper output)
{
    [Fact]
    public async Task Twenty_parallel_changes_of_different_lines_all_succeed_and_none_is_lost()
    {
        var shopper = await ShopperSession.CreateAsync(fixture);
        var products = fixture.Seed.InStock(atLeast: 20).Take(20).ToList();
        products.Should().HaveCount(20);
        var wanted = products.Select((p, i) => (p.Id, Quantity: (i % 5) + 1)).ToDictionary(x => x.Id, x => x.Quantity);

        var answers = await Task.WhenAll(wanted.Select(async line =>
        {
            using var response = await shopper.PutItemAsync(line.Key, line.Value);
            return (Status: response.StatusCode, Body: await response.Content.ReadAsStringAsync());
        }));

        answers.Should().OnlyContain(a => a.Status == HttpStatusCode.OK, string.Join(Environment.NewLine, answers.Select(a => $"{a.Status}: {a.Body}")));
        var cart = await shopper.CartAsync();
        ShopperSession.Quantities(cart).Should().Equal(wanted);
        cart.GetProperty("version").GetInt64().Should().Be(20);
        (await shopper.EventSummaryAsync()).Select(e => (e.ProductId!, e.Quantity!.Value)).Should().BeEquivalentTo(wanted.Select(w => (w.Key, w.Value)));
    }

    [Fact]
    public async Task Parallel_merges_of_the_same_product_add_up_and_none_is_lost()
    {
        var shopper = await ShopperSession.CreateAsync(fixture);
        var product = fixture.Seed.InStock(atLeast: 20)[1];

        var answers = await Task.WhenAll(Enumerable.Range(0, 10).Select(async _ =>
        {
            using var response = await shopper.MergeAsync((product.Id, 1));
            return (Status: response.StatusCode, Body: await response.Content.ReadAsStringAsync());
        }));

        var report = string.Join(Environment.NewLine, answers.Select(a => $"{a.Status}: {a.Body}"));
        output.WriteLine(string.Join(", ", answers.GroupBy(a => a.Status).Select(g => $"{g.Count()} × {(int)g.Key}")));
        answers.Should().OnlyContain(a => a.Status == HttpStatusCode.OK || a.Status == HttpStatusCode.Conflict, report);
        foreach (var busy in answers.Where(a => a.Status == HttpStatusCode.Conflict))
        {
            busy.Body.Should().Contain("Cart busy");
        }
        var succeeded = answers.Count(a => a.Status == HttpStatusCode.OK);
        succeeded.Should().BeGreaterThan(0, report);
        var cart = await shopper.CartAsync();
        ShopperSession.Quantities(cart).Should().Equal(new Dictionary<string, int> { [product.Id] = succeeded }, "every merge answered 200 added one: {0}", report);
        cart.GetProperty("version").GetInt64().Should().Be(succeeded);
        (await shopper.EventsAsync()).Should().HaveCount(succeeded);
    }

    [Fact]
    public async Task Parallel_changes_with_the_same_If_Match_let_exactly_one_win()
    {
        var shopper = await ShopperSession.CreateAsync(fixture);
        var products = fixture.Seed.InStock(atLeast: 20).Skip(2).Take(10).ToList();
        var version = await shopper.SetAsync(products[0].Id, 1);

        var answers = await Task.WhenAll(products.Select(async (p, i) =>
        {
            using var response = await shopper.PutItemAsync(p.Id, 2, ifMatch: $"\"{version}\"");
            return (Product: p.Id, Status: response.StatusCode, Body: await response.Content.ReadAsStringAsync());
        }));

        var report = string.Join(Environment.NewLine, answers.Select(a => $"{a.Status}: {a.Body}"));
        answers.Count(a => a.Status == HttpStatusCode.OK).Should().Be(1, report);
        answers.Count(a => a.Status == HttpStatusCode.PreconditionFailed).Should().Be(products.Count - 1, report);
        var winner = answers.Single(a => a.Status == HttpStatusCode.OK).Product;
        var expected = new Dictionary<string, int> { [products[0].Id] = 1, [winner] = 2 };
        var cart = await shopper.CartAsync();
        ShopperSession.Quantities(cart).Should().Equal(expected);
        cart.GetProperty("version").GetInt64().Should().Be(version + 1);
        (await shopper.EventsAsync()).Should().HaveCount(2);
    }
}
