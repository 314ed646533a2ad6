using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Mvc;

namespace BStore.Api.Hosting;

/// <summary>
/// Source-generated JSON (Native AOT has no reflection) for what every endpoint may answer: problems and their
/// extensions. Each feature adds its own answers and request bodies (<see cref="ApiHosting.AddJsonTypes"/>).
/// </summary>
[JsonSourceGenerationOptions(System.Text.Json.JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(Dictionary<string, string[]>))]
[JsonSerializable(typeof(ProblemDetails))]
[JsonSerializable(typeof(int))]
[JsonSerializable(typeof(long))]
[JsonSerializable(typeof(HttpValidationProblemDetails))]
public sealed partial class HostingJsonContext : JsonSerializerContext;
