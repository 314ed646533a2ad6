using System.Globalization;
using Microsoft.AspNetCore.Http.Timeouts;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Options;

namespace BStore.Api.Hosting;

/// <summary>
/// The size and time limits of every request (BStore:Limits): too many or too large headers are a 431, a body
/// announced larger than allowed a 413, both answered as problem details before authentication or routing to a
/// feature; a request under /api still running after the timeout is a 503 with Retry-After.
/// </summary>
public static class RequestLimits
{
    public static IHostApplicationBuilder AddRequestLimits(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<LimitSettings>().Bind(builder.Configuration.GetSection(LimitSettings.Section))
            .ValidateSettings(LimitSettings.Section, limits => [Validate(limits)]);
        builder.Services.AddOptions<KestrelServerOptions>().Configure<IOptions<LimitSettings>>((kestrel, settings) =>
        {
            var limits = settings.Value;
            kestrel.Limits.MaxRequestBodySize = limits.MaxRequestBodyBytes;
            // Kestrel can only drop the connection with an empty 431: it stands behind the middleware's own check,
            // which answers problem details, and keeps what a hostile client makes the server hold bounded.
            kestrel.Limits.MaxRequestHeadersTotalSize = limits.MaxRequestHeadersBytes * 2;
            kestrel.Limits.MaxRequestHeaderCount = limits.MaxRequestHeaderCount * 2;
        });
        builder.Services.AddRequestTimeouts();
        builder.Services.AddOptions<RequestTimeoutOptions>().Configure<IOptions<LimitSettings>>((options, limits) => options.DefaultPolicy = new RequestTimeoutPolicy
        {
            Timeout = TimeSpan.FromSeconds(limits.Value.RequestTimeoutSeconds),
            TimeoutStatusCode = StatusCodes.Status503ServiceUnavailable,
            WriteTimeoutResponse = context => WriteProblemAsync(context, StatusCodes.Status503ServiceUnavailable, "Request timed out",
                "The store took too long to answer. Try again in a moment.", ProblemExceptionHandler.RetryAfterSeconds),
        });
        return builder;
    }

    /// <summary>Refuses oversized headers and bodies before anything reads them.</summary>
    public static WebApplication UseRequestSizeLimits(this WebApplication app)
    {
        var limits = app.Services.GetRequiredService<IOptions<LimitSettings>>().Value;
        app.Use((context, next) =>
        {
            var (bytes, count) = HeaderSize(context.Request.Headers);
            if (count > limits.MaxRequestHeaderCount || bytes > limits.MaxRequestHeadersBytes)
            {
                return WriteProblemAsync(context, StatusCodes.Status431RequestHeaderFieldsTooLarge, "Request headers too large",
                    $"Send at most {limits.MaxRequestHeaderCount} headers of at most {limits.MaxRequestHeadersBytes} bytes together.");
            }
            if (context.Request.ContentLength is { } length && length > limits.MaxRequestBodyBytes)
            {
                return RefuseBodyAsync(context, length, limits);
            }
            return next(context);
        });
        return app;
    }

    /// <summary>Lambda's synchronous payload limit: no larger body ever reaches the function.</summary>
    private const long LambdaPayloadBytes = 6 * 1024 * 1024;

    private static async Task RefuseBodyAsync(HttpContext context, long length, LimitSettings limits)
    {
        // Behind the Lambda Web Adapter (locally: the gateway) the whole body is already on its way. Closing the
        // connection with it unread resets it, and the reset can destroy the answer before the adapter reads it (a
        // 500 instead of this 413): read it away first, as far as Lambda could have sent it. Larger ones only come
        // from a client talking to Kestrel directly, which is closed on instead.
        if (length <= LambdaPayloadBytes && context.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } size)
        {
            size.MaxRequestBodySize = null;
            await context.Request.Body.CopyToAsync(Stream.Null, context.RequestAborted);
        }
        else
        {
            context.Response.Headers.Connection = "close";
        }
        await WriteProblemAsync(context, StatusCodes.Status413PayloadTooLarge, "Body too large",
            $"A request body may be at most {limits.MaxRequestBodyBytes} bytes.");
    }

    /// <summary>Applies the request timeout to /api; Lambda's own events (/events) run under the function's timeout instead.</summary>
    public static WebApplication UseApiRequestTimeouts(this WebApplication app)
    {
        app.UseWhen(context => context.Request.Path.StartsWithSegments("/api"), api => api.UseRequestTimeouts());
        return app;
    }

    /// <summary>Header bytes as on the wire (name, ": ", value, CRLF per value) and the number of header lines.</summary>
    internal static (long Bytes, int Count) HeaderSize(IHeaderDictionary headers)
    {
        long bytes = 0;
        var count = 0;
        foreach (var (name, values) in headers)
        {
            foreach (var value in values)
            {
                bytes += name.Length + (value?.Length ?? 0) + 4;
                count++;
            }
        }
        return (bytes, count);
    }

    internal static string? Validate(LimitSettings limits) =>
        limits.MaxRequestBodyBytes < 1024 ? "MaxRequestBodyBytes must be at least 1024."
        : limits.MaxJsonBodyBytes < 256 || limits.MaxJsonBodyBytes > limits.MaxRequestBodyBytes ? "MaxJsonBodyBytes must be between 256 and MaxRequestBodyBytes."
        : limits.MaxJsonDepth is < 3 or > 64 ? "MaxJsonDepth must be between 3 (the deepest request body) and 64."
        : limits.MaxRequestHeadersBytes < 4096 ? "MaxRequestHeadersBytes must be at least 4096 (an access token alone is over 1000)."
        : limits.MaxRequestHeaderCount < 16 ? "MaxRequestHeaderCount must be at least 16."
        : limits.RequestTimeoutSeconds < 1 ? "RequestTimeoutSeconds must be at least 1."
        : RateLimits.Validate(nameof(limits.ShopperWrites), limits.ShopperWrites)
            ?? RateLimits.Validate(nameof(limits.AnonymousPerAddress), limits.AnonymousPerAddress);

    /// <summary>A problem answer whatever the Accept header names (the problem details service writes only what it allows).</summary>
    internal static Task WriteProblemAsync(HttpContext context, int status, string title, string detail, int? retryAfterSeconds = null)
    {
        if (retryAfterSeconds is { } seconds)
        {
            context.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        }
        return TypedResults.Problem(statusCode: status, title: title, detail: detail).ExecuteAsync(context);
    }
}
