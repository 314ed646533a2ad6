using System.Reflection;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.Net.Http.Headers;

namespace BStore.Api.Http;

/// <summary>
/// 200 with a JSON body, a strong ETag over its bytes and a Cache-Control header, or 304 when the
/// client's If-None-Match already names that ETag. An answer from a copy (the catalog snapshot) says how old the copy
/// is in <c>Age</c>, which browsers and CDNs subtract from max-age.
/// </summary>
public sealed class CachedJsonResult<T>(T value, JsonTypeInfo<T> typeInfo, string cacheControl, TimeSpan? age = null)
    : IResult, IEndpointMetadataProvider, IStatusCodeHttpResult, IValueHttpResult, IValueHttpResult<T>
{
    public T Value => value;
    object? IValueHttpResult.Value => value;
    public int? StatusCode => StatusCodes.Status200OK;

    public async Task ExecuteAsync(HttpContext httpContext)
    {
        var body = JsonSerializer.SerializeToUtf8Bytes(value, typeInfo);
        var etag = new EntityTagHeaderValue($"\"{Convert.ToHexStringLower(SHA256.HashData(body).AsSpan(0, 16))}\"");
        var response = httpContext.Response;
        response.Headers.ETag = etag.ToString();
        response.Headers.CacheControl = cacheControl;
        if (age is { } copyAge)
        {
            response.Headers.Age = ((long)Math.Max(copyAge.TotalSeconds, 0)).ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
        if (ClientHas(httpContext.Request, etag))
        {
            response.StatusCode = StatusCodes.Status304NotModified;
            return;
        }
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = "application/json; charset=utf-8";
        response.ContentLength = body.Length;
        await response.Body.WriteAsync(body, httpContext.RequestAborted);
    }

    public static void PopulateMetadata(MethodInfo method, EndpointBuilder builder)
    {
        builder.Metadata.Add(new ProducesResponseTypeMetadata(StatusCodes.Status200OK, typeof(T), ["application/json"]));
        builder.Metadata.Add(new ProducesResponseTypeMetadata(StatusCodes.Status304NotModified, typeof(void)));
    }

    private static bool ClientHas(HttpRequest request, EntityTagHeaderValue etag)
    {
        var header = request.Headers.IfNoneMatch;
        if (header.Count == 0 || !EntityTagHeaderValue.TryParseList(header, out var tags))
        {
            return false;
        }
        return tags.Any(t => t.Equals(EntityTagHeaderValue.Any) || t.Compare(etag, useStrongComparison: false));
    }
}

public static class CachedJson
{
    public static CachedJsonResult<T> Ok<T>(T value, JsonTypeInfo<T> typeInfo, string cacheControl, TimeSpan? age = null) =>
        new(value, typeInfo, cacheControl, age);
}
