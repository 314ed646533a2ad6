using System.Text.Json.Nodes;
using BStore.LocalGateway;

namespace BStore.Api.UnitTests.LocalGateway;

public sealed class RouteTableTests
{
    private static readonly RouteTable Routes = new(new[]
    {
        "GET /api/products", "GET /api/products/{id}", "GET /api/products/{id}/reviews", "PUT /api/products/{id}/reviews/mine",
        "ANY /api/cart/{proxy+}", "DELETE /api/cart/items/{productId}", "GET /api/products/featured",
    }.Select(key => RouteTable.Parse(key, authorizer: null)));

    [Theory]
    [InlineData("GET", "/api/products", "GET /api/products")]
    [InlineData("GET", "/api/products/p-1", "GET /api/products/{id}")]
    [InlineData("GET", "/api/products/featured", "GET /api/products/featured")] // a literal beats a variable
    [InlineData("GET", "/api/products/p-1/reviews", "GET /api/products/{id}/reviews")]
    [InlineData("PUT", "/api/products/p-1/reviews/mine", "PUT /api/products/{id}/reviews/mine")]
    [InlineData("DELETE", "/api/cart/items/p-1", "DELETE /api/cart/items/{productId}")] // a variable beats a greedy one
    [InlineData("POST", "/api/cart/items/p-1", "ANY /api/cart/{proxy+}")]
    [InlineData("GET", "/api/cart/a/b/c", "ANY /api/cart/{proxy+}")]
    public void The_most_specific_route_takes_the_request(string method, string path, string expected) =>
        Routes.Match(method, path)!.RouteKey.Should().Be(expected);

    [Theory]
    [InlineData("POST", "/api/products")] // no route for the method
    [InlineData("GET", "/api/products/p-1/reviews/mine")] // only PUT has a route
    [InlineData("GET", "/api/products/")] // an empty segment is no {id}
    [InlineData("GET", "/api/cart")] // a greedy variable needs at least one segment
    [InlineData("POST", "/events")]
    [InlineData("GET", "/health")]
    [InlineData("GET", "/API/products")] // paths are case-sensitive
    public void Without_a_matching_route_there_is_no_match_and_no_default(string method, string path) =>
        Routes.Match(method, path).Should().BeNull();

    [Fact]
    public void A_default_route_or_a_malformed_key_is_refused_rather_than_ignored()
    {
        var act = () => RouteTable.Parse("$default", authorizer: null);
        act.Should().Throw<InvalidOperationException>().WithMessage("*$default*");
    }

    [Fact]
    public void The_committed_dev_template_resolves_the_authorizer_to_the_local_pool_and_client()
    {
        var template = JsonNode.Parse(File.ReadAllText(Path.Combine(Repository.Root, "stacks", "snapshots", "dev.template.json")))!.AsObject();

        var api = HttpApiDefinition.FromTemplate(template, new TemplateValues(template, "us-east-1", "us-east-1_local", "client-local"));

        var reviews = new RouteTable(api.Routes).Match("PUT", "/api/products/p-1/reviews/mine")!;
        reviews.Authorizer!.Issuer.Should().Be("https://cognito-idp.us-east-1.amazonaws.com/us-east-1_local");
        reviews.Authorizer.Audience.Should().Equal("client-local");
        new RouteTable(api.Routes).Match("GET", "/api/products/p-1/reviews")!.Authorizer.Should().BeNull();
        api.Cors!.AllowOrigins.Should().Contain("http://127.0.0.1:8081");
    }

    [Fact]
    public void A_reference_the_gateway_cannot_resolve_is_named()
    {
        var template = JsonNode.Parse("""{"Resources":{"Table":{"Type":"AWS::DynamoDB::Table"}}}""")!.AsObject();
        var values = new TemplateValues(template, "us-east-1", "pool", "client");

        var act = () => values.Resolve(JsonNode.Parse("""{"Ref":"Table"}"""));

        act.Should().Throw<InvalidOperationException>().WithMessage("*Table*AWS::DynamoDB::Table*");
    }
}
