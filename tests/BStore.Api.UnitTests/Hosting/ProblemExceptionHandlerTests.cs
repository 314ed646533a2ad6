using System.Net;
using Amazon.Runtime;
using BStore.Api.Hosting;

namespace BStore.Api.UnitTests.Hosting;

public sealed class ProblemExceptionHandlerTests
{
    [Theory]
    [InlineData(HttpStatusCode.BadRequest, "Throttling", 503)] // SNS's Query protocol, after the client's retries
    [InlineData(HttpStatusCode.TooManyRequests, "TooManyRequestsException", 503)]
    [InlineData(HttpStatusCode.ServiceUnavailable, "ServiceUnavailable", 503)]
    [InlineData(HttpStatusCode.BadRequest, "InvalidParameter", 500)] // a request the API itself got wrong is its own fault
    [InlineData(HttpStatusCode.Forbidden, "AuthorizationError", 500)]
    public void An_aws_service_that_still_throttles_or_fails_after_its_retries_is_a_503_not_a_500(
        HttpStatusCode status, string errorCode, int expected)
    {
        var problem = ProblemExceptionHandler.Classify(new AmazonServiceException("failed") { StatusCode = status, ErrorCode = errorCode });

        problem.Status.Should().Be(expected);
        if (expected == 503)
        {
            problem.Title.Should().Be("Service temporarily unavailable");
        }
    }
}
