using Amazon.DynamoDBv2.Model;
using Amazon.Runtime;

using Microsoft.AspNetCore.Mvc;

namespace BStore.Api.Hosting;

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
        return await problems.TryWriteAsync(new() { HttpContext = httpContext, ProblemDetails = problem, Exception = exception });
    }

    private static ProblemDetails Classify(Exception exception) => exception switch
    {
        BadHttpRequestException bad => new() { Status = bad.StatusCode, Title = "Bad request", Detail = bad.Message },
        ProvisionedThroughputExceededException or RequestLimitExceededException or InternalServerErrorException
            or TransactionCanceledException or TransactionConflictException
            or AmazonClientException or HttpRequestException or TimeoutException or TaskCanceledException
            or AmazonServiceException { StatusCode: >= System.Net.HttpStatusCode.InternalServerError } or AmazonServiceException { ErrorCode: "ThrottlingException" }
            => new()
            {
                Status = StatusCodes.Status503ServiceUnavailable,
                Title = "Service temporarily unavailable",
                Detail = "The store could not reach its data store. Try again in a moment.",
            },
        _ => new() { Status = StatusCodes.Status500InternalServerError, Title = "Unexpected error" },
    };
}
