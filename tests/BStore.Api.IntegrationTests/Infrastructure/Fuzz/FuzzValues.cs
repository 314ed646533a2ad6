using System.Globalization;
using System.Text;
using CsCheck;

namespace BStore.Api.IntegrationTests.Infrastructure.Fuzz;

/// <summary>A CsCheck generator written as a function of the random source.</summary>
public sealed class GenFrom<T>(Func<PCG, T> generate) : Gen<T>
{
    public override T Generate(PCG pcg, Size? min, out Size size)
    {
        size = new Size(0);
        return generate(pcg);
    }
}

/// <summary>Draws from a PCG: the fuzzer's choices, each reproducible from the case's seed.</summary>
public sealed class Draw(PCG pcg)
{
    public PCG Pcg => pcg;

    public int Int(int low, int high) => low + (int)pcg.Next((uint)(high - low + 1));

    public bool Chance(double probability) => pcg.Next(1_000_000) < probability * 1_000_000;

    public T Pick<T>(IReadOnlyList<T> choices) => choices[Int(0, choices.Count - 1)];

    public T From<T>(Gen<T> gen) => gen.Generate(pcg, null!, out _);

    /// <summary>One of the choices, each with its weight.</summary>
    public T Weighted<T>(params (int Weight, Func<T> Choice)[] choices)
    {
        var roll = Int(0, choices.Sum(c => c.Weight) - 1);
        foreach (var (weight, choice) in choices)
        {
            if (roll < weight)
            {
                return choice();
            }
            roll -= weight;
        }
        throw new InvalidOperationException("unreachable");
    }
}

/// <summary>Valid, boundary and hostile values: strings, numbers, ids and their URL encodings.</summary>
public static class FuzzValues
{
    public static readonly Gen<string> AnyChars = Gen.String[Gen.Char, 0, 24];
    public static readonly Gen<string> Printable = Gen.String[Gen.Char[' ', '~'], 0, 24];
    public static readonly Gen<string> Slug = Gen.String[Gen.Char["abcdefghijklmnopqrstuvwxyz0123456789-"], 1, 40];
    public static readonly Gen<string> Unicode = Gen.String[Gen.Char['\u00a0', '\uffff'], 1, 12];
    public static readonly Gen<long> Longs = Gen.Long;
    public static readonly Gen<double> Doubles = Gen.Double;
    public static readonly Gen<byte[]> Bytes = Gen.Byte.Array[0, 96];

    /// <summary>Strings that have broken parsers, validators and stores before.</summary>
    public static readonly string[] Hostile =
    [
        "", " ", "  \t ", "a", "null", "true", "0", "-1", "NaN", "undefined", "[]", "{}",
        "café", "CAFÉ", "straße", "İstanbul", "e\u0301", "😀", "👩‍👩‍👧", "漢字", "العربية", "\u202Eevil", "\u200B", "\uFEFF",
        "\u0000", "a\u0000b", "\u0001\u0002\u001f", "\t\n\r", "\u007f", "\u0085", "\u2028\u2029",
        "\uD800", "\uDC00", "a\uD83Db", "\uDFFF\uD800",
        "' OR '1'='1", "\"; DROP TABLE x; --", "<script>alert(1)</script>", "${jndi:ldap://x/a}", "{{7*7}}", "%s%s%n", "%00", "%2e%2e%2f",
        "../../etc/passwd", "..\\..\\windows", "/", "#", "?", "&", "=", "+", "CART", "CART#x", "ORDER#1", "EVENT#", "PROFILE", "REVIEW#a",
        "promo#WELCOME10", "IDEMPOTENCY#k", "userId", "__proto__", "constructor",
        new string('a', 64), new string('a', 65), new string('x', 300), new string('é', 2000), new string('y', 5000),
        "1e309", "-0", "99999999999999999999999999999", "0x10", "1,5",
    ];

    /// <summary>JSON numbers and number-likes at and past every boundary.</summary>
    public static readonly string[] HostileNumbers =
    [
        "0", "-0", "1", "-1", "99", "100", "2147483647", "2147483648", "-2147483648", "-2147483649", "4294967296",
        "9223372036854775807", "9223372036854775808", "-9223372036854775809", "18446744073709551616",
        "99999999999999999999999999999999999999", "1e20", "1E400", "-1e400", "1e-400", "1.5", "0.5", "2.0", "1e2", "1E+2",
        "0.0000000000000000000001", "123456789.123456789123456789",
        // not JSON at all, but sent anyway:
        "NaN", "Infinity", "-Infinity", "+1", "01", "0x10", ".5", "1.", "1e", "--1",
    ];

    /// <summary><paramref name="value"/> URL-encoded as a path segment or query value; a lone surrogate becomes its (invalid) WTF-8 bytes.</summary>
    public static string Encode(string value)
    {
        var text = new StringBuilder();
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (c is (>= 'a' and <= 'z') or (>= 'A' and <= 'Z') or (>= '0' and <= '9') or '-' or '_' or '.' or '~')
            {
                text.Append(c);
                continue;
            }
            var codePoint = char.IsHighSurrogate(c) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1])
                ? char.ConvertToUtf32(c, value[++i])
                : c;
            foreach (var b in Wtf8(codePoint))
            {
                text.Append('%').Append(b.ToString("X2", CultureInfo.InvariantCulture));
            }
        }
        return text.ToString();
    }

    private static byte[] Wtf8(int codePoint) => codePoint switch
    {
        < 0x80 => [(byte)codePoint],
        < 0x800 => [(byte)(0xC0 | (codePoint >> 6)), (byte)(0x80 | (codePoint & 0x3F))],
        < 0x10000 => [(byte)(0xE0 | (codePoint >> 12)), (byte)(0x80 | ((codePoint >> 6) & 0x3F)), (byte)(0x80 | (codePoint & 0x3F))],
        _ => [(byte)(0xF0 | (codePoint >> 18)), (byte)(0x80 | ((codePoint >> 12) & 0x3F)), (byte)(0x80 | ((codePoint >> 6) & 0x3F)), (byte)(0x80 | (codePoint & 0x3F))],
    };

    /// <summary>Path segments and query values already encoded, as no client library would send them.</summary>
    public static readonly string[] RawEncoded =
    [
        "%00", "a%00b", "%0A", "%0D%0A", "%09", "%7F", "%20", "%2F", "a%2Fb", "%5C", "..", "%2E%2E", "%2e%2e%2f%2e%2e", ".", "%2E",
        "%ED%A0%80", "%ED%B0%80", "%FF", "%FE%FF", "%C0%AF", "%C0%80", "%E0%80%AF", "%F4%90%80%80", "%", "%zz", "%%", "%25", "%252F",
        "a%23b", "a%3Fb", "a%26b=c", "%3B", ";x=1", "caf%C3%A9", "%F0%9F%98%80", "%E2%80%AE", "%EF%BB%BF", "+", "a+b", "%2B",
    ];

    public static string Any(Draw draw) => draw.Weighted<string>(
        (6, () => draw.Pick(Hostile)),
        (2, () => draw.From(AnyChars)),
        (2, () => draw.From(Printable)),
        (1, () => draw.From(Unicode)),
        (1, () => draw.From(Longs).ToString(CultureInfo.InvariantCulture)),
        (1, () => draw.From(Doubles).ToString("R", CultureInfo.InvariantCulture)));

    /// <summary>A hostile path segment or query value, encoded.</summary>
    public static string AnyEncoded(Draw draw) => draw.Weighted<string>(
        (5, () => Encode(Any(draw))),
        (3, () => draw.Pick(RawEncoded)),
        (1, () => new string('a', draw.Pick<int>([63, 64, 65, 129, 1000, 4000]))),
        (1, () => Encode(draw.From(Slug)).ToUpperInvariant()));

    public static string Number(Draw draw) => draw.Weighted<string>(
        (5, () => draw.Pick(HostileNumbers)),
        (1, () => draw.From(Longs).ToString(CultureInfo.InvariantCulture)),
        (1, () => draw.From(Doubles).ToString("R", CultureInfo.InvariantCulture)));
}
