using BStore.Api.Hosting;
using Microsoft.Extensions.Options;

namespace BStore.Api.Catalog;

/// <summary>Turns the S3 key of a catalog image into the URL a shopper's device loads it from.</summary>
public sealed class ImageUrls(IOptions<BStoreOptions> options)
{
    public string BaseUrl { get; } = BaseUrlOf(options.Value).TrimEnd('/');

    public string For(string key) => $"{BaseUrl}/{key}";

    private static string BaseUrlOf(BStoreOptions settings) => settings.Images.BaseUrl switch
    {
        { Length: > 0 } configured => configured,
        // Locally the emulator serves the bucket path-style.
        _ when !string.IsNullOrWhiteSpace(settings.Aws.ServiceUrl) => $"{settings.Aws.ServiceUrl.TrimEnd('/')}/{settings.Images.Bucket}",
        _ => $"https://{settings.Images.Bucket}.s3.{settings.Aws.Region}.amazonaws.com",
    };
}
