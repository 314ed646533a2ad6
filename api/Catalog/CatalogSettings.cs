using BStore.Api.Hosting;

namespace BStore.Api.Catalog;

/// <summary><c>BStore:Catalog</c>: pagination cursors and the in-process catalog snapshot.</summary>
public sealed class CatalogSettings
{
    public const string Section = "BStore:Catalog";

    /// <summary>Base64 HMAC key that signs pagination cursors; every instance of one deployment must share it.</summary>
    public string? CursorKey { get; set; }

    /// <summary>
    /// How long the in-process catalog snapshot answers browsing before it is read again (stock and ratings in
    /// lists are at most this old); 0 turns the snapshot off. Twice this old, it is no longer used at all.
    /// </summary>
    public int CacheSeconds { get; set; } = 30;

    /// <summary>How often the seeder's catalog version is checked, so that a seed is seen within this time.</summary>
    public int StampCheckSeconds { get; set; } = 5;

    internal const int MinCursorKeyBytes = 32;

    internal IEnumerable<string?> Problems(IHostEnvironment environment)
    {
        // A per-process key is fine for one local process; a deployment of many instances must share one.
        if (string.IsNullOrWhiteSpace(CursorKey))
        {
            yield return environment.IsDevelopment() ? null : "CursorKey is not configured.";
        }
        else
        {
            var key = new byte[CursorKey.Length];
            yield return !Convert.TryFromBase64String(CursorKey, key, out var length) ? "CursorKey must be base64."
                : length < MinCursorKeyBytes ? $"CursorKey must be at least {MinCursorKeyBytes} bytes (base64)."
                : null;
        }
        yield return CacheSeconds is < 0 or > 3600 ? "CacheSeconds must be from 0 (no snapshot) to 3600." : null;
        yield return StampCheckSeconds is < 1 or > 3600 ? "StampCheckSeconds must be from 1 to 3600." : null;
    }
}

/// <summary><c>BStore:Images</c>: where the catalog's images are kept and served from.</summary>
public sealed class ImageSettings
{
    public const string Section = "BStore:Images";

    public string Bucket { get; set; } = "bstore-images";

    /// <summary>Where shoppers fetch images from (CloudFront in AWS). When unset, derived from the emulator address.</summary>
    public string? BaseUrl { get; set; }

    internal IEnumerable<string?> Problems()
    {
        yield return Bucket is { Length: >= 3 and <= 63 } && Bucket.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c is '-' or '.')
            ? null
            : "Bucket must be an S3 bucket name: 3 to 63 lower-case letters, digits, '-' or '.'.";
        yield return BaseUrl is { Length: > 0 } && !SettingsValidation.IsHttpUrl(BaseUrl) ? "BaseUrl must be an absolute http(s) URL or unset." : null;
    }
}
