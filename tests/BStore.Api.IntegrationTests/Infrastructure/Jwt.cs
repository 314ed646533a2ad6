using System.IO.Compression;
using System.Numerics;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace BStore.Api.IntegrationTests.Infrastructure;

/// <summary>Reads, alters and (with the emulator's own private key) signs JWTs, to test what the API refuses.</summary>
public static class Jwt
{
    public static JsonObject Header(string token) => Part(token, 0);

    public static JsonObject Payload(string token) => Part(token, 1);

    /// <summary>The token with <paramref name="edit"/> applied to its payload, re-encoded, the original signature kept.</summary>
    public static string WithPayload(string token, Action<JsonObject> edit)
    {
        var parts = token.Split('.');
        var payload = Payload(token);
        edit(payload);
        return $"{parts[0]}.{Encode(payload.ToJsonString())}.{parts[2]}";
    }

    /// <summary>The token with one character in the middle of its signature replaced (never a padding-only character).</summary>
    public static string WithSignatureCharacterChanged(string token)
    {
        var parts = token.Split('.');
        var signature = parts[2].ToCharArray();
        var i = signature.Length / 2;
        signature[i] = signature[i] == 'A' ? 'B' : 'A';
        return $"{parts[0]}.{parts[1]}.{new string(signature)}";
    }

    /// <summary>Signs <paramref name="header"/>.<paramref name="payload"/> with RS256 (RSASSA-PKCS1-v1_5, SHA-256) by a raw RSA private key.</summary>
    public static string SignRs256(JsonObject header, JsonObject payload, BigInteger modulus, BigInteger privateExponent)
    {
        var signingInput = $"{Encode(header.ToJsonString())}.{Encode(payload.ToJsonString())}";
        var k = modulus.GetByteCount(isUnsigned: true);
        // EMSA-PKCS1-v1_5: 00 01 FF..FF 00 || DigestInfo(SHA-256) || hash
        byte[] digestInfo = [0x30, 0x31, 0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x01, 0x05, 0x00, 0x04, 0x20];
        var hash = SHA256.HashData(Encoding.ASCII.GetBytes(signingInput));
        var encoded = new byte[k];
        encoded[1] = 0x01;
        var t = digestInfo.Length + hash.Length;
        encoded.AsSpan(2, k - t - 3).Fill(0xFF);
        digestInfo.CopyTo(encoded, k - t);
        hash.CopyTo(encoded, k - hash.Length);
        var signature = BigInteger.ModPow(new BigInteger(encoded, isUnsigned: true, isBigEndian: true), privateExponent, modulus)
            .ToByteArray(isUnsigned: true, isBigEndian: true);
        var padded = new byte[k];
        signature.CopyTo(padded, k - signature.Length);
        return $"{signingInput}.{Base64Url(padded)}";
    }

    public static string Encode(string json) => Base64Url(Encoding.UTF8.GetBytes(json));

    public static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    public static byte[] FromBase64Url(string text)
    {
        var base64 = text.Replace('-', '+').Replace('_', '/');
        return Convert.FromBase64String(base64.PadRight(base64.Length + ((4 - (base64.Length % 4)) % 4), '='));
    }

    private static JsonObject Part(string token, int index) =>
        JsonNode.Parse(Encoding.UTF8.GetString(FromBase64Url(token.Split('.')[index])))!.AsObject();
}

/// <summary>
/// The RSA key moto signs every user pool's tokens with (it ships in the moto package as
/// cognitoidp/resources/jwks-private.json[.gz]); with it a test can mint tokens the emulator could have issued.
/// </summary>
public sealed record EmulatorSigningKey(string KeyId, BigInteger Modulus, BigInteger PublicExponent, BigInteger PrivateExponent)
{
    private static readonly SemaphoreSlim Gate = new(1, 1);
    private static EmulatorSigningKey? _loaded;

    public static async Task<EmulatorSigningKey> LoadAsync()
    {
        await Gate.WaitAsync();
        try
        {
            return _loaded ??= Parse(await ReadJwkAsync());
        }
        finally
        {
            Gate.Release();
        }
    }

    public string Sign(JsonObject payload) =>
        Jwt.SignRs256(new JsonObject { ["kid"] = KeyId, ["alg"] = "RS256" }, payload, Modulus, PrivateExponent);

    /// <summary>Checks a signature with the public half (proves <see cref="Sign"/> produces what a verifier accepts).</summary>
    public bool Verifies(string token)
    {
        using var rsa = RSA.Create(new RSAParameters
        {
            Modulus = Modulus.ToByteArray(isUnsigned: true, isBigEndian: true),
            Exponent = PublicExponent.ToByteArray(isUnsigned: true, isBigEndian: true),
        });
        var parts = token.Split('.');
        return rsa.VerifyData(Encoding.ASCII.GetBytes($"{parts[0]}.{parts[1]}"), Jwt.FromBase64Url(parts[2]), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
    }

    private static EmulatorSigningKey Parse(JsonObject jwk)
    {
        static BigInteger Number(JsonObject jwk, string name) => new(Jwt.FromBase64Url(jwk[name]!.GetValue<string>()), isUnsigned: true, isBigEndian: true);
        return new EmulatorSigningKey(jwk["kid"]!.GetValue<string>(), Number(jwk, "n"), Number(jwk, "e"), Number(jwk, "d"));
    }

    private static async Task<JsonObject> ReadJwkAsync()
    {
        var (exitCode, output) = await ChildProcess.RunAsync(
            "python3", ["-c", "import moto, os; print(os.path.dirname(moto.__file__))"], new Dictionary<string, string?>(), TimeSpan.FromSeconds(30));
        exitCode.Should().Be(0, output);
        var resources = Path.Combine(output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)[^1], "cognitoidp", "resources");
        var plain = Path.Combine(resources, "jwks-private.json");
        if (File.Exists(plain))
        {
            return JsonNode.Parse(await File.ReadAllTextAsync(plain))!.AsObject();
        }
        await using var file = File.OpenRead(plain + ".gz");
        await using var gzip = new GZipStream(file, CompressionMode.Decompress);
        return JsonNode.Parse(gzip)!.AsObject();
    }
}
