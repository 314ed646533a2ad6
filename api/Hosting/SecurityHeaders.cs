namespace BStore.Api.Hosting;

/// <summary>
/// The headers a JSON API sends on every response, errors included: no sniffing, no framing, no referrer, a
/// content security policy that allows nothing (JSON needs nothing), HTTPS only, and no caching of a shopper's
/// data. The Development-only API reference page (/scalar) keeps its scripts.
/// </summary>
public static class SecurityHeaders
{
    public const string ContentSecurityPolicy = "default-src 'none'; frame-ancestors 'none'";

    public static WebApplication UseSecurityHeaders(this WebApplication app)
    {
        app.Use(async (context, next) =>
        {
            context.Response.OnStarting(() =>
            {
                var headers = context.Response.Headers;
                headers.XContentTypeOptions = "nosniff";
                headers.XFrameOptions = "DENY";
                headers["Referrer-Policy"] = "no-referrer";
                headers.StrictTransportSecurity = "max-age=31536000; includeSubDomains";
                if (!context.Request.Path.StartsWithSegments("/scalar"))
                {
                    headers.ContentSecurityPolicy = ContentSecurityPolicy;
                }
                // What a shopper's token opens is theirs alone: no shared cache may keep it.
                if (context.Request.Headers.Authorization.Count > 0 && !headers.ContainsKey("Cache-Control"))
                {
                    headers.CacheControl = "no-store";
                }
                return Task.CompletedTask;
            });
            await next(context);
        });
        return app;
    }
}
