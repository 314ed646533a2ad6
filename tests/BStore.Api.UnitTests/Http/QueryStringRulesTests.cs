using System.Collections.Frozen;
using BStore.Api.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;

namespace BStore.Api.UnitTests.Http;

public class QueryStringRulesTests
{
    private static readonly FrozenSet<string> Known = new[] { "q", "limit", "sort" }.ToFrozenSet(StringComparer.OrdinalIgnoreCase);
    private static readonly FrozenSet<string> Nothing = Array.Empty<string>().ToFrozenSet(StringComparer.OrdinalIgnoreCase);

    private static QueryCollection Query(params (string Name, string[] Values)[] parameters) =>
        new(parameters.ToDictionary(p => p.Name, p => new StringValues(p.Values), StringComparer.OrdinalIgnoreCase));

    [Fact]
    public void Known_parameters_given_once_are_fine()
    {
        QueryStringRules.Check(Query(("q", ["serum"]), ("limit", ["10"]), ("sort", ["name"])), Known).Should().BeEmpty();
    }

    [Fact]
    public void No_parameters_are_fine()
    {
        QueryStringRules.Check(Query(), Known).Should().BeEmpty();
        QueryStringRules.Check(Query(), Nothing).Should().BeEmpty();
    }

    [Fact]
    public void Known_parameters_are_matched_case_insensitively()
    {
        QueryStringRules.Check(Query(("Q", ["serum"]), ("LIMIT", ["10"]), ("SoRt", ["name"])), Known).Should().BeEmpty();
    }

    [Fact]
    public void An_unknown_parameter_is_reported_under_its_name_with_the_allowed_ones()
    {
        var errors = QueryStringRules.Check(Query(("q", ["serum"]), ("colour", ["red"])), Known);

        errors.Keys.Should().Equal("colour");
        errors["colour"].Should().ContainSingle()
            .Which.Should().Contain("Unknown query parameter").And.Contain("limit, q, sort");
    }

    [Fact]
    public void Every_unknown_parameter_is_reported()
    {
        var errors = QueryStringRules.Check(Query(("a", ["1"]), ("b", ["2"]), ("q", ["x"])), Known);

        errors.Keys.Should().BeEquivalentTo("a", "b");
    }

    [Fact]
    public void A_long_unknown_name_is_reported_shortened_to_64_characters()
    {
        var name = new string('n', 60) + "XYZW" + new string('z', 100);

        var errors = QueryStringRules.Check(Query((name, ["1"])), Known);

        errors.Keys.Should().Equal(new string('n', 60) + "XYZW");
    }

    [Fact]
    public void An_unknown_name_of_exactly_64_characters_is_reported_whole()
    {
        var name = new string('m', 64);

        QueryStringRules.Check(Query((name, ["1"])), Known).Keys.Should().Equal(name);
    }

    [Fact]
    public void A_known_parameter_given_twice_is_reported()
    {
        var errors = QueryStringRules.Check(Query(("q", ["serum"]), ("limit", ["10", "20"])), Known);

        errors.Keys.Should().Equal("limit");
        errors["limit"].Should().ContainSingle().Which.Should().Contain("at most once");
    }

    [Fact]
    public void Unknown_and_repeated_parameters_are_reported_together()
    {
        var errors = QueryStringRules.Check(Query(("q", ["a", "b"]), ("page", ["2"])), Known);

        errors.Keys.Should().BeEquivalentTo("q", "page");
        errors["q"].Should().ContainSingle().Which.Should().Contain("at most once");
        errors["page"].Should().ContainSingle().Which.Should().Contain("Unknown query parameter");
    }

    [Fact]
    public void An_endpoint_without_parameters_says_so()
    {
        var errors = QueryStringRules.Check(Query(("q", ["serum"])), Nothing);

        errors.Keys.Should().Equal("q");
        errors["q"].Should().Equal("This endpoint takes no query parameters.");
    }
}
