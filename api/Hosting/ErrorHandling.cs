using Amazon.DynamoDBv2.Model;
using Amazon.Runtime;
using Microsoft.AspNetCore.Builder;

using Microsoft.AspNetCore.Mvc;

namespace BStore.Api.Hosting;

public static class ProblemAnswers
{
    /// <summary>
    /// Empty 4xx/5xx answers (an unknown route's 404, a wrong method's 405) become problem details whatever the client's
    /// Accept header says: the default status code page falls back to text/plain when Accept names neither JSON type.
    /// </summary>
    public static IServiceCollection AddProblemStatusCodePages(this IServiceCollection services) =>
        services.Configure<StatusCodePagesOptions>(o => o.HandleAsync = context =>
            TypedResults.Problem(statusCode: context.HttpContext.Response.StatusCode).ExecuteAsync(context.HttpContext));
}

/// <summary>
/// Turns exceptions into problem details without leaking internals: a dependency that is down or
/// throttling is a 503 with Retry-After, a malformed request is a 4xx, anything else a bare 500.
/// </summary>
public sealed class ProblemExceptionHandler(IProblemDetailsService problems, ILogger<ProblemExceptionHandler> logger) : Microsoft.AspNetCore.Diagnostics.IExceptionHandler
{
    public const int RetryAfterSeconds = 2;

    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (httpContext.RequestAborted.IsCancellationRequested)
        {
            return true; // the client went away; nobody reads an answer
        }
        var problem = Classify(exception);
        if (problem.Status >= 500)
        {
            logger.LogError(exception, "Request failed with {Status}", problem.Status);
        }
        httpContext.Response.StatusCode = problem.Status!.Value;
        if (problem.Status == StatusCodes.Status503ServiceUnavailable)
        {
            httpContext.Response.Headers.RetryAfter = RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
        if (!await problems.TryWriteAsync(new() { HttpContext = httpContext, ProblemDetails = problem, Exception = exception }))
        {
            // The problem details service writes only what the Accept header allows; a JSON API answers JSON anyway.
            await TypedResults.Problem(problem).ExecuteAsync(httpContext);
        }
        return true;
    }

    internal static ProblemDetails Classify(Exception exception) => exception switch
    {
        BadHttpRequestException bad => new() { Status = bad.StatusCode, Title = "Bad request", Detail = bad.Message },
        // A service called without an SDK package (Aws/AwsHttp) that still throttles or fails after its retries.
        AmazonServiceException service when Aws.AwsHttp.IsRetryable(service.StatusCode, service.ErrorCode) => Unavailable,
        ProvisionedThroughputExceededException or RequestLimitExceededException or InternalServerErrorException
            or TransactionCanceledException or TransactionConflictException
            or AmazonClientException or HttpRequestException or TimeoutException or TaskCanceledException
            or AmazonServiceException { StatusCode: >= System.Net.HttpStatusCode.InternalServerError } or AmazonServiceException { ErrorCode: "ThrottlingException" }
            => Unavailable,
        _ => new() { Status = StatusCodes.Status500InternalServerError, Title = "Unexpected error" },
    };

    private static ProblemDetails Unavailable => new()
    {
        Status = StatusCodes.Status503ServiceUnavailable,
        Title = "Service temporarily unavailable",
        Detail = "The store could not reach its data store. Try again in a moment.",
    };
}
