using System.Reflection;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.Net.Http.Headers;

namespace BStore.Api.Http;

/// <summary>A <typeparamref name="T"/> serialized once, with a strong ETag over its bytes: an answer that can be kept and sent again.</summary>
public sealed class SerializedJson<T>
{
    private SerializedJson(byte[] bytes)
    {
        Bytes = bytes;
        ETag = new EntityTagHeaderValue($"\"{Convert.ToHexStringLower(SHA256.HashData(bytes).AsSpan(0, 16))}\"");
    }

    public byte[] Bytes { get; }

    public EntityTagHeaderValue ETag { get; }

    public static SerializedJson<T> Of(T value, JsonTypeInfo<T> typeInfo) => new(JsonSerializer.SerializeToUtf8Bytes(value, typeInfo));
}

/// <summary>
/// 200 with a JSON body, its ETag and a Cache-Control header, or 304 when the client's If-None-Match already names
/// that ETag. An answer from a copy (the catalog snapshot) says how old the copy is in <c>Age</c>, which browsers
/// and CDNs subtract from max-age.
/// </summary>
public sealed class CachedJsonResult<T>(SerializedJson<T> body, string cacheControl, TimeSpan? age = null)
    : IResult, IEndpointMetadataProvider, IStatusCodeHttpResult
{
    public int? StatusCode => StatusCodes.Status200OK;

    public async Task ExecuteAsync(HttpContext httpContext)
    {
        var response = httpContext.Response;
        response.Headers.ETag = body.ETag.ToString();
        response.Headers.CacheControl = cacheControl;
        if (age is { } copyAge)
        {
            response.Headers.Age = ((long)Math.Max(copyAge.TotalSeconds, 0)).ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
        if (ClientHas(httpContext.Request, body.ETag))
        {
            response.StatusCode = StatusCodes.Status304NotModified;
            return;
        }
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = "application/json; charset=utf-8";
        response.ContentLength = body.Bytes.Length;
        await response.Body.WriteAsync(body.Bytes, httpContext.RequestAborted);
    }

    public static void PopulateMetadata(MethodInfo method, EndpointBuilder builder)
    {
        builder.Metadata.Add(new ProducesResponseTypeMetadata(StatusCodes.Status200OK, typeof(T), ["application/json"]));
        builder.Metadata.Add(new ProducesResponseTypeMetadata(StatusCodes.Status304NotModified, typeof(void)));
        builder.Metadata.Add(new RequestHeaderDescription("If-None-Match", "The ETag of an earlier answer: 304 while it still holds.", Required: false));
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
    public static CachedJsonResult<T> Ok<T>(T value, JsonTypeInfo<T> typeInfo, string cacheControl) =>
        new(SerializedJson<T>.Of(value, typeInfo), cacheControl);

    public static CachedJsonResult<T> Ok<T>(SerializedJson<T> body, string cacheControl, TimeSpan? age = null) =>
        new(body, cacheControl, age);
}
