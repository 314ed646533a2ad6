using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using BStore.Api.IntegrationTests.Infrastructure;

namespace BStore.Api.IntegrationTests;

/// <summary>
/// CloudFormation's Custom::CatalogSeed events, posted to /events as the Lambda Web Adapter would, with a local
/// listener standing in for the presigned ResponseURL. They go to a process with the seeding function's job; the
/// suite's API process has the API function's job, which refuses them.
/// </summary>
[Collection(BStoreCollection.Name)]
[Trait("Build", "Aot")]
public sealed class DeploySeedingTests(BStoreFixture fixture) : IAsyncLifetime
{
    private const string ResponsePath = "/cfn/response?X-Amz-Signature=abc%2Bdef%3D&Expires=1767225600";

    private readonly ResponseCatcher _catcher = new();
    private readonly string _requestId = Guid.NewGuid().ToString();
    private readonly string _stackId = $"arn:aws:cloudformation:us-east-1:123456789012:stack/bstore-test/{Guid.NewGuid()}";

    private ApiProcess _seeding = null!;

    public async Task InitializeAsync() => _seeding = await fixture.StartApiAsync(new Dictionary<string, string?> { ["BStore__Job"] = "Seeding" });

    public async Task DisposeAsync()
    {
        _catcher.Dispose();
        await _seeding.DisposeAsync();
    }

    [Theory]
    [InlineData("Create")]
    [InlineData("Update")]
    public async Task Seeding_the_seeded_tables_succeeds_with_no_writes_and_tells_CloudFormation(string requestType)
    {
        using var response = await PostAsync(Event(requestType).ToJsonString());

        var answer = await response.JsonAsync();
        answer.GetProperty("status").GetString().Should().Be("SUCCESS");
        var put = _catcher.Requests.Should().ContainSingle().Subject;
        put.Method.Should().Be("PUT");
        put.PathAndQuery.Should().Be(ResponsePath);
        put.ContentType.Should().BeNullOrEmpty("CloudFormation's presigned URL is signed for an empty Content-Type");
        var body = put.Json;
        body.GetProperty("Status").GetString().Should().Be("SUCCESS");
        body.GetProperty("Reason").GetString().Should().Contain("0 writes");
        body.GetProperty("PhysicalResourceId").GetString().Should().Be("bstore-catalog-seed");
        body.GetProperty("StackId").GetString().Should().Be(_stackId);
        body.GetProperty("RequestId").GetString().Should().Be(_requestId);
        body.GetProperty("LogicalResourceId").GetString().Should().Be("CatalogSeed");
        body.GetProperty("NoEcho").GetBoolean().Should().BeFalse();
        var data = body.GetProperty("Data");
        data.GetProperty("Writes").GetInt32().Should().Be(0);
        data.GetProperty("Categories").GetInt32().Should().Be(fixture.Seed.Categories.Count);
        data.GetProperty("Products").GetInt32().Should().Be(fixture.Seed.Products.Count);
    }

    [Fact]
    public async Task Delete_succeeds_and_leaves_the_catalog_in_place()
    {
        using var response = await PostAsync(Event("Delete", physicalResourceId: "bstore-catalog-seed").ToJsonString());

        (await response.JsonAsync()).GetProperty("status").GetString().Should().Be("SUCCESS");
        var body = _catcher.Requests.Should().ContainSingle().Subject.Json;
        body.GetProperty("Status").GetString().Should().Be("SUCCESS");
        body.GetProperty("RequestId").GetString().Should().Be(_requestId);
        body.GetProperty("PhysicalResourceId").GetString().Should().Be("bstore-catalog-seed");
        using var categories = await fixture.Api.GetAsync("/api/categories");
        (await categories.JsonAsync()).GetProperty("items").GetArrayLength().Should().Be(fixture.Seed.Categories.Count);
        using var product = await fixture.Api.GetAsync($"/api/products/{fixture.Seed.Products[0].Id}");
        product.StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Theory]
    [InlineData("malformed JSON", "body")]
    [InlineData("JSON null", "body")]
    [InlineData("ResponseURL that is a number", "body")]
    [InlineData("missing ResponseURL", "ResponseURL")]
    [InlineData("ResponseURL to the instance metadata service", "ResponseURL")]
    [InlineData("ResponseURL to a look-alike host", "ResponseURL")]
    [InlineData("ResponseURL to another amazonaws.com host", "ResponseURL")]
    [InlineData("wrong ResourceType", "ResourceType")]
    [InlineData("unknown RequestType", "RequestType")]
    [InlineData("missing RequestId", "RequestId")]
    [InlineData("missing StackId", "StackId")]
    public async Task An_event_that_is_not_a_catalog_seed_request_is_a_400_naming_the_field_and_calls_nobody(string mistake, string field)
    {
        var body = mistake switch
        {
            "malformed JSON" => Event("Create").ToJsonString()[..40],
            "JSON null" => "null",
            "ResponseURL that is a number" => With("ResponseURL", 42),
            "missing ResponseURL" => With("ResponseURL", null),
            "ResponseURL to the instance metadata service" => With("ResponseURL", "http://169.254.169.254/latest"),
            "ResponseURL to a look-alike host" => With("ResponseURL", "https://s3.amazonaws.com.evil.example/x"),
            "ResponseURL to another amazonaws.com host" => With("ResponseURL", "https://attacker-bucket.s3.amazonaws.com/x?X-Amz-Signature=1"),
            "wrong ResourceType" => With("ResourceType", "Custom::SomethingElse"),
            "unknown RequestType" => With("RequestType", "Replace"),
            "missing RequestId" => With("RequestId", null),
            "missing StackId" => With("StackId", null),
            _ => throw new ArgumentOutOfRangeException(nameof(mistake)),
        };

        using var response = await PostAsync(body);

        await response.ProblemAsync(HttpStatusCode.BadRequest, field);
        _catcher.Requests.Should().BeEmpty();
    }

    [Fact]
    public async Task The_API_function_refuses_a_catalog_seed_request_and_calls_nobody()
    {
        using var response = await LambdaEventRequests.PostAsync(fixture, Event("Create").ToJsonString());

        await response.ProblemAsync(HttpStatusCode.BadRequest, "body");
        _catcher.Requests.Should().BeEmpty();
    }

    [Theory]
    [InlineData("""{"triggerSource":"PostConfirmation_ConfirmSignUp","userPoolId":"p","request":{"userAttributes":{"sub":"s","email":"a@example.com"}}}""")]
    [InlineData("""{"orderStep":"deliver","userId":"u","orderId":"1764000000000-0123456789abcdef"}""")]
    public async Task The_seeding_function_refuses_every_other_event_and_serves_no_shopper_route(string otherEvent)
    {
        using var response = await PostAsync(otherEvent);

        await response.ProblemAsync(HttpStatusCode.BadRequest, "body");
        using var catalog = await _seeding.Client.GetAsync("/api/products");
        catalog.StatusCode.Should().Be(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_request_that_came_through_API_Gateway_is_not_found_and_calls_nobody()
    {
        using var response = await PostAsync(Event("Create").ToJsonString(), new()
        {
            ["x-amzn-request-context"] = """{"accountId":"123456789012","apiId":"abc123","http":{"method":"POST","path":"/events"},"stage":"$default"}""",
        });

        await response.ProblemAsync(HttpStatusCode.NotFound);
        _catcher.Requests.Should().BeEmpty();
    }

    [Fact]
    public async Task Too_little_time_left_in_the_invocation_answers_FAILED_with_a_short_reason()
    {
        var deadline = DateTimeOffset.UtcNow.AddSeconds(1).ToUnixTimeMilliseconds();

        using var response = await PostAsync(Event("Create").ToJsonString(), new()
        {
            ["x-amzn-request-context"] = "null",
            ["x-amzn-lambda-context"] = $$"""{"request_id":"{{Guid.NewGuid()}}","deadline":{{deadline}},"invoked_function_arn":"arn:aws:lambda:us-east-1:123456789012:function:api"}""",
        });

        (await response.JsonAsync()).GetProperty("status").GetString().Should().Be("FAILED");
        var put = _catcher.Requests.Should().ContainSingle().Subject;
        var body = put.Json;
        body.GetProperty("Status").GetString().Should().Be("FAILED");
        body.GetProperty("Reason").GetString().Should().Contain("ran out of time").And.NotContain("   at ").And.NotContain("Exception");
        body.GetProperty("RequestId").GetString().Should().Be(_requestId);
        body.GetProperty("Data").GetProperty("Writes").GetInt32().Should().Be(0);
    }

    [Fact]
    public async Task A_ResponseURL_that_refuses_the_answer_is_a_502()
    {
        _catcher.Answer = HttpStatusCode.Forbidden;

        using var response = await PostAsync(Event("Delete", physicalResourceId: "bstore-catalog-seed").ToJsonString());

        await response.ProblemAsync(HttpStatusCode.BadGateway);
        _catcher.Requests.Should().ContainSingle("a refused presigned URL will not take a retry either");
    }

    private JsonObject Event(string requestType, string? physicalResourceId = null)
    {
        var body = new JsonObject
        {
            ["RequestType"] = requestType,
            ["ServiceToken"] = "arn:aws:lambda:us-east-1:123456789012:function:bstore-test-api",
            ["ResponseURL"] = new Uri(_catcher.BaseUrl, ResponsePath).ToString(),
            ["StackId"] = _stackId,
            ["RequestId"] = _requestId,
            ["LogicalResourceId"] = "CatalogSeed",
            ["ResourceType"] = "Custom::CatalogSeed",
            ["ResourceProperties"] = new JsonObject
            {
                ["ServiceToken"] = "arn:aws:lambda:us-east-1:123456789012:function:bstore-test-api",
                ["SeedHash"] = "9f86d081884c7d65",
            },
        };
        if (physicalResourceId is not null)
        {
            body["PhysicalResourceId"] = physicalResourceId;
        }
        return body;
    }

    /// <summary>A Create event with <paramref name="field"/> set to <paramref name="value"/>, or removed when it is null.</summary>
    private string With(string field, JsonNode? value)
    {
        var body = Event("Create");
        if (value is null)
        {
            body.Remove(field);
        }
        else
        {
            body[field] = value;
        }
        return body.ToJsonString();
    }

    private Task<HttpResponseMessage> PostAsync(string body, Dictionary<string, string>? headers = null) =>
        LambdaEventRequests.PostAsync(fixture, body, _seeding.Client, headers);
}
