using System.Text.Json;
using Amazon.DynamoDBv2;
using Amazon.S3;
using BStore.Api.Hosting;
using BStore.Api.Seeding;
using BStore.Api.UnitTests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;

namespace BStore.Api.UnitTests.Seeding;

public class DeploySeedingSwitchTests
{
    [Theory]
    [InlineData(null, null, false)]
    [InlineData("", null, false)]
    [InlineData("a-per-run-token", null, true)]
    [InlineData(null, "bstore-dev-api", true)]
    [InlineData("", "bstore-dev-api", true)]
    [InlineData(null, "", false)]
    public void Lambda_events_are_accepted_in_Lambda_or_when_a_token_is_configured(string? token, string? lambdaFunction, bool expected)
    {
        var configuration = Configuration(token, lambdaFunction);

        LambdaEvents.IsEnabled(configuration).Should().Be(expected);
    }

    [Fact]
    public async Task Disabled_it_maps_no_route()
    {
        var routes = await MappedRoutesAsync(token: null);

        routes.Should().NotContain(r => r.Contains("events", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Enabled_it_maps_POST_events_only()
    {
        var routes = await MappedRoutesAsync(token: "a-per-run-token");

        routes.Should().ContainSingle(r => r.Contains("events", StringComparison.Ordinal)).Which.Should().Be("POST /events");
    }

    private static IConfiguration Configuration(string? token, string? lambdaFunction) =>
        new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["BStore:LambdaEvents:Token"] = token,
            ["AWS_LAMBDA_FUNCTION_NAME"] = lambdaFunction,
        }).Build();

    /// <summary>The routes a WebApplication set up like Program.cs maps, as "METHOD /pattern".</summary>
    private static async Task<List<string>> MappedRoutesAsync(string? token)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["BStore:LambdaEvents:Token"] = token,
            ["AWS_LAMBDA_FUNCTION_NAME"] = null,
            ["BStore:Catalog:CursorKey"] = Convert.ToBase64String(new byte[32]),
        });
        builder.AddApiHosting();
        await using var app = builder.Build();
        app.MapLambdaEvents();
        return [.. ((IEndpointRouteBuilder)app).DataSources
            .SelectMany(source => source.Endpoints)
            .OfType<RouteEndpoint>()
            .SelectMany(e => (e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["*"]).Select(m => $"{m} {e.RoutePattern.RawText}"))];
    }
}

public class CustomResourceRequestTests
{
    private const string ResponseUrl =
        "https://cloudformation-custom-resource-response-useast1.s3.amazonaws.com/arn%3Aaws%3Acloudformation%3Aus-east-1%3A123456789012%3Astack/bstore-dev/5b1f%7CCatalogSeed%7C7d0c?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Signature=abc";

    private const string Region = "us-east-1";

    private static readonly string[] NoHosts = [];

    // As CloudFormation sends it (https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/crpg-ref-requests.html).
    private static string Event(string requestType = "Create", string? extra = null) => $$"""
        {
          "RequestType": "{{requestType}}",
          "ServiceToken": "arn:aws:lambda:us-east-1:123456789012:function:bstore-dev-api",
          "ResponseURL": "{{ResponseUrl}}",
          "StackId": "arn:aws:cloudformation:us-east-1:123456789012:stack/bstore-dev/5b1f2c40-0000-11ef-9c5a-0a1b2c3d4e5f",
          "RequestId": "7d0c5e8a-1a2b-4c3d-8e9f-0a1b2c3d4e5f",
          "LogicalResourceId": "CatalogSeed",
          "ResourceType": "Custom::CatalogSeed",
          "ResourceProperties": { "ServiceToken": "arn:aws:lambda:us-east-1:123456789012:function:bstore-dev-api", "SeedHash": "9f86d081" }{{extra}}
        }
        """;

    private static CustomResourceRequest Parse(string json) =>
        JsonSerializer.Deserialize(json, CloudFormationJsonContext.Default.CustomResourceRequest)!;

    [Fact]
    public void A_CloudFormation_create_event_is_read_and_valid()
    {
        var request = Parse(Event());

        request.RequestType.Should().Be("Create");
        request.ResponseUrl.Should().Be(ResponseUrl);
        request.StackId.Should().StartWith("arn:aws:cloudformation:");
        request.RequestId.Should().Be("7d0c5e8a-1a2b-4c3d-8e9f-0a1b2c3d4e5f");
        request.LogicalResourceId.Should().Be("CatalogSeed");
        request.PhysicalResourceId.Should().BeNull();
        request.ResourceProperties!.SeedHash.Should().Be("9f86d081");
        request.Validate(NoHosts, Region).Should().BeEmpty();
    }

    [Fact]
    public void An_update_event_with_old_properties_and_a_physical_id_is_valid()
    {
        var request = Parse(Event("Update", """
            , "PhysicalResourceId": "bstore-catalog-seed", "OldResourceProperties": { "SeedHash": "0000" }
            """));

        request.PhysicalResourceId.Should().Be("bstore-catalog-seed");
        request.Validate(NoHosts, Region).Should().BeEmpty();
    }

    [Theory]
    [InlineData("RequestType", "Replace")]
    [InlineData("RequestType", "create")]
    [InlineData("RequestType", null)]
    [InlineData("ResponseURL", null)]
    [InlineData("ResponseURL", "")]
    [InlineData("ResponseURL", "http://169.254.169.254/latest/meta-data/")]
    [InlineData("StackId", null)]
    [InlineData("StackId", " ")]
    [InlineData("RequestId", null)]
    [InlineData("LogicalResourceId", null)]
    [InlineData("ResourceType", "AWS::CloudFormation::CustomResource")]
    [InlineData("ResourceType", null)]
    public void A_wrong_or_missing_field_is_named(string field, string? value)
    {
        var document = JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(Event())!;
        if (value is null)
        {
            document.Remove(field);
        }
        else
        {
            document[field] = JsonSerializer.SerializeToElement(value);
        }

        var errors = Parse(JsonSerializer.Serialize(document)).Validate(NoHosts, Region);

        errors.Keys.Should().Equal(field);
        errors[field].Should().ContainSingle().Which.Should().Contain(field);
    }

    [Fact]
    public void An_overlong_id_is_rejected()
    {
        var document = JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(Event())!;
        document["RequestId"] = JsonSerializer.SerializeToElement(new string('a', 1025));

        Parse(JsonSerializer.Serialize(document)).Validate(NoHosts, Region).Keys.Should().Equal("RequestId");
    }

    [Theory]
    [InlineData(ResponseUrl, "us-east-1")]
    [InlineData("https://cloudformation-custom-resource-response-useast1.s3.us-east-1.amazonaws.com/x?sig=1", "us-east-1")]
    [InlineData("https://cloudformation-custom-resource-response-euwest1.s3-eu-west-1.amazonaws.com/arn%3Aaws/x?sig=1", "eu-west-1")]
    [InlineData("https://cloudformation-custom-resource-response-apnortheast1.s3.ap-northeast-1.amazonaws.com/x", "ap-northeast-1")]
    [InlineData("https://CLOUDFORMATION-CUSTOM-RESOURCE-RESPONSE-EUWEST1.S3.AMAZONAWS.COM:443/x", "eu-west-1")]
    [InlineData("https://cloudformation-custom-resource-response-cnnorth1.s3.cn-north-1.amazonaws.com.cn/x?sig=1", "cn-north-1")]
    public void CloudFormations_response_urls_in_the_functions_region_are_allowed(string url, string region) =>
        CustomResourceRequest.IsAllowedResponseUrl(url, NoHosts, region).Should().BeTrue();

    [Theory]
    // Any other amazonaws.com host: an attacker's own bucket, or another AWS service the function's network reaches.
    [InlineData("https://S3.US-EAST-1.AMAZONAWS.COM/bucket/key")]
    [InlineData("https://bucket.s3.amazonaws.com/key")]
    [InlineData("https://attacker-bucket.s3.us-east-1.amazonaws.com/key")]
    [InlineData("https://sqs.us-east-1.amazonaws.com/123456789012/queue")]
    [InlineData("https://cloudformation-custom-resource-response-useast1-evil.s3.amazonaws.com/x")]
    [InlineData("https://x.cloudformation-custom-resource-response-useast1.s3.amazonaws.com/x")]
    // CloudFormation's bucket of another region: a stack here never gets one of those.
    [InlineData("https://cloudformation-custom-resource-response-euwest1.s3-eu-west-1.amazonaws.com/x")]
    [InlineData("http://cloudformation-custom-resource-response-useast1.s3.amazonaws.com/x")]
    [InlineData("https://cloudformation-custom-resource-response-useast1.s3.amazonaws.com:8443/x")]
    [InlineData("http://bucket.s3.amazonaws.com/key")]
    [InlineData("https://bucket.s3.amazonaws.com:8443/key")]
    [InlineData("https://169.254.169.254/latest/meta-data/")]
    [InlineData("http://169.254.169.254/latest")]
    [InlineData("https://127.0.0.1/x")]
    [InlineData("https://[::1]/x")]
    [InlineData("https://amazonaws.com/x")]
    [InlineData("https://evilamazonaws.com/x")]
    [InlineData("https://s3.amazonaws.com.evil.example/x")]
    [InlineData("https://evil.example/x?h=.amazonaws.com")]
    [InlineData("https://evil.example/.amazonaws.com")]
    [InlineData("https://x.amazonaws.com@evil.example/")]
    [InlineData("https://user:pass@bucket.s3.amazonaws.com/key")]
    [InlineData("ftp://bucket.s3.amazonaws.com/key")]
    [InlineData("file:///etc/passwd")]
    [InlineData("/relative/path")]
    [InlineData("not a url")]
    public void Other_response_urls_are_refused(string url) =>
        CustomResourceRequest.IsAllowedResponseUrl(url, NoHosts, Region).Should().BeFalse();

    [Fact]
    public void A_configured_host_is_allowed_over_http_and_other_hosts_stay_refused()
    {
        string[] hosts = ["127.0.0.1"];

        CustomResourceRequest.IsAllowedResponseUrl("http://127.0.0.1:41234/cfn?sig=1", hosts, Region).Should().BeTrue();
        CustomResourceRequest.IsAllowedResponseUrl("http://169.254.169.254/latest", hosts, Region).Should().BeFalse();
        CustomResourceRequest.IsAllowedResponseUrl("http://localhost:41234/cfn", hosts, Region).Should().BeFalse();
    }

    [Fact]
    public void The_response_uses_CloudFormations_field_names()
    {
        var response = new CustomResourceResponse(
            CustomResourceResponse.Success, "Seeded.", DeploySeedingApi.PhysicalResourceId, "stack", "request", "CatalogSeed", false,
            new CatalogSeedData(10, 72, 0));

        var json = JsonSerializer.Serialize(response, CloudFormationJsonContext.Default.CustomResourceResponse);

        json.Should().Be("""
            {"Status":"SUCCESS","Reason":"Seeded.","PhysicalResourceId":"bstore-catalog-seed","StackId":"stack","RequestId":"request","LogicalResourceId":"CatalogSeed","NoEcho":false,"Data":{"Categories":10,"Products":72,"Writes":0}}
            """);
    }
}

public class DeploySeedingFailureTests
{
    [Fact]
    public void An_invalid_catalog_names_its_first_three_problems_and_counts_the_rest()
    {
        var problems = Enumerable.Range(1, 5).Select(i => $"products.json: product #{i} (id 'p{i}'): field 'price' must be positive.").ToList();

        var reason = DeploySeedingApi.FailureReason(new SeedValidationException(problems), "r-1");

        reason.Should().StartWith("The seed catalog is invalid: products.json: product #1")
            .And.Contain("#3").And.NotContain("#4").And.EndWith("(and 2 more problems)");
    }

    [Fact]
    public void A_DynamoDB_error_names_DynamoDB_and_the_error_code()
    {
        var error = new AmazonDynamoDBException("Requested resource not found") { ErrorCode = "ResourceNotFoundException" };

        DeploySeedingApi.FailureReason(error, "r-1").Should().Be("Could not seed DynamoDB: ResourceNotFoundException (Requested resource not found)");
    }

    [Fact]
    public void An_S3_error_names_S3()
    {
        var error = new AmazonS3Exception("The specified bucket does not exist") { ErrorCode = "NoSuchBucket" };

        DeploySeedingApi.FailureReason(error, "r-1").Should().StartWith("Could not upload the images to S3: NoSuchBucket");
    }

    [Fact]
    public void A_network_error_says_the_data_stores_could_not_be_reached()
    {
        DeploySeedingApi.FailureReason(new HttpRequestException("Connection refused (127.0.0.1:5999)"), "r-1")
            .Should().Be("Could not reach DynamoDB or S3: Connection refused (127.0.0.1:5999)");
    }

    [Fact]
    public void Running_out_of_time_says_to_raise_the_timeout()
    {
        DeploySeedingApi.FailureReason(new OperationCanceledException(), "r-1").Should().Contain("ran out of time").And.Contain("timeout");
    }

    [Fact]
    public void An_unexpected_error_points_to_the_log_without_its_message()
    {
        var reason = DeploySeedingApi.FailureReason(new InvalidOperationException("secret internals at Foo.Bar()"), "r-1");

        reason.Should().Contain("r-1").And.NotContain("secret").And.NotContain("Exception");
    }

    [Fact]
    public void The_time_left_comes_from_the_adapters_lambda_context_header()
    {
        var clock = new ManualTimeProvider(new DateTimeOffset(2026, 3, 14, 9, 0, 0, TimeSpan.Zero));
        var deadline = clock.GetUtcNow().AddSeconds(42).ToUnixTimeMilliseconds();
        var headers = new HeaderDictionary
        {
            [DeploySeedingApi.LambdaContextHeaderName] =
                $$$"""{"request_id":"r","deadline":{{{deadline}}},"invoked_function_arn":"arn:aws:lambda:us-east-1:1:function:f","xray_trace_id":null,"client_context":null,"identity":null,"env_config":{"function_name":"f","memory":1024,"version":"$LATEST","log_stream":"","log_group":""}}""",
        };

        DeploySeedingApi.TimeLeft(headers, clock).Should().Be(TimeSpan.FromSeconds(42));
        DeploySeedingApi.TimeLeft(new HeaderDictionary(), clock).Should().BeNull();
        DeploySeedingApi.TimeLeft(new HeaderDictionary { [DeploySeedingApi.LambdaContextHeaderName] = "not json" }, clock).Should().BeNull();
    }
}
