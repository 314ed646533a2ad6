using System.Text;
using BStore.Api.Hosting;
using BStore.Api.Http;
using Microsoft.AspNetCore.Http;

namespace BStore.Api.UnitTests.Hosting;

public class RequestLimitsTests
{
    [Fact]
    public void The_defaults_are_valid()
    {
        RequestLimits.Validate(new LimitSettings()).Should().BeNull();
    }

    [Theory]
    [InlineData(nameof(LimitSettings.MaxRequestBodyBytes), 100, "MaxRequestBodyBytes")]
    [InlineData(nameof(LimitSettings.MaxJsonBodyBytes), 128 * 1024, "MaxJsonBodyBytes")]
    [InlineData(nameof(LimitSettings.MaxJsonDepth), 2, "MaxJsonDepth")]
    [InlineData(nameof(LimitSettings.MaxJsonDepth), 65, "MaxJsonDepth")]
    [InlineData(nameof(LimitSettings.MaxRequestHeadersBytes), 1000, "MaxRequestHeadersBytes")]
    [InlineData(nameof(LimitSettings.MaxRequestHeaderCount), 4, "MaxRequestHeaderCount")]
    [InlineData(nameof(LimitSettings.RequestTimeoutSeconds), 0, "RequestTimeoutSeconds")]
    public void A_limit_out_of_range_is_named(string setting, int value, string named)
    {
        var property = typeof(LimitSettings).GetProperty(setting)!;
        var limits = new LimitSettings();
        property.SetValue(limits, Convert.ChangeType(value, property.PropertyType, System.Globalization.CultureInfo.InvariantCulture));

        RequestLimits.Validate(limits).Should().Contain(named);
    }

    [Fact]
    public void A_rate_limit_without_permits_or_window_is_named()
    {
        RequestLimits.Validate(new LimitSettings { ShopperWrites = new() { PermitLimit = 0, WindowSeconds = 60 } }).Should().Contain("ShopperWrites");
        RequestLimits.Validate(new LimitSettings { AnonymousPerAddress = new() { PermitLimit = 5, WindowSeconds = 0 } }).Should().Contain("AnonymousPerAddress");
    }

    [Fact]
    public void Header_size_counts_each_line_as_sent()
    {
        var headers = new HeaderDictionary
        {
            ["Host"] = "api", // 4 + 3 + 4
            ["Accept"] = new(["a", "bb"]), // (6 + 1 + 4) + (6 + 2 + 4)
        };

        RequestLimits.HeaderSize(headers).Should().Be((11 + 11 + 12, 3));
    }

    [Theory]
    [InlineData("{}", 1, false)]
    [InlineData("{\"a\":{}}", 1, true)]
    [InlineData("{\"items\":[{\"productId\":\"p\",\"quantity\":1}]}", 3, false)]
    [InlineData("{\"items\":[{\"productId\":\"p\",\"quantity\":1}]}", 2, true)]
    [InlineData("[[[[[[[[1]]]]]]]]", 8, false)]
    [InlineData("[[[[[[[[[1]]]]]]]]]", 8, true)]
    [InlineData("{\"quantity\":1", 1, false)]
    [InlineData("{\"a\":[1,}", 8, false)]
    public void Depth_counts_nested_objects_and_arrays(string json, int maxDepth, bool tooDeep)
    {
        JsonBody.ExceedsDepth(Encoding.UTF8.GetBytes(json), maxDepth).Should().Be(tooDeep);
    }

    [Fact]
    public void Depth_is_found_in_a_body_of_nothing_but_brackets_without_recursion()
    {
        JsonBody.ExceedsDepth(Encoding.UTF8.GetBytes(new string('[', 16 * 1024)), 8).Should().BeTrue();
    }
}
