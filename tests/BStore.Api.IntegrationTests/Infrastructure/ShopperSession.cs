using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Amazon.DynamoDBv2.Model;

namespace BStore.Api.IntegrationTests.Infrastructure;

/// <summary>
/// A signed-in shopper talking to the API, and what the emulator's UserActivity table holds in their
/// partition (read directly, not through the API).
/// </summary>
public sealed class ShopperSession(BStoreFixture fixture, ShopperAccount account)
{
    public const string Json = "application/json";

    public ShopperAccount Account => account;

    /// <summary>The partition key of the shopper's items: the access token's <c>sub</c>.</summary>
    public string UserId { get; } = Jwt.Payload(account.AccessToken)["sub"]!.GetValue<string>();

    public static async Task<ShopperSession> CreateAsync(BStoreFixture fixture) => new(fixture, await fixture.Shoppers.CreateAsync());

    public Task<HttpResponseMessage> SendAsync(
        HttpMethod method, string path, string? body = null, string contentType = Json, string? ifMatch = null, bool chunked = false) =>
        SendAsync(fixture.Api, method, path, account.Bearer, body, contentType, ifMatch, chunked);

    /// <summary>Sends <paramref name="body"/> as is; <paramref name="chunked"/> sends it without a Content-Length.</summary>
    public static async Task<HttpResponseMessage> SendAsync(
        HttpClient api, HttpMethod method, string path, AuthenticationHeaderValue? authorization,
        string? body = null, string contentType = Json, string? ifMatch = null, bool chunked = false)
    {
        using var request = new HttpRequestMessage(method, path);
        request.Headers.Authorization = authorization;
        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8);
            request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
            if (chunked)
            {
                request.Headers.TransferEncodingChunked = true;
                request.Content.Headers.ContentLength = null;
            }
        }
        if (ifMatch is not null)
        {
            request.Headers.TryAddWithoutValidation("If-Match", ifMatch).Should().BeTrue();
        }
        return await api.SendAsync(request);
    }

    /// <summary>Checks out with <paramref name="body"/> (default: <see cref="OrdersTests.Body"/>) and the Idempotency-Key <paramref name="key"/>.</summary>
    public Task<HttpResponseMessage> CheckoutAsync(string? key, string? body = null, HttpClient? api = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/orders") { Content = new StringContent(body ?? OrdersTests.Body()) };
        request.Content.Headers.ContentType = new(Json);
        request.Headers.Authorization = account.Bearer;
        if (key is not null)
        {
            request.Headers.TryAddWithoutValidation("Idempotency-Key", key);
        }
        return (api ?? fixture.Api).SendAsync(request);
    }

    public Task<HttpResponseMessage> PutItemAsync(string productId, int quantity, string? ifMatch = null) =>
        SendAsync(HttpMethod.Put, $"/api/cart/items/{productId}", $"{{\"quantity\":{quantity.ToString(CultureInfo.InvariantCulture)}}}", ifMatch: ifMatch);

    public Task<HttpResponseMessage> MergeAsync(params (string ProductId, int Quantity)[] items) =>
        SendAsync(HttpMethod.Post, "/api/cart/merge", JsonSerializer.Serialize(new
        {
            items = items.Select(i => new { productId = i.ProductId, quantity = i.Quantity }),
        }));

    /// <summary>Sets a quantity and asserts it worked; returns the cart version afterwards.</summary>
    public async Task<long> SetAsync(string productId, int quantity)
    {
        using var response = await PutItemAsync(productId, quantity);
        var body = await response.JsonAsync();
        body.GetProperty("quantity").GetInt32().Should().Be(quantity, body.GetRawText());
        body.GetProperty("version").ValueKind.Should().Be(JsonValueKind.Number, body.GetRawText());
        return body.GetProperty("version").GetInt64();
    }

    /// <summary>Polls the order until the order workflow has moved it to one of <paramref name="statuses"/>; fails after a minute.</summary>
    public async Task<JsonElement> WaitForOrderAsync(string orderId, params string[] statuses)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        JsonElement order;
        do
        {
            order = await (await SendAsync(HttpMethod.Get, $"/api/orders/{orderId}")).JsonAsync();
            if (statuses.Contains(order.GetProperty("status").GetString()))
            {
                return order;
            }
            await Task.Delay(250);
        }
        while (DateTime.UtcNow < deadline);
        throw new Xunit.Sdk.XunitException($"Order {orderId} stayed {order.GetProperty("status").GetString()}; expected {string.Join(" or ", statuses)}.");
    }

    public async Task<JsonElement> CartAsync()
    {
        using var response = await SendAsync(HttpMethod.Get, "/api/cart");
        return await response.JsonAsync();
    }

    public async Task<JsonElement> WishlistAsync()
    {
        using var response = await SendAsync(HttpMethod.Get, "/api/wishlist");
        return await response.JsonAsync();
    }

    public async Task AddToWishlistAsync(string productId)
    {
        using var response = await SendAsync(HttpMethod.Put, $"/api/wishlist/{productId}");
        response.StatusCode.Should().Be(System.Net.HttpStatusCode.NoContent, await response.Content.ReadAsStringAsync());
    }

    /// <summary>The cart's quantities by product id, as the API answers them.</summary>
    public async Task<Dictionary<string, int>> QuantitiesAsync() => Quantities(await CartAsync());

    public static Dictionary<string, int> Quantities(JsonElement cart) =>
        cart.GetProperty("lines").EnumerateArray().ToDictionary(l => l.GetProperty("productId").GetString()!, l => l.GetProperty("quantity").GetInt32());

    /// <summary>
    /// The shopper's items in UserActivity whose sort key starts with <paramref name="prefix"/> (consistent read). With no
    /// prefix, the cart, wishlist and events: not the PROFILE item (written when the account was confirmed) nor the
    /// EMAILWINDOW item, which the email workflow updates in its own time after each change.
    /// </summary>
    public Task<List<Dictionary<string, AttributeValue>>> ItemsAsync(string prefix = "") => ItemsAsync(fixture, UserId, prefix);

    public Task<List<Dictionary<string, AttributeValue>>> EventsAsync() => ItemsAsync("EVENT#");

    public static async Task<List<Dictionary<string, AttributeValue>>> ItemsAsync(BStoreFixture fixture, string userId, string prefix = "")
    {
        var items = await QueryAsync(fixture, userId, prefix);
        return prefix.Length > 0 ? items : [.. items.Where(i => i["sk"].S is not ("PROFILE" or "EMAILWINDOW"))];
    }

    /// <summary>Every item of the shopper's partition, PROFILE and EMAILWINDOW included (consistent read).</summary>
    public static Task<List<Dictionary<string, AttributeValue>>> WholePartitionAsync(BStoreFixture fixture, string userId) =>
        QueryAsync(fixture, userId, "");

    private static async Task<List<Dictionary<string, AttributeValue>>> QueryAsync(BStoreFixture fixture, string userId, string prefix)
    {
        var items = new List<Dictionary<string, AttributeValue>>();
        Dictionary<string, AttributeValue>? start = null;
        do
        {
            var request = new QueryRequest
            {
                TableName = "UserActivity",
                KeyConditionExpression = prefix.Length == 0 ? "userId = :u" : "userId = :u AND begins_with(sk, :p)",
                ExpressionAttributeValues = new() { [":u"] = new() { S = userId } },
                ConsistentRead = true,
                ExclusiveStartKey = start,
            };
            if (prefix.Length > 0)
            {
                request.ExpressionAttributeValues[":p"] = new() { S = prefix };
            }
            var page = await fixture.DynamoDb.QueryAsync(request);
            items.AddRange(page.Items ?? []);
            start = page.LastEvaluatedKey is { Count: > 0 } next ? next : null;
        }
        while (start is not null);
        return items;
    }

    /// <summary>A readable, order-independent picture of items, to compare before and after.</summary>
    public static string Snapshot(IEnumerable<Dictionary<string, AttributeValue>> items) => string.Join(Environment.NewLine, items
        .Select(i => string.Join(", ", i.OrderBy(a => a.Key, StringComparer.Ordinal).Select(a => $"{a.Key}={a.Value.S ?? a.Value.N}")))
        .Order(StringComparer.Ordinal));

    public async Task<string> SnapshotAsync() => Snapshot(await ItemsAsync());

    /// <summary>
    /// Like <see cref="Snapshot"/> but exact: every attribute of every type (lists, maps, sets, booleans, binary), so two
    /// snapshots are equal only when the items are byte for byte the same.
    /// </summary>
    public static string ExactSnapshot(IEnumerable<Dictionary<string, AttributeValue>> items) => string.Join(Environment.NewLine, items
        .Select(Exact)
        .Order(StringComparer.Ordinal));

    public static string Exact(Dictionary<string, AttributeValue> item) =>
        "{" + string.Join(", ", item.OrderBy(a => a.Key, StringComparer.Ordinal).Select(a => $"{a.Key}={Exact(a.Value)}")) + "}";

    private static string Exact(AttributeValue value) => value switch
    {
        { S: not null } => "S:" + JsonSerializer.Serialize(value.S),
        { N: not null } => "N:" + value.N,
        { B: not null } => "B:" + Convert.ToBase64String(value.B.ToArray()),
        { BOOL: not null } => "BOOL:" + value.BOOL,
        { NULL: true } => "NULL",
        { L: not null } when value.IsLSet => "L:[" + string.Join(", ", value.L.Select(Exact)) + "]",
        { M: not null } when value.IsMSet => "M:" + Exact(value.M),
        { SS.Count: > 0 } => "SS:" + JsonSerializer.Serialize(value.SS.Order(StringComparer.Ordinal)),
        { NS.Count: > 0 } => "NS:[" + string.Join(",", value.NS.Order(StringComparer.Ordinal)) + "]",
        { BS.Count: > 0 } => "BS:[" + string.Join(",", value.BS.Select(b => Convert.ToBase64String(b.ToArray())).Order(StringComparer.Ordinal)) + "]",
        _ => "?",
    };

    /// <summary>The shopper's activity events as (type, productId, quantity), oldest first.</summary>
    public async Task<List<(string Type, string? ProductId, int? Quantity)>> EventSummaryAsync() =>
        [.. (await EventsAsync()).OrderBy(e => e["sk"].S, StringComparer.Ordinal).Select(e => (
            e["type"].S,
            e.TryGetValue("productId", out var p) ? p.S : null,
            e.TryGetValue("quantity", out var q) ? int.Parse(q.N, CultureInfo.InvariantCulture) : (int?)null))];
}
