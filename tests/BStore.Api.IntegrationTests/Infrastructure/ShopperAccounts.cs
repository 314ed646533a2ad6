using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;

namespace BStore.Api.IntegrationTests.Infrastructure;

/// <summary>The user pool and app client the seed command created in the emulator (BSTORE_LOCAL_SETTINGS).</summary>
public sealed record LocalIdentity(string UserPoolId, string ClientId)
{
    public static LocalIdentity Read(string file)
    {
        var cognito = JsonNode.Parse(File.ReadAllText(file))!["BStore"]!["Cognito"]!;
        return new LocalIdentity(cognito["UserPoolId"]!.GetValue<string>(), cognito["ClientId"]!.GetValue<string>());
    }
}

/// <summary>A Cognito answer: status, body (as text and as JSON, empty when not JSON), response headers (names case-insensitive).</summary>
public sealed record CognitoAnswer(HttpStatusCode StatusCode, string Text, IReadOnlyDictionary<string, string> Headers)
{
    public JsonObject Body { get; } = Parse(Text);

    public bool IsSuccess => (int)StatusCode is >= 200 and < 300;

    /// <summary>The error's type, e.g. <c>NotAuthorizedException</c> (the body's <c>__type</c> without any namespace), or null.</summary>
    public string? ErrorType => Body["__type"]?.GetValue<string>() is { } type ? type[(type.LastIndexOf('#') + 1)..] : null;

    public string Describe() => $"{(int)StatusCode} {Text}";

    private static JsonObject Parse(string text)
    {
        try
        {
            return JsonNode.Parse(text) as JsonObject ?? [];
        }
        catch (System.Text.Json.JsonException)
        {
            return [];
        }
    }
}

public sealed record ShopperAccount(string Email, string Password, string AccessToken, string IdToken, string RefreshToken)
{
    public AuthenticationHeaderValue Bearer => new("Bearer", AccessToken);
}

/// <summary>
/// Signs shoppers up, confirms them and signs them in against the emulator's user pool, the way the curl steps of
/// docs/local-environment.md do: the one-step way for tests to get an access token.
/// </summary>
public sealed class ShopperAccounts(Uri emulator, LocalIdentity identity) : IDisposable
{
    /// <summary>The response header in which the emulator returns a ForgotPassword confirmation code (AWS emails it).</summary>
    public const string ForgotPasswordCodeHeader = "x-moto-forgot-password-confirmation-code";

    private readonly HttpClient _http = new() { BaseAddress = emulator, Timeout = TimeSpan.FromSeconds(10) };

    public LocalIdentity Identity => identity;

    public async Task<ShopperAccount> CreateAsync(string? clientId = null)
    {
        var email = $"shopper-{Guid.NewGuid():N}@example.com";
        const string password = "Lipstick-Red-42";
        var client = clientId ?? identity.ClientId;
        await CallAsync("SignUp", new JsonObject
        {
            ["ClientId"] = client,
            ["Username"] = email,
            ["Password"] = password,
            ["UserAttributes"] = new JsonArray(new JsonObject { ["Name"] = "email", ["Value"] = email }),
        });
        await CallAsync("ConfirmSignUp", new JsonObject { ["ClientId"] = client, ["Username"] = email, ["ConfirmationCode"] = "123456" });
        return await SignInAsync(email, password, client);
    }

    /// <summary>Signs an existing shopper in with USER_PASSWORD_AUTH and asserts it worked.</summary>
    public async Task<ShopperAccount> SignInAsync(string email, string password, string? clientId = null)
    {
        var answer = await TrySignInAsync(email, password, clientId);
        answer.IsSuccess.Should().BeTrue($"{email} should sign in: {answer.Describe()}");
        var tokens = answer.Body["AuthenticationResult"]!;
        return new ShopperAccount(email, password,
            tokens["AccessToken"]!.GetValue<string>(), tokens["IdToken"]!.GetValue<string>(), tokens["RefreshToken"]!.GetValue<string>());
    }

    /// <summary>InitiateAuth with USER_PASSWORD_AUTH, answered as is (a refusal is not a test failure).</summary>
    public Task<CognitoAnswer> TrySignInAsync(string email, string password, string? clientId = null) =>
        SendAsync("InitiateAuth", new JsonObject
        {
            ["ClientId"] = clientId ?? identity.ClientId,
            ["AuthFlow"] = "USER_PASSWORD_AUTH",
            ["AuthParameters"] = new JsonObject { ["USERNAME"] = email, ["PASSWORD"] = password },
        });

    /// <summary>InitiateAuth with REFRESH_TOKEN_AUTH, answered as is.</summary>
    public Task<CognitoAnswer> RefreshAsync(string refreshToken, string? clientId = null) =>
        SendAsync("InitiateAuth", new JsonObject
        {
            ["ClientId"] = clientId ?? identity.ClientId,
            ["AuthFlow"] = "REFRESH_TOKEN_AUTH",
            ["AuthParameters"] = new JsonObject { ["REFRESH_TOKEN"] = refreshToken },
        });

    /// <summary>
    /// ForgotPassword, asserted to succeed; returns the confirmation code. AWS sends it by email; the emulator returns it
    /// in the response header <see cref="ForgotPasswordCodeHeader"/>.
    /// </summary>
    public async Task<(string Code, JsonObject Body)> ForgotPasswordAsync(string email)
    {
        var answer = await SendAsync("ForgotPassword", new JsonObject { ["ClientId"] = identity.ClientId, ["Username"] = email });
        answer.IsSuccess.Should().BeTrue($"ForgotPassword should succeed: {answer.Describe()}");
        answer.Headers.TryGetValue(ForgotPasswordCodeHeader, out var code).Should().BeTrue($"the emulator should return the code in {ForgotPasswordCodeHeader}");
        return (code!, answer.Body);
    }

    /// <summary>ConfirmForgotPassword, answered as is.</summary>
    public Task<CognitoAnswer> ConfirmForgotPasswordAsync(string email, string code, string newPassword) =>
        SendAsync("ConfirmForgotPassword", new JsonObject
        {
            ["ClientId"] = identity.ClientId,
            ["Username"] = email,
            ["ConfirmationCode"] = code,
            ["Password"] = newPassword,
        });

    /// <summary>GlobalSignOut of the access token's user (every device), answered as is.</summary>
    public Task<CognitoAnswer> GlobalSignOutAsync(string accessToken) =>
        SendAsync("GlobalSignOut", new JsonObject { ["AccessToken"] = accessToken });

    /// <summary>An unsigned call of Cognito's public (user) API, asserted to succeed.</summary>
    public async Task<JsonObject> CallAsync(string operation, JsonObject body)
    {
        var answer = await SendAsync(operation, body);
        answer.IsSuccess.Should().BeTrue($"Cognito {operation} should succeed: {answer.Describe()}");
        return answer.Body;
    }

    /// <summary>An unsigned call of Cognito's public (user) API, answered as is.</summary>
    public async Task<CognitoAnswer> SendAsync(string operation, JsonObject body)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/")
        {
            Content = new StringContent(body.ToJsonString(), Encoding.UTF8),
        };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/x-amz-json-1.1");
        request.Headers.TryAddWithoutValidation("X-Amz-Target", $"AWSCognitoIdentityProviderService.{operation}");
        using var response = await _http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        var headers = response.Headers.ToDictionary(h => h.Key, h => string.Join(",", h.Value), StringComparer.OrdinalIgnoreCase);
        return new CognitoAnswer(response.StatusCode, text, headers);
    }

    public void Dispose() => _http.Dispose();
}
