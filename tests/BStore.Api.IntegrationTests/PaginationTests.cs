using System.Net;
using System.Text.Json;
using BStore.Api.IntegrationTests.Infrastructure;

namespace BStore.Api.IntegrationTests;

[Collection(BStoreCollection.Name)]
public sealed class PaginationTests(BStoreFixture fixture)
{
    private readonly HttpClient _api = fixture.Api;
    private readonly SeedData _seed = fixture.Seed;

    [Theory]
    [InlineData("name", null)]
    [InlineData("newest", null)]
    [InlineData("price_asc", null)]
    [InlineData("price_desc", null)]
    [InlineData("name", "skin-care")]
    [InlineData("price_asc", "hair-care")]
    public async Task Walking_every_page_visits_each_product_once_in_order(string sort, string? category)
    {
        var expected = _seed.Products.Where(p => category is null || p.CategoryId == category).ToList();

        var visited = await WalkAsync($"/api/products?sort={sort}&limit=7{(category is null ? "" : $"&category={category}")}");

        visited.Select(p => p.GetProperty("id").GetString()).Should().OnlyHaveUniqueItems().And.BeEquivalentTo(expected.Select(p => p.Id));
        switch (sort)
        {
            case "name":
                visited.Select(p => SortableName(p.GetProperty("name").GetString()!)).Should().BeInAscendingOrder(StringComparer.Ordinal);
                break;
            case "newest":
                visited.Select(p => p.GetProperty("id").GetString()).Should()
                    .Equal(expected.OrderByDescending(p => p.CreatedAt).Select(p => p.Id));
                break;
            case "price_asc":
                visited.Select(p => p.GetProperty("price").GetDecimal()).Should().BeInAscendingOrder();
                break;
            case "price_desc":
                visited.Select(p => p.GetProperty("price").GetDecimal()).Should().BeInDescendingOrder();
                break;
        }
    }

    [Fact]
    public async Task A_filtered_search_pages_through_all_matches()
    {
        var expected = _seed.Search("serum").Select(p => p.Id).ToList();

        var visited = await WalkAsync("/api/products?q=serum&sort=name&limit=2");

        visited.Select(p => p.GetProperty("id").GetString()).Should().OnlyHaveUniqueItems().And.BeEquivalentTo(expected);
    }

    [Fact]
    public async Task The_page_size_may_change_between_pages()
    {
        var first = await (await _api.GetAsync("/api/products?sort=newest&limit=3")).JsonAsync();
        var cursor = first.GetProperty("nextCursor").GetString()!;

        var second = await (await _api.GetAsync($"/api/products?sort=newest&limit=5&cursor={Uri.EscapeDataString(cursor)}")).JsonAsync();

        var newest = _seed.Products.OrderByDescending(p => p.CreatedAt).Select(p => p.Id).ToList();
        second.Ids().Should().Equal(newest.Skip(3).Take(5));
    }

    [Fact]
    public async Task A_cursor_used_with_another_query_is_rejected()
    {
        var first = await (await _api.GetAsync("/api/products?sort=price_asc&limit=3")).JsonAsync();
        var cursor = Uri.EscapeDataString(first.GetProperty("nextCursor").GetString()!);

        using var otherSort = await _api.GetAsync($"/api/products?sort=price_desc&limit=3&cursor={cursor}");
        using var otherSearch = await _api.GetAsync($"/api/products?sort=price_asc&q=serum&cursor={cursor}");

        (await otherSort.ProblemAsync(HttpStatusCode.BadRequest, "cursor")).GetRawText().Should().Contain("different query");
        await otherSearch.ProblemAsync(HttpStatusCode.BadRequest, "cursor");
    }

    [Fact]
    public async Task A_tampered_cursor_is_rejected()
    {
        var first = await (await _api.GetAsync("/api/products?sort=price_asc&limit=3")).JsonAsync();
        var cursor = first.GetProperty("nextCursor").GetString()!;
        var dot = cursor.IndexOf('.', StringComparison.Ordinal);
        // Flip one character of the payload, then one of the signature.
        string[] tampered =
        [
            cursor[..(dot - 2)] + (cursor[dot - 2] == 'A' ? 'B' : 'A') + cursor[(dot - 1)..],
            cursor[..(dot + 3)] + (cursor[dot + 3] == 'A' ? 'B' : 'A') + cursor[(dot + 4)..],
            cursor[..dot],
            cursor + "A",
        ];

        foreach (var forged in tampered)
        {
            using var response = await _api.GetAsync($"/api/products?sort=price_asc&limit=3&cursor={Uri.EscapeDataString(forged)}");
            await response.ProblemAsync(HttpStatusCode.BadRequest, "cursor");
        }
    }

    private async Task<List<JsonElement>> WalkAsync(string firstPage)
    {
        var items = new List<JsonElement>();
        string? cursor = null;
        for (var pages = 0; pages < 50; pages++)
        {
            var page = await (await _api.GetAsync(cursor is null ? firstPage : $"{firstPage}&cursor={Uri.EscapeDataString(cursor)}")).JsonAsync();
            var batch = page.GetProperty("items").EnumerateArray().ToList();
            batch.Count.Should().BeLessThanOrEqualTo(7);
            items.AddRange(batch);
            if (page.GetProperty("nextCursor").ValueKind == JsonValueKind.Null)
            {
                return items;
            }
            cursor = page.GetProperty("nextCursor").GetString();
        }
        throw new InvalidOperationException("Paging did not end after 50 pages.");
    }

    private static string SortableName(string name) => string.Join(' ', SeedData.Words(name));
}
