using System.Text.Json;
using Amazon.DynamoDBv2;
using Amazon.S3;
using BStore.Api.Identity;
using BStore.Api.Notifications;
using BStore.Api.Orders;
using BStore.Api.Seeding;
using Microsoft.Extensions.Options;

namespace BStore.Api.Hosting;

/// <summary>
/// POST /events: the events Lambda itself delivers, which the Lambda Web Adapter passes on at this path:
/// CloudFormation's catalog seed custom resource (to the seeding function), Cognito's PostConfirmation trigger and the
/// order workflow's steps (to the API function), told apart by their shape.
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

    /// <summary>True in Lambda, or when BStore:LambdaEvents:Token is set (the local environment and tests).</summary>
    public static bool IsEnabled(IConfiguration configuration) =>
        InLambda(configuration) || !string.IsNullOrEmpty(configuration["BStore:LambdaEvents:Token"]);

    public static IEndpointRouteBuilder MapLambdaEvents(this IEndpointRouteBuilder app)
    {
        var configuration = app.ServiceProvider.GetRequiredService<IConfiguration>();
        if (IsEnabled(configuration))
        {
            var token = InLambda(configuration) ? null : System.Text.Encoding.UTF8.GetBytes(configuration["BStore:LambdaEvents:Token"]!);
            app.MapPost(Path, (HttpContext context, ILoggerFactory loggers, CancellationToken cancellationToken) =>
                DispatchAsync(context, token, loggers, cancellationToken)).ExcludeFromDescription();
        }
        return app;
    }

    private static async Task<IResult> DispatchAsync(HttpContext context, byte[]? token, ILoggerFactory loggers, CancellationToken cancellationToken)
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
        if (request.ContentLength > MaxBodyBytes)
        {
            return Http.JsonBody.Invalid("body", $"The body must be a Lambda event of at most {MaxBodyBytes} bytes.");
        }
        request.EnableBuffering(MaxBodyBytes, MaxBodyBytes);
        var services = context.RequestServices;
        var options = services.GetRequiredService<IOptions<BStoreOptions>>();
        var peeked = await PeekAsync(request, cancellationToken);
        if (options.Value.Job == FunctionJob.Seeding)
        {
            // The seeding function's role may write the catalog: it answers nothing but CloudFormation's seed request.
            return peeked is null
                ? await DeploySeedingApi.HandleAsync(request, options,
                    services.GetRequiredService<IAmazonDynamoDB>(), services.GetRequiredService<IAmazonS3>(),
                    services.GetRequiredService<CloudFormationResponder>(), services.GetRequiredService<TimeProvider>(), loggers, cancellationToken)
                : Http.JsonBody.Invalid("body", "This is the catalog seeding function: it handles only CloudFormation's Custom::CatalogSeed requests.");
        }
        if (peeked is not { } shopperEvent)
        {
            logger.LogWarning("Refused a request to {Path} that is neither a Cognito trigger nor an order step", Path);
            return Http.JsonBody.Invalid("body",
                "The body must be Cognito's PostConfirmation trigger or an order workflow step; catalog seed requests go to the seeding function.");
        }
        return OrderStepEvents.IsStep(shopperEvent.Root)
            ? await OrderStepEvents.HandleAsync(shopperEvent.Root, services.GetRequiredService<OrderLifecycle>(), logger, cancellationToken)
            : await ShopperConfirmation.HandleAsync(shopperEvent.Root, shopperEvent.Body,
                options.Value, services.GetRequiredService<EmailSubscriptions>(), logger, cancellationToken);
    }

    /// <summary>The body when it is a Cognito trigger or an order step; otherwise null, with the body rewound for the seeding handler.</summary>
    private static async Task<(JsonElement Root, byte[] Body)?> PeekAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        try
        {
            await request.Body.CopyToAsync(buffer, cancellationToken);
        }
        catch (IOException)
        {
            request.Body.Position = 0;
            return null;
        }
        request.Body.Position = 0;
        var body = buffer.ToArray();
        try
        {
            using var document = JsonDocument.Parse(body, new JsonDocumentOptions { MaxDepth = 16 });
            return ShopperConfirmation.IsTrigger(document.RootElement) || OrderStepEvents.IsStep(document.RootElement)
                ? (document.RootElement.Clone(), body)
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static bool CarriesToken(IHeaderDictionary headers, byte[] token) =>
        headers[TokenHeader] is [{ } sent] &&
        System.Security.Cryptography.CryptographicOperations.FixedTimeEquals(System.Text.Encoding.UTF8.GetBytes(sent), token);

    private static bool IsHttpTrigger(IHeaderDictionary headers) =>
        headers[RequestContextHeader].ToString() is { Length: > 0 } context && context.Trim() != "null";
}
