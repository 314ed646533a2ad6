using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Yarp.ReverseProxy.Forwarder;

namespace BStore.LocalGateway;

/// <summary>
/// One request as API Gateway's HTTP API and the Lambda Web Adapter handle it: CORS preflight answered by the gateway,
/// the route selected (404 without one), the JWT authorizer applied (401), then the request forwarded to the API process
/// with the headers the adapter gives it (X-Forwarded-*, x-amzn-request-context with the authorizer's claims); the
/// function's own CORS headers are replaced by the API's configuration, and a failed invocation (500) or a timeout
/// answers as API Gateway does.
/// </summary>
public sealed class ApiGateway(
    HttpApiDefinition api, RouteTable routes, JwtAuthorizer authorizer, IHttpForwarder forwarder, Uri upstream, ILogger<ApiGateway> logger)
{
    /// <summary>Lambda's synchronous invocation payload limit: a larger request never reaches the function.</summary>
    public const long MaxRequestBytes = 6 * 1024 * 1024;

    private readonly HttpMessageInvoker _client = new(new SocketsHttpHandler
    {
        UseProxy = false, AllowAutoRedirect = false, AutomaticDecompression = DecompressionMethods.None, UseCookies = false,
        ConnectTimeout = TimeSpan.FromSeconds(5),
        // Header bytes pass as they came (Kestrel reads them as Latin-1 too), non-ASCII ones included, as API Gateway passes them.
        RequestHeaderEncodingSelector = (_, _) => System.Text.Encoding.Latin1,
        ResponseHeaderEncodingSelector = (_, _) => System.Text.Encoding.Latin1,
    });

    public async Task HandleAsync(HttpContext context)
    {
        try
        {
            await HandleRequestAsync(context);
        }
        catch (Exception e) when (e is not OperationCanceledException && !context.Response.HasStarted)
        {
            logger.LogError(e, "The gateway failed on {Method} {Path}", context.Request.Method, context.Request.Path);
            await MessageAsync(context, StatusCodes.Status500InternalServerError, "Internal Server Error");
        }
    }

    private async Task HandleRequestAsync(HttpContext context)
    {
        var request = context.Request;
        var requestId = Guid.NewGuid().ToString("N")[..16];
        context.Response.Headers["apigw-requestid"] = requestId;
        var origin = request.Headers.Origin.ToString();
        if (request.Method == HttpMethods.Options && origin.Length > 0 && request.Headers.AccessControlRequestMethod.Count > 0 && api.Cors is { } cors)
        {
            AnswerPreflight(context, cors, origin);
            return;
        }
        AddCorsHeaders(context, origin);

        var route = routes.Match(request.Method, request.Path.Value ?? "/");
        if (route is null)
        {
            await MessageAsync(context, StatusCodes.Status404NotFound, "Not Found");
            return;
        }
        // Lambda receives the whole body in its event, and the adapter sends it on with a Content-Length.
        var body = await ReadBodyAsync(request, context.RequestAborted);
        if (body is null)
        {
            await MessageAsync(context, StatusCodes.Status413PayloadTooLarge, "Request Entity Too Large");
            return;
        }
        IReadOnlyDictionary<string, object>? claims = null;
        if (route.Authorizer is { } jwt)
        {
            var (granted, error) = await authorizer.AuthorizeAsync(jwt, request.Headers[jwt.IdentityHeader].ToString(), context.RequestAborted);
            if (granted is null)
            {
                context.Response.Headers.WWWAuthenticate = error is null
                    ? "Bearer"
                    : $"Bearer scope=\"\" error=\"invalid_token\" error_description=\"{error}\"";
                await MessageAsync(context, StatusCodes.Status401Unauthorized, "Unauthorized");
                return;
            }
            claims = granted;
        }

        if (body.Length > 0 || request.Headers.TransferEncoding.Count > 0)
        {
            request.Headers.TransferEncoding = default;
            request.ContentLength = body.Length;
            request.Body = new MemoryStream(body, writable: false);
        }
        var transformer = new LambdaWebAdapterTransformer(route, claims, requestId);
        var failure = await forwarder.SendAsync(context, upstream.ToString(), _client,
            new ForwarderRequestConfig { ActivityTimeout = TimeSpan.FromMilliseconds(api.IntegrationTimeoutMilliseconds) }, transformer);
        if (failure != ForwarderError.None && !context.Response.HasStarted)
        {
            logger.LogWarning("The API did not answer {Method} {Path}: {Error}", request.Method, request.Path, failure);
            // A timeout is API Gateway's 503; a function that fails or cannot start, its 500.
            await MessageAsync(context, failure == ForwarderError.RequestTimedOut ? StatusCodes.Status503ServiceUnavailable : StatusCodes.Status500InternalServerError,
                failure == ForwarderError.RequestTimedOut ? "Service Unavailable" : "Internal Server Error");
        }
    }

    /// <summary>The request's body, or null when it is over Lambda's payload limit.</summary>
    private static async Task<byte[]?> ReadBodyAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (request.ContentLength > MaxRequestBytes)
        {
            return null;
        }
        using var buffer = new MemoryStream();
        var chunk = new byte[64 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > MaxRequestBytes)
            {
                return null;
            }
            buffer.Write(chunk, 0, read);
        }
        return buffer.ToArray();
    }

    private static void AnswerPreflight(HttpContext context, CorsDefinition cors, string origin)
    {
        var response = context.Response;
        response.StatusCode = StatusCodes.Status204NoContent;
        if (!IsAllowed(cors, origin))
        {
            return;
        }
        response.Headers.AccessControlAllowOrigin = origin;
        response.Headers.AccessControlAllowMethods = string.Join(",", cors.AllowMethods);
        response.Headers.AccessControlAllowHeaders = string.Join(",", cors.AllowHeaders);
        if (cors.MaxAgeSeconds is { } maxAge)
        {
            response.Headers.AccessControlMaxAge = maxAge.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
        if (cors.AllowCredentials)
        {
            response.Headers.AccessControlAllowCredentials = "true";
        }
    }

    private void AddCorsHeaders(HttpContext context, string origin)
    {
        if (api.Cors is not { } cors || origin.Length == 0 || !IsAllowed(cors, origin))
        {
            return;
        }
        context.Response.Headers.AccessControlAllowOrigin = origin;
        if (cors.ExposeHeaders.Count > 0)
        {
            context.Response.Headers.AccessControlExposeHeaders = string.Join(",", cors.ExposeHeaders);
        }
        if (cors.AllowCredentials)
        {
            context.Response.Headers.AccessControlAllowCredentials = "true";
        }
        context.Response.Headers.Vary = "Origin";
    }

    private static bool IsAllowed(CorsDefinition cors, string origin) =>
        cors.AllowOrigins.Contains("*") || cors.AllowOrigins.Contains(origin, StringComparer.OrdinalIgnoreCase);

    private static Task MessageAsync(HttpContext context, int status, string message)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        return context.Response.WriteAsync(JsonSerializer.Serialize(new JsonObject { ["message"] = message }));
    }

    /// <summary>What the Lambda Web Adapter hands the API: the request as the client sent it, with API Gateway's and the adapter's headers.</summary>
    private sealed class LambdaWebAdapterTransformer(
        RouteDefinition route, IReadOnlyDictionary<string, object>? claims, string requestId) : HttpTransformer
    {
        public override async ValueTask TransformRequestAsync(
            HttpContext httpContext, HttpRequestMessage proxyRequest, string destinationPrefix, CancellationToken cancellationToken)
        {
            await base.TransformRequestAsync(httpContext, proxyRequest, destinationPrefix, cancellationToken);
            var request = httpContext.Request;
            var headers = proxyRequest.Headers;
            headers.Host = request.Host.Value; // the adapter keeps API Gateway's Host
            var sourceIp = httpContext.Connection.RemoteIpAddress?.ToString() ?? "127.0.0.1";
            var forwardedFor = request.Headers["X-Forwarded-For"].ToString();
            headers.Remove("X-Forwarded-For");
            headers.TryAddWithoutValidation("X-Forwarded-For", forwardedFor.Length > 0 ? $"{forwardedFor}, {sourceIp}" : sourceIp);
            headers.Remove("X-Forwarded-Proto");
            headers.TryAddWithoutValidation("X-Forwarded-Proto", request.Scheme);
            headers.Remove("X-Forwarded-Port");
            headers.TryAddWithoutValidation("X-Forwarded-Port", (request.Host.Port ?? (request.IsHttps ? 443 : 80)).ToString(System.Globalization.CultureInfo.InvariantCulture));
            headers.Remove("x-amzn-request-context");
            headers.TryAddWithoutValidation("x-amzn-request-context", RequestContext(httpContext, sourceIp));
        }

        public override async ValueTask<bool> TransformResponseAsync(HttpContext httpContext, HttpResponseMessage? proxyResponse, CancellationToken cancellationToken)
        {
            if (proxyResponse?.StatusCode == HttpStatusCode.InternalServerError)
            {
                // AWS_LWA_ERROR_STATUS_CODES=500 fails the invocation: API Gateway answers its own 500, not the function's body.
                await MessageAsync(httpContext, StatusCodes.Status500InternalServerError, "Internal Server Error");
                return false;
            }
            var kept = new Dictionary<string, Microsoft.Extensions.Primitives.StringValues>(StringComparer.OrdinalIgnoreCase);
            foreach (var name in new[] { "Access-Control-Allow-Origin", "Access-Control-Expose-Headers", "Access-Control-Allow-Credentials", "Vary" })
            {
                if (httpContext.Response.Headers.TryGetValue(name, out var value)) kept[name] = value;
            }
            var copied = await base.TransformResponseAsync(httpContext, proxyResponse, cancellationToken);
            // API Gateway ignores the function's CORS headers and answers from its own configuration.
            foreach (var name in httpContext.Response.Headers.Keys.Where(k => k.StartsWith("Access-Control-", StringComparison.OrdinalIgnoreCase)).ToList())
            {
                httpContext.Response.Headers.Remove(name);
            }
            foreach (var (name, value) in kept)
            {
                httpContext.Response.Headers[name] = value;
            }
            return copied;
        }

        private string RequestContext(HttpContext httpContext, string sourceIp)
        {
            var request = httpContext.Request;
            var context = new JsonObject
            {
                ["routeKey"] = route.RouteKey,
                ["stage"] = "$default",
                ["requestId"] = requestId,
                ["http"] = new JsonObject
                {
                    ["method"] = request.Method, ["path"] = request.Path.Value, ["protocol"] = request.Protocol,
                    ["sourceIp"] = sourceIp, ["userAgent"] = request.Headers.UserAgent.ToString(),
                },
            };
            if (claims is not null)
            {
                var jwtClaims = new JsonObject();
                foreach (var (name, value) in claims)
                {
                    jwtClaims[name] = value?.ToString();
                }
                context["authorizer"] = new JsonObject { ["jwt"] = new JsonObject { ["claims"] = jwtClaims, ["scopes"] = null } };
            }
            return context.ToJsonString();
        }
    }
}
