using System.Text.Json;
using Microsoft.AspNetCore.Mvc;

namespace BStore.Api.Hosting;

/// <summary>One kind of event Lambda delivers at /events, handled by the feature that owns it (each feature registers its own).</summary>
public interface ILambdaEventHandler
{
    /// <summary>What it takes, for the answer to an event no handler takes ("Cognito's PostConfirmation trigger").</summary>
    string Takes { get; }

    /// <summary>Whether the event, a JSON object, is of this kind, by its shape.</summary>
    bool Handles(JsonElement root);

    Task<IResult> HandleAsync(LambdaEvent lambdaEvent, CancellationToken cancellationToken);
}

/// <summary>An event as it arrived: parsed, as bytes, and the request (its body rewound) with its headers.</summary>
public sealed record LambdaEvent(JsonElement Root, byte[] Body, HttpRequest Request);

/// <summary>
/// POST /events: the events Lambda itself delivers, which the Lambda Web Adapter passes on at this path:
/// CloudFormation's catalog seed custom resource (to the seeding function), Cognito's PostConfirmation trigger and the
/// order workflow's steps (to the API function), told apart by their shape and handed to the
/// <see cref="ILambdaEventHandler"/> the function's features registered.
/// API Gateway never routes here, and requests that came through an HTTP trigger anyway are refused. Outside Lambda,
/// where anyone who reaches the port could post here, the route exists only with a per-run token the emulator sends.
/// </summary>
public static class LambdaEvents
{
    public const string Path = "/events";
    public const string RequestContextHeader = "x-amzn-request-context";
    public const string TokenHeader = "X-BStore-Lambda-Events-Token";
    public const int MaxBodyBytes = 64 * 1024;

    /// <summary>In Lambda the adapter, the only caller that can reach the port, delivers the events.</summary>
    public static bool InLambda(IConfiguration configuration) => !string.IsNullOrEmpty(configuration["AWS_LAMBDA_FUNCTION_NAME"]);

    /// <summary>
    /// A secret the emulator sends with every event (header <see cref="TokenHeader"/>), generated per run by the apphost or
    /// the tests. Outside Lambda, /events exists only when it is set. In Lambda only the adapter reaches the port.
    /// </summary>
    public const string TokenSetting = "BStore:LambdaEvents:Token";

    /// <summary>True in Lambda, or when BStore:LambdaEvents:Token is set (the local environment and tests).</summary>
    public static bool IsEnabled(IConfiguration configuration) =>
        InLambda(configuration) || !string.IsNullOrEmpty(configuration[TokenSetting]);

    public static IEndpointRouteBuilder MapLambdaEvents(this IEndpointRouteBuilder app)
    {
        var configuration = app.ServiceProvider.GetRequiredService<IConfiguration>();
        if (IsEnabled(configuration))
        {
            var token = InLambda(configuration) ? null : System.Text.Encoding.UTF8.GetBytes(configuration[TokenSetting]!);
            app.MapPost(Path, (HttpContext context, [FromServices] IEnumerable<ILambdaEventHandler> handlers, ILoggerFactory loggers,
                CancellationToken cancellationToken) => DispatchAsync(context, token, [.. handlers], loggers, cancellationToken)).ExcludeFromDescription();
        }
        return app;
    }

    private static async Task<IResult> DispatchAsync(
        HttpContext context, byte[]? token, ILambdaEventHandler[] handlers, ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        var request = context.Request;
        var logger = loggers.CreateLogger(typeof(LambdaEvents).FullName!);
        if (IsHttpTrigger(request.Headers))
        {
            // The adapter forwards API Gateway requests with their own path too; only Lambda's own events count.
            logger.LogWarning("Refused a request to {Path} that came through an HTTP trigger", Path);
            return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound);
        }
        if (token is not null && !CarriesToken(request.Headers, token))
        {
            // To anyone but the emulator, the route is not there.
            logger.LogWarning("Refused a request to {Path} without the local events token", Path);
            return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound);
        }
        if (!request.HasJsonContentType())
        {
            // The adapter and the emulator send application/json; a web page's no-preflight text/plain post is not an event.
            return TypedResults.Problem(statusCode: StatusCodes.Status415UnsupportedMediaType,
                detail: "A Lambda event is sent as application/json.");
        }
        var takes = string.Join(" or ", handlers.Select(h => h.Takes));
        if (request.ContentLength > MaxBodyBytes || await ReadAsync(request, cancellationToken) is not { } body)
        {
            return Http.JsonBody.Invalid("body", $"The body must be a Lambda event of at most {MaxBodyBytes} bytes.");
        }
        JsonElement root;
        try
        {
            using var document = JsonDocument.Parse(body, new JsonDocumentOptions { MaxDepth = 16 });
            root = document.RootElement.Clone();
        }
        catch (JsonException e)
        {
            return Http.JsonBody.Invalid("body",
                $"The body must be {takes} in JSON; it is not valid at line {e.LineNumber + 1}, byte {e.BytePositionInLine + 1}.");
        }
        if (root.ValueKind != JsonValueKind.Object || handlers.FirstOrDefault(h => h.Handles(root)) is not { } handler)
        {
            logger.LogWarning("Refused a request to {Path} that is not an event this function handles", Path);
            return Http.JsonBody.Invalid("body", $"This function takes {takes}; the body is none of them.");
        }
        return await handler.HandleAsync(new LambdaEvent(root, body, request), cancellationToken);
    }

    /// <summary>The body, with the request's stream rewound for a handler that reads it again; null when it is too large.</summary>
    private static async Task<byte[]?> ReadAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        request.EnableBuffering(MaxBodyBytes, MaxBodyBytes);
        using var buffer = new MemoryStream();
        try
        {
            await request.Body.CopyToAsync(buffer, cancellationToken);
        }
        catch (IOException)
        {
            return null;
        }
        request.Body.Position = 0;
        return buffer.ToArray();
    }

    private static bool CarriesToken(IHeaderDictionary headers, byte[] token) =>
        headers[TokenHeader] is [{ } sent] &&
        System.Security.Cryptography.CryptographicOperations.FixedTimeEquals(System.Text.Encoding.UTF8.GetBytes(sent), token);

    private static bool IsHttpTrigger(IHeaderDictionary headers) =>
        headers[RequestContextHeader].ToString() is { Length: > 0 } context && context.Trim() != "null";
}
