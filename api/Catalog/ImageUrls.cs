using BStore.Api.Hosting;
using Microsoft.Extensions.Options;

namespace BStore.Api.Catalog;

/// <summary>Turns the S3 key of a catalog image into the URL a shopper's device loads it from.</summary>
public sealed class ImageUrls(IOptions<ImageSettings> images, IOptions<AwsSettings> aws)
{
    public string BaseUrl { get; } = BaseUrlOf(images.Value, aws.Value).TrimEnd('/');

    public string For(string key) => $"{BaseUrl}/{key}";

    private static string BaseUrlOf(ImageSettings images, AwsSettings aws) => images.BaseUrl switch
    {
        { Length: > 0 } configured => configured,
        // Locally the emulator serves the bucket path-style.
        _ when !string.IsNullOrWhiteSpace(aws.ServiceUrl) => $"{aws.ServiceUrl.TrimEnd('/')}/{images.Bucket}",
        _ => $"https://{images.Bucket}.s3.{aws.Region}.amazonaws.com",
    };
}
