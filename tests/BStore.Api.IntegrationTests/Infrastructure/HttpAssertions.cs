using System.Net;
using System.Text.Json;

namespace BStore.Api.IntegrationTests.Infrastructure;

public static class HttpAssertions
{
    public static async Task<JsonElement> JsonAsync(this HttpResponseMessage response, HttpStatusCode expected = HttpStatusCode.OK)
    {
        var body = await response.Content.ReadAsStringAsync();
        response.StatusCode.Should().Be(expected, body);
        response.Content.Headers.ContentType?.MediaType.Should().Be("application/json");
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    /// <summary>Asserts an RFC 7807 answer with <paramref name="status"/>; for validation problems, that it names <paramref name="field"/>.</summary>
    public static async Task<JsonElement> ProblemAsync(this HttpResponseMessage response, HttpStatusCode status, string? field = null)
    {
        var body = await response.Content.ReadAsStringAsync();
        response.StatusCode.Should().Be(status, body);
        response.Content.Headers.ContentType?.MediaType.Should().Be("application/problem+json", body);
        var problem = JsonDocument.Parse(body).RootElement.Clone();
        problem.GetProperty("status").GetInt32().Should().Be((int)status);
        problem.GetProperty("title").GetString().Should().NotBeNullOrWhiteSpace();
        if (field is not null)
        {
            problem.GetProperty("errors").TryGetProperty(field, out var messages).Should().BeTrue($"the problem should name '{field}': {body}");
            messages.EnumerateArray().Should().NotBeEmpty().And.OnlyContain(m => m.GetString()!.Length > 10);
        }
        body.Should().NotContainAny("Exception", "   at ", "Amazon.", "moto");
        return problem;
    }

    /// <summary>
    /// Asserts an answer of API Gateway itself (locally: the gateway made from the template), which never reached the API:
    /// <c>{"message": "..."}</c>, as HTTP APIs answer an unrouted request (404) or one their JWT authorizer refuses (401).
    /// </summary>
    public static async Task GatewayAnswerAsync(this HttpResponseMessage response, HttpStatusCode status, string message)
    {
        var body = await response.Content.ReadAsStringAsync();
        response.StatusCode.Should().Be(status, body);
        JsonDocument.Parse(body).RootElement.GetProperty("message").GetString().Should().Be(message);
        response.Headers.Contains("X-DynamoDB-Calls").Should().BeFalse("the API never saw it");
    }

    /// <summary>The DynamoDB requests the API made for this answer (X-DynamoDB-Calls, which the fixture turns on).</summary>
    public static int DynamoDbCalls(this HttpResponseMessage response) =>
        int.Parse(response.Headers.GetValues("X-DynamoDB-Calls").Single(), System.Globalization.CultureInfo.InvariantCulture);

    public static IReadOnlyList<string> Ids(this JsonElement page) =>
        [.. page.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetString()!)];
}
