using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using BStore.Api.IntegrationTests.Infrastructure;
using FluentAssertions.Execution;

namespace BStore.Api.IntegrationTests;

/// <summary>
/// Every shopper route takes only a current access token of this deployment's user pool and app client; anything
/// else is a 401 problem with a Bearer challenge that says nothing about why, and reaches no data.
/// </summary>
[Collection(BStoreCollection.Name)]
public sealed class AuthenticationTests(BStoreFixture fixture)
{
    private readonly string _product = fixture.Seed.Products.Where(p => p.Stock >= 20).OrderBy(p => p.Id, StringComparer.Ordinal).First().Id;

    private const string SomeOrderId = "1764000000000-0123456789abcdef";

    /// <summary>
    /// Every shopper route (by its OpenAPI template) with a request that a signed-in shopper could send.
    /// <see cref="Every_operation_that_needs_a_shopper_is_in_the_table_of_shopper_routes"/> keeps it complete.
    /// </summary>
    private IEnumerable<(string Operation, HttpMethod Method, string Path, string? Body)> Routes() =>
    [
        ("GET /api/cart", HttpMethod.Get, "/api/cart", null),
        ("DELETE /api/cart", HttpMethod.Delete, "/api/cart", null),
        ("PUT /api/cart/items/{productId}", HttpMethod.Put, $"/api/cart/items/{_product}", "{\"quantity\":1}"),
        ("DELETE /api/cart/items/{productId}", HttpMethod.Delete, $"/api/cart/items/{_product}", null),
        ("POST /api/cart/merge", HttpMethod.Post, "/api/cart/merge", $"{{\"items\":[{{\"productId\":\"{_product}\",\"quantity\":1}}]}}"),
        ("GET /api/wishlist", HttpMethod.Get, "/api/wishlist", null),
        ("PUT /api/wishlist/{productId}", HttpMethod.Put, $"/api/wishlist/{_product}", null),
        ("DELETE /api/wishlist/{productId}", HttpMethod.Delete, $"/api/wishlist/{_product}", null),
        ("POST /api/wishlist/{productId}/move-to-cart", HttpMethod.Post, $"/api/wishlist/{_product}/move-to-cart", null),
        ("GET /api/notifications", HttpMethod.Get, "/api/notifications", null),
        ("POST /api/notifications/{id}/read", HttpMethod.Post, $"/api/notifications/{SomeOrderId}/read", null),
        ("POST /api/notifications/read-all", HttpMethod.Post, "/api/notifications/read-all", null),
        ("GET /api/notifications/email", HttpMethod.Get, "/api/notifications/email", null),
        ("PUT /api/notifications/email", HttpMethod.Put, "/api/notifications/email", "{\"enabled\":true}"),
        ("POST /api/orders", HttpMethod.Post, "/api/orders", OrdersTests.Body()),
        ("GET /api/orders", HttpMethod.Get, "/api/orders", null),
        ("GET /api/orders/{id}", HttpMethod.Get, $"/api/orders/{SomeOrderId}", null),
        ("POST /api/orders/{id}/cancel", HttpMethod.Post, $"/api/orders/{SomeOrderId}/cancel", null),
        ("GET /api/promotions/{code}", HttpMethod.Get, "/api/promotions/WELCOME10", null),
        ("GET /api/products/{id}/reviews/mine", HttpMethod.Get, $"/api/products/{_product}/reviews/mine", null),
        ("PUT /api/products/{id}/reviews/mine", HttpMethod.Put, $"/api/products/{_product}/reviews/mine", "{\"rating\":5,\"title\":\"Lovely\",\"body\":\"\"}"),
        ("DELETE /api/products/{id}/reviews/mine", HttpMethod.Delete, $"/api/products/{_product}/reviews/mine", null),
    ];

    /// <summary>
    /// Every operation of the OpenAPI document is asked without a token, with its path parameters filled in; those that
    /// answer 401 need a shopper, and each of them must be in <see cref="Routes"/>, so a new route cannot escape the
    /// token tests below. The others must answer without one.
    /// </summary>
    [Fact]
    public async Task Every_operation_that_needs_a_shopper_is_in_the_table_of_shopper_routes()
    {
        var operations = await OpenApiOperations.LoadAsync(fixture.Api);
        var needsShopper = new List<string>();
        foreach (var operation in operations)
        {
            var method = operation.HttpMethod;
            using var response = await ShopperSession.SendAsync(fixture.Api, method, operation.Fill(_product), null, method == HttpMethod.Get ? null : "{}");
            if (response.StatusCode == HttpStatusCode.Unauthorized)
            {
                needsShopper.Add(operation.Name);
            }
        }

        operations.Count.Should().BeGreaterThan(Routes().Count());
        needsShopper.Should().BeEquivalentTo(Routes().Select(r => r.Operation), "every route that needs a shopper is tested with every kind of bad token");
    }

    public static TheoryData<string> MissingCredentials => new(["no Authorization header", "Bearer without a token", "Basic credentials"]);

    public static TheoryData<string> InvalidTokens => new(
    [
        "garbage", "signature character changed", "payload sub replaced", "payload exp extended", "ID token", "other user pool", "other client of the pool",
        "expired", "without exp", "alg none", "signed by another key", "HS256 keyed with the public modulus",
    ]);

    [Theory]
    [MemberData(nameof(MissingCredentials))]
    public async Task Without_a_bearer_token_every_shopper_route_is_a_401_challenge(string kind)
    {
        var shopper = await fixture.Shoppers.CreateAsync();
        AuthenticationHeaderValue? authorization = kind switch
        {
            "no Authorization header" => null,
            "Bearer without a token" => new AuthenticationHeaderValue("Bearer"),
            "Basic credentials" => new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{shopper.Email}:{shopper.Password}"))),
            _ => throw new ArgumentOutOfRangeException(nameof(kind)),
        };

        await AssertRefusedEverywhereAsync(authorization, expectError: false);
        (await ShopperSession.ItemsAsync(fixture, SubOf(shopper.AccessToken))).Should().BeEmpty();
    }

    [Theory]
    [MemberData(nameof(InvalidTokens))]
    public async Task An_invalid_token_on_every_shopper_route_is_a_401_challenge_and_reaches_no_data(string kind)
    {
        var token = await TokenAsync(kind);

        await AssertRefusedEverywhereAsync(new AuthenticationHeaderValue("Bearer", token), expectError: true);
        if (TrySubOf(token) is { } sub)
        {
            (await ShopperSession.ItemsAsync(fixture, sub)).Should().BeEmpty("no request with this token may write in the partition of its sub");
        }
    }

    [Theory]
    [InlineData("text/html")]
    [InlineData("text/plain")]
    [InlineData("image/png")]
    public async Task A_refusal_is_a_401_problem_whatever_the_client_accepts(string accept)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/cart");
        request.Headers.Accept.ParseAdd(accept);

        using var response = await fixture.ApiDirect.SendAsync(request); // the API's own refusal (API Gateway's is plain JSON)

        await response.ProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task A_valid_access_token_reaches_every_shopper_route()
    {
        var shopper = await ShopperSession.CreateAsync(fixture);

        using (new AssertionScope())
        {
            foreach (var (_, method, path, body) in Routes())
            {
                using var response = await shopper.SendAsync(method, path, body);
                ((int)response.StatusCode).Should().BeInRange(200, 499, $"{method} {path}")
                    .And.NotBe(401, $"{method} {path}: {await response.Content.ReadAsStringAsync()}");
            }
        }
    }

    /// <summary>Regression (found by OpenApiFuzzTests): with an Accept header naming neither JSON type, the challenge was a 500.</summary>
    [Theory]
    [InlineData(null, "text/html")]
    [InlineData("Bearer not-a-jwt", "text/html")]
    [InlineData("Bearer not-a-jwt", "application/xml")]
    public async Task A_refused_token_is_a_401_problem_whatever_the_client_accepts(string? authorization, string accept)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/cart");
        if (authorization is not null)
        {
            request.Headers.TryAddWithoutValidation("Authorization", authorization);
        }
        request.Headers.TryAddWithoutValidation("Accept", accept);

        using var response = await fixture.ApiDirect.SendAsync(request); // the API's own refusal (API Gateway's is plain JSON)

        var problem = await response.ProblemAsync(HttpStatusCode.Unauthorized);
        problem.GetProperty("title").GetString().Should().Be("Sign-in required");
        response.Headers.WwwAuthenticate.Should().ContainSingle().Which.Scheme.Should().Be("Bearer");
    }

    /// <summary>The control for the minted-token cases: a token signed with the emulator's key and the right claims works.</summary>
    [Fact]
    public async Task A_token_minted_with_the_emulators_key_and_the_right_claims_is_accepted()
    {
        var shopper = await ShopperSession.CreateAsync(fixture);
        await shopper.SetAsync(_product, 2);
        var key = await EmulatorSigningKey.LoadAsync();
        var minted = key.Sign(Reissued(shopper.Account.AccessToken, _ => { }));
        key.Verifies(minted).Should().BeTrue();

        using var response = await ShopperSession.SendAsync(fixture.Api, HttpMethod.Get, "/api/cart", new AuthenticationHeaderValue("Bearer", minted));

        ShopperSession.Quantities(await response.JsonAsync()).Should().Equal(new Dictionary<string, int> { [_product] = 2 });
    }

    private async Task AssertRefusedEverywhereAsync(AuthenticationHeaderValue? authorization, bool expectError)
    {
        using var scope = new AssertionScope();
        foreach (var (_, method, path, body) in Routes())
        {
            scope.Context = new Lazy<string>(() => $"{method} {path}");
            // API Gateway's JWT authorizer refuses first (an ID token of the client passes it, its aud being the client
            // id, and the API refuses it); the API refuses on its own too, should a request ever reach it another way.
            using var viaGateway = await ShopperSession.SendAsync(fixture.Api, method, path, authorization, body);
            viaGateway.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
            using var response = await ShopperSession.SendAsync(fixture.ApiDirect, method, path, authorization, body);
            var problem = await response.ProblemAsync(HttpStatusCode.Unauthorized);
            problem.GetProperty("detail").GetString().Should().NotBeNullOrWhiteSpace();
            var challenge = response.Headers.WwwAuthenticate.Should().ContainSingle().Subject;
            challenge.Scheme.Should().Be("Bearer");
            if (expectError)
            {
                challenge.Parameter.Should().Be("error=\"invalid_token\"");
            }
            else
            {
                challenge.Parameter.Should().BeNull();
            }
        }
    }

    private async Task<string> TokenAsync(string kind)
    {
        switch (kind)
        {
            case "garbage":
                return "not-a-jwt";
            case "signature character changed":
                return Jwt.WithSignatureCharacterChanged((await fixture.Shoppers.CreateAsync()).AccessToken);
            case "payload sub replaced":
                {
                    var victim = await fixture.Shoppers.CreateAsync();
                    var attacker = await fixture.Shoppers.CreateAsync();
                    return Jwt.WithPayload(attacker.AccessToken, p => p["sub"] = SubOf(victim.AccessToken));
                }
            case "payload exp extended":
                return Jwt.WithPayload((await fixture.Shoppers.CreateAsync()).AccessToken, p => p["exp"] = p["exp"]!.GetValue<long>() + 86_400);
            case "ID token":
                return (await fixture.Shoppers.CreateAsync()).IdToken;
            case "other user pool":
                {
                    var pool = await CognitoAdmin.CreatePoolAsync(fixture.Shoppers);
                    using var accounts = new ShopperAccounts(fixture.EmulatorUrl, pool);
                    var token = (await accounts.CreateAsync()).AccessToken;
                    Jwt.Payload(token)["iss"]!.GetValue<string>().Should().EndWith(pool.UserPoolId);
                    return token;
                }
            case "other client of the pool":
                {
                    var client = await CognitoAdmin.CreateClientAsync(fixture.Shoppers, fixture.Shoppers.Identity.UserPoolId);
                    var token = (await fixture.Shoppers.CreateAsync(client)).AccessToken;
                    Jwt.Payload(token)["client_id"]!.GetValue<string>().Should().Be(client);
                    return token;
                }
            case "expired":
                {
                    var key = await EmulatorSigningKey.LoadAsync();
                    var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
                    return key.Sign(Reissued((await fixture.Shoppers.CreateAsync()).AccessToken, p =>
                    {
                        p["iat"] = now - 3_700;
                        p["auth_time"] = now - 3_700;
                        p["exp"] = now - 100; // beyond any reasonable clock skew
                    }));
                }
            case "without exp":
                {
                    var key = await EmulatorSigningKey.LoadAsync();
                    return key.Sign(Reissued((await fixture.Shoppers.CreateAsync()).AccessToken, p => p.Remove("exp")));
                }
            case "alg none":
                {
                    var token = (await fixture.Shoppers.CreateAsync()).AccessToken.Split('.');
                    return $"{Jwt.Encode("{\"alg\":\"none\",\"typ\":\"JWT\"}")}.{token[1]}.";
                }
            case "signed by another key":
                {
                    using var rsa = RSA.Create(2048);
                    var parameters = rsa.ExportParameters(includePrivateParameters: true);
                    return Jwt.SignRs256(
                        new JsonObject { ["kid"] = "dummy", ["alg"] = "RS256" },
                        Reissued((await fixture.Shoppers.CreateAsync()).AccessToken, _ => { }),
                        new System.Numerics.BigInteger(parameters.Modulus, isUnsigned: true, isBigEndian: true),
                        new System.Numerics.BigInteger(parameters.D, isUnsigned: true, isBigEndian: true));
                }
            case "HS256 keyed with the public modulus":
                {
                    var key = await EmulatorSigningKey.LoadAsync();
                    var token = (await fixture.Shoppers.CreateAsync()).AccessToken.Split('.');
                    var input = $"{Jwt.Encode("{\"alg\":\"HS256\",\"kid\":\"dummy\"}")}.{token[1]}";
                    var mac = HMACSHA256.HashData(key.Modulus.ToByteArray(isUnsigned: true, isBigEndian: true), Encoding.ASCII.GetBytes(input));
                    return $"{input}.{Jwt.Base64Url(mac)}";
                }
            default:
                throw new ArgumentOutOfRangeException(nameof(kind));
        }
    }

    /// <summary>The payload of a real access token with fresh times, then <paramref name="edit"/> applied.</summary>
    private static JsonObject Reissued(string accessToken, Action<JsonObject> edit)
    {
        var payload = Jwt.Payload(accessToken);
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        payload["iat"] = now;
        payload["auth_time"] = now;
        payload["exp"] = now + 3_600;
        payload["jti"] = Guid.NewGuid().ToString();
        edit(payload);
        return payload;
    }

    private static string SubOf(string token) => Jwt.Payload(token)["sub"]!.GetValue<string>();

    private static string? TrySubOf(string token)
    {
        try
        {
            return Jwt.Payload(token)["sub"]?.GetValue<string>();
        }
        catch (Exception e) when (e is FormatException or IndexOutOfRangeException or System.Text.Json.JsonException)
        {
            return null;
        }
    }
}
