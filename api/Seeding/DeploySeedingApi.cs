using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Serialization;
using Amazon.DynamoDBv2;
using Amazon.Runtime;
using Amazon.S3;
using BStore.Api.Hosting;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace BStore.Api.Seeding;

/// <summary>What the Lambda Web Adapter gets back once CloudFormation has been told the outcome.</summary>
public sealed record DeploySeedingResponse(string Status, string Reason);

/// <summary>Answers, source-generated (Native AOT has no reflection).</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(DeploySeedingResponse))]
public sealed partial class DeploySeedingJsonContext : JsonSerializerContext;

/// <summary>
/// Seeds the catalog when CloudFormation creates or updates the Custom::CatalogSeed resource. CloudFormation
/// invokes the API's Lambda function, the Lambda Web Adapter passes the event on as POST /events, and the
/// outcome goes to the event's ResponseURL. Delete leaves the data alone: CloudFormation deletes or retains
/// the tables and the bucket itself.
/// </summary>
public sealed class DeploySeedingApi(
    IOptions<SeedSettings> options, IAmazonDynamoDB dynamoDb, IAmazonS3 s3, CloudFormationResponder responder, TimeProvider time,
    ILogger<DeploySeedingApi> logger) : ILambdaEventHandler
{
    public const string PhysicalResourceId = "bstore-catalog-seed";
    public const string LambdaContextHeaderName = "x-amzn-lambda-context";

    /// <summary>
    /// Kept back from the Lambda deadline to answer CloudFormation, which otherwise waits until the custom resource's
    /// ServiceTimeout (stacks/Constructs/Seeding.cs).
    /// </summary>
    public static readonly TimeSpan ResponseReserve = TimeSpan.FromSeconds(4);

    private const int MaxBodyBytes = 64 * 1024;
    private const int MaxReasonLength = 1000;
    private const int ProblemsInReason = 3;

    public string Takes => "CloudFormation's Custom::CatalogSeed request";

    /// <summary>A custom resource request, however malformed otherwise: its own checks name what is wrong.</summary>
    public bool Handles(JsonElement root) => root.TryGetProperty("RequestType", out _) || root.TryGetProperty("ResourceType", out _);

    /// <summary>Handles a CloudFormation custom resource event, passed on by <see cref="LambdaEvents"/>.</summary>
    public async Task<IResult> HandleAsync(LambdaEvent lambdaEvent, CancellationToken cancellationToken) =>
        await HandleAsync(lambdaEvent.Request, cancellationToken);

    private async Task<Results<Ok<DeploySeedingResponse>, ValidationProblem, ProblemHttpResult>> HandleAsync(
        HttpRequest request, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var (resource, errors) = await ReadAsync(request, AllowedResponseHosts(settings.Seeding), settings.Aws.Region, cancellationToken);
        if (resource is null)
        {
            logger.LogWarning("Rejected a deploy event: {Fields} invalid", string.Join(", ", errors.Keys));
            return TypedResults.ValidationProblem(errors);
        }

        var stopwatch = Stopwatch.StartNew();
        var (status, reason, data, failure) = resource.RequestType == "Delete"
            ? (CustomResourceResponse.Success, "Nothing to do: the tables and the bucket are CloudFormation's to keep or delete.", new CatalogSeedData(0, 0, 0), null)
            : await SeedAsync(settings, dynamoDb, s3, TimeLeft(request.Headers, time), resource.RequestId!, cancellationToken);
        var response = new CustomResourceResponse(
            status, Truncate(reason), PhysicalResourceId, resource.StackId!, resource.RequestId!, resource.LogicalResourceId!, NoEcho: false, data);
        var delivered = await responder.SendAsync(new Uri(resource.ResponseUrl!), response, CancellationToken.None);

        logger.Log(
            status == CustomResourceResponse.Success && delivered ? LogLevel.Information : LogLevel.Error,
            failure is SeedValidationException or OperationCanceledException ? null : failure,
            "Catalog seed {RequestType} of {LogicalResourceId} in {StackId} (request {RequestId}, seed {SeedHash}): {Status} after {ElapsedMilliseconds} ms, {Writes} writes, response delivered: {Delivered}. {Reason}",
            resource.RequestType, resource.LogicalResourceId, resource.StackId, resource.RequestId, resource.ResourceProperties?.SeedHash,
            status, stopwatch.ElapsedMilliseconds, data.Writes, delivered, response.Reason);
        if (!delivered)
        {
            return TypedResults.Problem(
                statusCode: StatusCodes.Status502BadGateway,
                title: "CloudFormation was not told",
                detail: $"The seed ended with {status}, but the ResponseURL did not accept the answer.");
        }
        return TypedResults.Ok(new DeploySeedingResponse(status, response.Reason));
    }

    private static async Task<(CustomResourceRequest? Resource, Dictionary<string, string[]> Errors)> ReadAsync(
        HttpRequest request, IReadOnlyCollection<string> allowedResponseHosts, string region, CancellationToken cancellationToken)
    {
        static Dictionary<string, string[]> BodyError(string message) => new() { ["body"] = [message] };

        if (request.ContentLength > MaxBodyBytes)
        {
            return (null, BodyError($"The body must be a CloudFormation custom resource request of at most {MaxBodyBytes} bytes."));
        }
        CustomResourceRequest? resource;
        try
        {
            resource = await JsonSerializer.DeserializeAsync(request.Body, CloudFormationJsonContext.Default.CustomResourceRequest, cancellationToken);
        }
        catch (JsonException e)
        {
            return (null, BodyError(
                $"The body must be a CloudFormation custom resource request in JSON; it is not valid at line {e.LineNumber + 1}, " +
                $"byte {e.BytePositionInLine + 1}{(e.Path is { Length: > 1 } path ? $" ({path})" : "")}."));
        }
        if (resource is null)
        {
            return (null, BodyError("The body must be a CloudFormation custom resource request: a JSON object, not null."));
        }
        var errors = resource.Validate(allowedResponseHosts, region);
        return errors.Count == 0 ? (resource, errors) : (null, errors);
    }

    private static async Task<(string Status, string Reason, CatalogSeedData Data, Exception? Failure)> SeedAsync(
        SeedSettings settings, IAmazonDynamoDB dynamoDb, IAmazonS3 s3, TimeSpan? timeLeft, string requestId, CancellationToken cancellationToken)
    {
        using var budget = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        if (timeLeft - ResponseReserve is { } seedTime)
        {
            if (seedTime > TimeSpan.Zero)
            {
                budget.CancelAfter(seedTime);
            }
            else
            {
                await budget.CancelAsync();
            }
        }
        try
        {
            budget.Token.ThrowIfCancellationRequested();
            var catalog = SeedCatalogLoader.Load(DataDirectory(settings.Seeding));
            var report = await new CatalogSeeder(dynamoDb, s3, settings).SeedAsync(catalog, budget.Token);
            return (CustomResourceResponse.Success,
                $"Seeded {catalog.Categories.Count} categories and {catalog.Products.Count} products with {report.Writes} writes ({report}).",
                new CatalogSeedData(catalog.Categories.Count, catalog.Products.Count, report.Writes), null);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            return (CustomResourceResponse.Failed, FailureReason(e, requestId), new CatalogSeedData(0, 0, 0), e);
        }
    }

    /// <summary>A short reason CloudFormation shows in the stack's events; never a stack trace.</summary>
    public static string FailureReason(Exception failure, string requestId) => failure switch
    {
        SeedValidationException invalid =>
            $"The seed catalog is invalid: {string.Join(" ", invalid.Problems.Take(ProblemsInReason))}" +
            (invalid.Problems.Count > ProblemsInReason ? $" (and {invalid.Problems.Count - ProblemsInReason} more problems)" : ""),
        OperationCanceledException =>
            $"Seeding ran out of time: it must end {ResponseReserve.TotalSeconds:0} s before the Lambda function's timeout to answer CloudFormation. Raise the timeout.",
        AmazonDynamoDBException dynamo => $"Could not seed DynamoDB: {dynamo.ErrorCode} ({dynamo.Message})",
        AmazonS3Exception s3 => $"Could not upload the images to S3: {s3.ErrorCode} ({s3.Message})",
        AmazonServiceException or AmazonClientException or HttpRequestException =>
            $"Could not reach DynamoDB or S3: {failure.Message}",
        IOException => $"Could not read the seed catalog: {failure.Message}",
        _ => $"Seeding failed unexpectedly; the function's log has the details (request {requestId}).",
    };

    /// <summary>How long the Lambda invocation has left, from the adapter's context header; null outside Lambda.</summary>
    public static TimeSpan? TimeLeft(IHeaderDictionary headers, TimeProvider time)
    {
        var header = headers[LambdaContextHeaderName].ToString();
        if (header.Length == 0)
        {
            return null;
        }
        try
        {
            var context = JsonSerializer.Deserialize(header, CloudFormationJsonContext.Default.LambdaContextHeader);
            return context?.Deadline is { } deadline ? DateTimeOffset.FromUnixTimeMilliseconds(deadline) - time.GetUtcNow() : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>
    /// The adapter sends every request with the trigger's request context: a JSON object for API Gateway, ALB
    /// and function URLs, "null" for other events such as CloudFormation's. Local callers send none.
    /// </summary>
    private static string DataDirectory(SeedingSettings settings) =>
        Path.GetFullPath(string.IsNullOrWhiteSpace(settings.DataDirectory)
            ? Path.Combine(AppContext.BaseDirectory, "seed-data")
            : settings.DataDirectory);

    private static string[] AllowedResponseHosts(SeedingSettings settings) =>
        settings.AllowedResponseHosts?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) ?? [];

    private static string Truncate(string reason) => reason.Length <= MaxReasonLength ? reason : reason[..(MaxReasonLength - 1)] + "…";
}

public static class DeploySeeding
{
    /// <summary>The seeding function's job: its settings, CloudFormation's seed request at /events, nothing else.</summary>
    public static IHostApplicationBuilder AddDeploySeeding(this IHostApplicationBuilder builder)
    {
        SeedSettings.Add(builder);
        builder.Services.AddJsonTypes(DeploySeedingJsonContext.Default);
        builder.Services.AddTransient<ILambdaEventHandler, DeploySeedingApi>(); // per event: its HTTP client comes from the factory
        builder.Services.AddHttpClient<CloudFormationResponder>(client => client.Timeout = CloudFormationResponder.AttemptTimeout)
            // A redirect could lead the PUT to a host the ResponseURL check never saw.
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { AllowAutoRedirect = false })
            // The factory's request logs would print the presigned ResponseURL, which is a credential.
            .RemoveAllLoggers();
        return builder;
    }
}
