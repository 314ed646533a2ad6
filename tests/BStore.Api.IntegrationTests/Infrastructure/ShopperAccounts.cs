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

public sealed record ShopperAccount(string Email, string Password, string AccessToken, string IdToken, string RefreshToken)
{
    public AuthenticationHeaderValue Bearer => new("Bearer", AccessToken);
}

/// <summary>
/// Signs shoppers up, confirms them and signs them in against the emulator's user pool, the way the README's
/// curl steps do: the one-step way for tests to get an access token.
/// </summary>
public sealed class ShopperAccounts(Uri emulator, LocalIdentity identity) : IDisposable
{
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
        var auth = await CallAsync("InitiateAuth", new JsonObject
        {
            ["ClientId"] = client,
            ["AuthFlow"] = "USER_PASSWORD_AUTH",
            ["AuthParameters"] = new JsonObject { ["USERNAME"] = email, ["PASSWORD"] = password },
        });
        var tokens = auth["AuthenticationResult"]!;
        return new ShopperAccount(email, password,
            tokens["AccessToken"]!.GetValue<string>(), tokens["IdToken"]!.GetValue<string>(), tokens["RefreshToken"]!.GetValue<string>());
    }

    /// <summary>An unsigned call of Cognito's public (user) API.</summary>
    public async Task<JsonObject> CallAsync(string operation, JsonObject body)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/")
        {
            Content = new StringContent(body.ToJsonString(), Encoding.UTF8),
        };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/x-amz-json-1.1");
        request.Headers.TryAddWithoutValidation("X-Amz-Target", $"AWSCognitoIdentityProviderService.{operation}");
        using var response = await _http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        response.IsSuccessStatusCode.Should().BeTrue($"Cognito {operation} should succeed: {text}");
        return text.Length == 0 ? [] : JsonNode.Parse(text)!.AsObject();
    }

    public void Dispose() => _http.Dispose();
}
