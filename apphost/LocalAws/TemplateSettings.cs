using System.Text.Json;
using System.Text.Json.Nodes;

namespace BStore.LocalAws;

/// <summary>
/// The settings the template gives a function (its <c>BStore__*</c> environment variables), for the local process of the
/// same job: plain values as they are, a reference to a resource as the local resource's name. The set-up step writes them
/// into the local settings file, below the process's own environment, so a setting the template forgets is missing
/// locally too and fails there as it would in AWS. The Lambda Web Adapter's variables and the job are not settings of
/// the application (the local starters give each process its address and job).
/// </summary>
public static class TemplateSettings
{
    /// <summary>
    /// Settings only AWS can give their template value, each with where its local value comes from. A new setting whose
    /// template value is not plain (a secret, an attribute of a resource the emulator has no counterpart of) must be
    /// added here, with its reason, or it refuses to be written locally.
    /// </summary>
    public static readonly IReadOnlyDictionary<string, string> GivenLocally = new Dictionary<string, string>
    {
        ["BStore__PublicBaseUrl"] = "the HTTP API's https endpoint; locally the gateway's address, from the process's environment",
        ["BStore__Catalog__CursorKey"] = "a Secrets Manager secret resolved at deploy; locally a key per run, from the process's environment",
        ["BStore__Cognito__Endpoint"] = "Cognito's regional endpoint; locally the emulator",
        ["BStore__Images__BaseUrl"] = "the CloudFront distribution; locally the emulator's bucket (the API derives it when unset)",
    };

    /// <summary>
    /// The function's settings with local values. <paramref name="localValues"/> gives the local value of each setting that
    /// references a resource, and of the settings in <see cref="GivenLocally"/> the set-up step knows (absent: left out).
    /// </summary>
    public static SortedDictionary<string, string> ForFunction(JsonObject template, string functionPrefix, IReadOnlyDictionary<string, string> localValues)
    {
        var settings = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, value) in TemplateRole.Environment(template, functionPrefix))
        {
            if (!name.StartsWith("BStore__", StringComparison.Ordinal) || name == "BStore__Job")
            {
                continue;
            }
            if (GivenLocally.ContainsKey(name))
            {
                if (localValues.TryGetValue(name, out var given))
                {
                    settings[name] = given;
                }
                continue;
            }
            settings[name] = value switch
            {
                JsonValue plain when plain.GetValueKind() == JsonValueKind.String => plain.GetValue<string>(),
                JsonObject { Count: 1 } reference when reference["Ref"] is { } resource => localValues.TryGetValue(name, out var local)
                    ? local
                    : throw new InvalidDataException($"The template sets {name} to the resource {resource}, which the local environment does not make."),
                _ => throw new InvalidDataException(
                    $"The template sets {name} to {value?.ToJsonString()}, which only AWS resolves: give it a local value (TemplateSettings.GivenLocally) or a plain one."),
            };
        }
        return settings;
    }

    /// <summary>The settings as a configuration file's JSON (<c>BStore__Tables__Category</c> becomes BStore → Tables → Category).</summary>
    public static JsonObject ToConfiguration(IEnumerable<KeyValuePair<string, string>> settings)
    {
        var root = new JsonObject();
        foreach (var (name, value) in settings)
        {
            var parts = name.Split("__");
            var node = root;
            foreach (var part in parts[..^1])
            {
                node = node[part] as JsonObject ?? (JsonObject)(node[part] = new JsonObject());
            }
            node[parts[^1]] = value;
        }
        return root;
    }
}
