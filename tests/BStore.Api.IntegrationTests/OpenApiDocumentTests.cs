using System.Text.Json.Nodes;
using BStore.Api.IntegrationTests.Infrastructure;

namespace BStore.Api.IntegrationTests;

/// <summary>
/// api/openapi.json is the committed copy of the document the API serves, and the deployed HTTP API's routes and their
/// authorizer are made from it (stacks/Constructs/ApiRoutes.cs): an endpoint added to the API without updating it fails
/// here, so it cannot be forgotten in AWS. <c>UPDATE_SNAPSHOTS=1</c> rewrites it.
/// </summary>
[Collection(BStoreCollection.Name)]
[Trait("Build", "Aot")]
public sealed class OpenApiDocumentTests(BStoreFixture fixture)
{
    public static string CommittedPath => Path.Combine(Repository.Root, "api", "openapi.json");

    [Fact]
    public async Task The_committed_document_is_the_one_the_API_serves()
    {
        var served = JsonNode.Parse(await fixture.ApiDirect.GetStringAsync("/openapi/v1.json"))!;
        if (Environment.GetEnvironmentVariable("UPDATE_SNAPSHOTS") == "1")
        {
            await File.WriteAllTextAsync(CommittedPath, served.ToJsonString(new() { WriteIndented = true }) + "\n");
        }

        var committed = JsonNode.Parse(await File.ReadAllTextAsync(CommittedPath))!;

        JsonNode.DeepEquals(served, committed).Should().BeTrue(
            "api/openapi.json must be the document the API serves (the deployed routes come from it); " +
            "run UPDATE_SNAPSHOTS=1 dotnet test tests/BStore.Api.IntegrationTests --filter OpenApiDocumentTests and commit it");
    }

    [Fact]
    public async Task Every_operation_that_needs_a_shopper_says_so_with_the_cognito_scheme()
    {
        var document = JsonNode.Parse(await fixture.ApiDirect.GetStringAsync("/openapi/v1.json"))!;

        document["components"]!["securitySchemes"]!["cognito"]!["scheme"]!.GetValue<string>().Should().Be("bearer");
        foreach (var (path, operations) in document["paths"]!.AsObject())
        {
            foreach (var (method, operation) in operations!.AsObject())
            {
                var answers401 = operation!["responses"]!.AsObject().ContainsKey("401");
                var secured = operation["security"] is JsonArray { Count: > 0 } security && security[0]!.AsObject().ContainsKey("cognito");
                secured.Should().Be(answers401, $"{method.ToUpperInvariant()} {path} answers 401 exactly when it needs a shopper's token");
            }
        }
    }
}
