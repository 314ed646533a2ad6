using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using BStore.LocalAws;

namespace BStore.Api.IntegrationTests.Infrastructure;

/// <summary>JSON-protocol calls the tests make with free-form bodies (operations the set-up tool has no typed request for).</summary>
public static class AwsTestCalls
{
    public static Task<JsonObject> CallAsync(this AwsJsonClient client, string operation, JsonObject body) =>
        client.CallAsync(operation, body, TestJson.Default.JsonObject, TestJson.Default.JsonObject, CancellationToken.None);
}

[JsonSerializable(typeof(JsonObject))]
internal sealed partial class TestJson : JsonSerializerContext;
