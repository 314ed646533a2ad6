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
/// CloudFormation's catalog seed custom resource, Cognito's PostConfirmation trigger and the order workflow's steps,
/// told apart by their shape.
/// API Gateway never routes here, and requests that came through an HTTP trigger anyway are refused.
/// </summary>
public static class LambdaEvents
{
    public const string Path = "/events";
    public const string RequestContextHeader = "x-amzn-request-context";
    public const int MaxBodyBytes = 64 * 1024;

    /// <summary>True in Lambda, or when BStore:AcceptLambdaEvents is set (the local environment and tests).</summary>
    public static bool IsEnabled(IConfiguration configuration) =>
        configuration.GetValue<bool>("BStore:AcceptLambdaEvents") ||
        !string.IsNullOrEmpty(configuration["AWS_LAMBDA_FUNCTION_NAME"]);

    public static IEndpointRouteBuilder MapLambdaEvents(this IEndpointRouteBuilder app)
    {
        if (IsEnabled(app.ServiceProvider.GetRequiredService<IConfiguration>()))
        {
            app.MapPost(Path, DispatchAsync).ExcludeFromDescription();
        }
        return app;
    }

    private static async Task<IResult> DispatchAsync(HttpContext context, ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        var request = context.Request;
        var logger = loggers.CreateLogger(typeof(LambdaEvents).FullName!);
        if (IsHttpTrigger(request.Headers))
        {
            // The adapter forwards API Gateway requests with their own path too; only Lambda's own events count.
            logger.LogWarning("Refused a request to {Path} that came through an HTTP trigger", Path);
            return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound);
        }
        if (request.ContentLength > MaxBodyBytes)
        {
            return Http.JsonBody.Invalid("body", $"The body must be a Lambda event of at most {MaxBodyBytes} bytes.");
        }
        request.EnableBuffering(MaxBodyBytes, MaxBodyBytes);
        var services = context.RequestServices;
        if (await PeekAsync(request, cancellationToken) is { } peeked)
        {
            return OrderStepEvents.IsStep(peeked.Root)
                ? await OrderStepEvents.HandleAsync(peeked.Root, services.GetRequiredService<OrderLifecycle>(), logger, cancellationToken)
                : await ShopperConfirmation.HandleAsync(peeked.Root, peeked.Body,
                    services.GetRequiredService<IOptions<BStoreOptions>>().Value, services.GetRequiredService<EmailSubscriptions>(), logger, cancellationToken);
        }
        return await DeploySeedingApi.HandleAsync(request, services.GetRequiredService<IOptions<BStoreOptions>>(),
            services.GetRequiredService<IAmazonDynamoDB>(), services.GetRequiredService<IAmazonS3>(),
            services.GetRequiredService<CloudFormationResponder>(), services.GetRequiredService<TimeProvider>(), loggers, cancellationToken);
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

    private static bool IsHttpTrigger(IHeaderDictionary headers) =>
        headers[RequestContextHeader].ToString() is { Length: > 0 } context && context.Trim() != "null";
}
