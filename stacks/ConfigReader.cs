using System.Text.Json;
using System.Text.RegularExpressions;

namespace BStore.Stacks;

/// <summary>Reads a stage file, collecting every missing, unknown or invalid key with its full path.</summary>
internal sealed class ConfigReader
{
    private readonly string _file;
    private readonly string _path;
    private readonly JsonElement _element;
    private readonly List<string> _problems;
    private readonly HashSet<string> _read = [];

    public ConfigReader(string file, JsonElement element) : this(file, "", element, []) { }

    private ConfigReader(string file, string path, JsonElement element, List<string> problems)
    {
        _file = file;
        _path = path;
        _element = element;
        _problems = problems;
        if (element.ValueKind is not (JsonValueKind.Object or JsonValueKind.Undefined))
        {
            problems.Add($"{file}: key '{path.TrimEnd('.')}' must be an object.");
        }
    }

    public ConfigReader Section(string key)
    {
        var value = Get(key);
        var section = new ConfigReader(_file, $"{_path}{key}.", value ?? default, _problems);
        _sections.Add(section);
        return section;
    }

    public string Text(string key, string pattern)
    {
        var value = Get(key);
        if (value is not { ValueKind: JsonValueKind.String } || !Regex.IsMatch(value.Value.GetString()!, pattern))
        {
            return Fail(key, $"must be a string matching {pattern}", "");
        }
        return value.Value.GetString()!;
    }

    public IReadOnlyList<string> Texts(string key, string pattern)
    {
        var value = Get(key);
        if (value is not { ValueKind: JsonValueKind.Array } array || array.GetArrayLength() == 0 ||
            array.EnumerateArray().Any(v => v.ValueKind != JsonValueKind.String || !Regex.IsMatch(v.GetString()!, pattern)))
        {
            return Fail<IReadOnlyList<string>>(key, $"must be a non-empty list of strings matching {pattern}", []);
        }
        return [.. array.EnumerateArray().Select(v => v.GetString()!)];
    }

    public int Number(string key, int min, int max)
    {
        var value = Get(key);
        if (value is not { ValueKind: JsonValueKind.Number } number || !number.TryGetInt32(out var result) || result < min || result > max)
        {
            return Fail(key, $"must be a whole number from {min} to {max}", 0);
        }
        return result;
    }

    /// <summary>A number that may be null (or left out): null means "not set".</summary>
    public int? OptionalNumber(string key, int min, int max)
    {
        _read.Add(key);
        if (_element.ValueKind != JsonValueKind.Object || !_element.TryGetProperty(key, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }
        if (value.ValueKind != JsonValueKind.Number || !value.TryGetInt32(out var result) || result < min || result > max)
        {
            return Fail<int?>(key, $"must be null or a whole number from {min} to {max}", null);
        }
        return result;
    }

    /// <summary>Reports a rule between settings (<paramref name="key"/> names the setting to change).</summary>
    public void Require(bool condition, string key, string message)
    {
        if (!condition)
        {
            Fail(key, message, 0);
        }
    }

    public int OneOf(string key, int[] allowed)
    {
        var value = Get(key);
        if (value is not { ValueKind: JsonValueKind.Number } number || !number.TryGetInt32(out var result) || !allowed.Contains(result))
        {
            return Fail(key, $"must be one of {string.Join(", ", allowed)}", 0);
        }
        return result;
    }

    public string OneOf(string key, string[] allowed)
    {
        var value = Get(key);
        if (value is not { ValueKind: JsonValueKind.String } text || !allowed.Contains(text.GetString()))
        {
            return Fail(key, $"must be one of {string.Join(", ", allowed)}", "");
        }
        return text.GetString()!;
    }

    public bool Flag(string key)
    {
        var value = Get(key);
        if (value is not { ValueKind: JsonValueKind.True or JsonValueKind.False } flag)
        {
            return Fail(key, "must be true or false", false);
        }
        return flag.GetBoolean();
    }

    public void ThrowIfInvalid()
    {
        CollectUnknownKeys();
        if (_problems.Count > 0)
        {
            throw new StageConfigException(string.Join(Environment.NewLine, _problems));
        }
    }

    private JsonElement? Get(string key)
    {
        _read.Add(key);
        if (_element.ValueKind == JsonValueKind.Object && _element.TryGetProperty(key, out var value) && value.ValueKind != JsonValueKind.Null)
        {
            return value;
        }
        _problems.Add($"{_file}: key '{_path}{key}' is missing.");
        return null;
    }

    private readonly List<ConfigReader> _sections = [];

    private void CollectUnknownKeys()
    {
        if (_element.ValueKind != JsonValueKind.Object)
        {
            return;
        }
        foreach (var property in _element.EnumerateObject().Where(p => !_read.Contains(p.Name)))
        {
            _problems.Add($"{_file}: key '{_path}{property.Name}' is not a known setting.");
        }
        foreach (var section in _sections)
        {
            section.CollectUnknownKeys();
        }
    }

    private T Fail<T>(string key, string message, T fallback)
    {
        if (!_problems.Any(p => p.Contains($"'{_path}{key}'", StringComparison.Ordinal)))
        {
            _problems.Add($"{_file}: key '{_path}{key}' {message}.");
        }
        return fallback;
    }
}
