using System.Text.Json.Serialization;
using BStore.Api.Cart;

namespace BStore.Api.Hosting;

/// <summary>
/// Request bodies: strict (unknown fields and numbers in strings are errors), source-generated. Nesting is limited by
/// BStore:Limits:MaxJsonDepth before a body gets here (JsonBody); 64 is the ceiling that setting may reach.
/// </summary>
[JsonSourceGenerationOptions(
    System.Text.Json.JsonSerializerDefaults.Web,
    UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    NumberHandling = JsonNumberHandling.Strict,
    AllowTrailingCommas = false,
    MaxDepth = 64)]
[JsonSerializable(typeof(SetQuantityRequest))]
[JsonSerializable(typeof(MergeCartRequest))]
[JsonSerializable(typeof(BStore.Api.Notifications.SetEmailPreferencesRequest))]
[JsonSerializable(typeof(BStore.Api.Orders.PlaceOrderRequest))]
[JsonSerializable(typeof(BStore.Api.Reviews.ReviewRequest))]
public sealed partial class RequestJsonContext : JsonSerializerContext;
