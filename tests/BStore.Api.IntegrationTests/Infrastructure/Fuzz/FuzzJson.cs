using System.Globalization;
using System.Text;

namespace BStore.Api.IntegrationTests.Infrastructure.Fuzz;

/// <summary>
/// A JSON document as the fuzzer builds it: unlike System.Text.Json's DOM it can hold what a hostile client sends,
/// such as duplicate keys, numbers no parser can hold, lone surrogates and raw control characters.
/// </summary>
public abstract record FuzzJson
{
    public abstract void Write(StringBuilder output);

    public sealed override string ToString()
    {
        var output = new StringBuilder();
        Write(output);
        return output.ToString();
    }
}

/// <summary>Written as is: numbers, literals, or any text at all.</summary>
public sealed record FuzzRaw(string Text) : FuzzJson
{
    public override void Write(StringBuilder output) => output.Append(Text);
}

/// <summary>A string, escaped as JSON allows (a lone surrogate as <c>\uD800</c>); <paramref name="RawControls"/> leaves control characters unescaped, which JSON forbids.</summary>
public sealed record FuzzText(string Value, bool RawControls = false) : FuzzJson
{
    public override void Write(StringBuilder output) => Quote(output, Value, RawControls);

    public static void Quote(StringBuilder output, string value, bool rawControls = false)
    {
        output.Append('"');
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (c == '"' || c == '\\')
            {
                output.Append('\\').Append(c);
            }
            else if (c < ' ' && !rawControls)
            {
                output.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
            }
            else if (char.IsHighSurrogate(c) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]))
            {
                output.Append(c).Append(value[++i]);
            }
            else if (char.IsSurrogate(c))
            {
                output.Append("\\u").Append(((int)c).ToString("X4", CultureInfo.InvariantCulture));
            }
            else
            {
                output.Append(c);
            }
        }
        output.Append('"');
    }
}

public sealed record FuzzList(List<FuzzJson> Items) : FuzzJson
{
    public override void Write(StringBuilder output)
    {
        output.Append('[');
        for (var i = 0; i < Items.Count; i++)
        {
            if (i > 0)
            {
                output.Append(',');
            }
            Items[i].Write(output);
        }
        output.Append(']');
    }
}

/// <summary>An object whose members keep their order, and may repeat a key.</summary>
public sealed record FuzzObject(List<(string Key, FuzzJson Value)> Members) : FuzzJson
{
    public override void Write(StringBuilder output)
    {
        output.Append('{');
        for (var i = 0; i < Members.Count; i++)
        {
            if (i > 0)
            {
                output.Append(',');
            }
            FuzzText.Quote(output, Members[i].Key);
            output.Append(':');
            Members[i].Value.Write(output);
        }
        output.Append('}');
    }
}
