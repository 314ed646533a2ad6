using System.Text.Json.Nodes;

namespace BStore.Api.IntegrationTests.Infrastructure;

/// <summary>Admin calls of the emulator's Cognito (unsigned: moto does not check signatures) to build other pools and clients.</summary>
public static class CognitoAdmin
{
    /// <summary>A new user pool (same password policy as the local one) with one public client that allows USER_PASSWORD_AUTH.</summary>
    public static async Task<LocalIdentity> CreatePoolAsync(ShopperAccounts cognito)
    {
        var created = await cognito.CallAsync("CreateUserPool", new JsonObject
        {
            ["PoolName"] = $"other-pool-{Guid.NewGuid():N}",
            ["UsernameAttributes"] = new JsonArray("email"),
            ["Policies"] = new JsonObject
            {
                ["PasswordPolicy"] = new JsonObject
                {
                    ["MinimumLength"] = 10, ["RequireUppercase"] = true, ["RequireLowercase"] = true, ["RequireNumbers"] = true, ["RequireSymbols"] = true,
                },
            },
        });
        var poolId = created["UserPool"]!["Id"]!.GetValue<string>();
        return new LocalIdentity(poolId, await CreateClientAsync(cognito, poolId));
    }

    public static async Task<string> CreateClientAsync(ShopperAccounts cognito, string userPoolId)
    {
        var created = await cognito.CallAsync("CreateUserPoolClient", new JsonObject
        {
            ["UserPoolId"] = userPoolId,
            ["ClientName"] = $"other-client-{Guid.NewGuid():N}",
            ["GenerateSecret"] = false,
            ["ExplicitAuthFlows"] = new JsonArray("ALLOW_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"),
        });
        return created["UserPoolClient"]!["ClientId"]!.GetValue<string>();
    }
}
