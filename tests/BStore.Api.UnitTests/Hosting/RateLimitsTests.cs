using System.Net;
using System.Threading.RateLimiting;
using BStore.Api.Hosting;
using Microsoft.Extensions.Primitives;

namespace BStore.Api.UnitTests.Hosting;

public class RateLimitsTests
{
    private static readonly IPAddress Connection = IPAddress.Loopback;

    [Fact]
    public void Without_trust_the_forwarded_header_is_ignored()
    {
        RateLimits.ClientAddress(Connection, new StringValues("203.0.113.7"), trustForwardedFor: false).Should().Be("127.0.0.1");
    }

    [Theory]
    [InlineData("203.0.113.7", "203.0.113.7")]
    [InlineData("1.2.3.4, 203.0.113.7", "203.0.113.7")]
    [InlineData("forged, 1.2.3.4 ,  203.0.113.7 ", "203.0.113.7")]
    [InlineData("::ffff:203.0.113.7", "203.0.113.7")]
    public void With_trust_the_last_forwarded_entry_counts_as_API_Gateway_appends_it(string header, string expected)
    {
        RateLimits.ClientAddress(Connection, new StringValues(header), trustForwardedFor: true).Should().Be(expected);
    }

    [Fact]
    public void With_trust_the_last_of_several_forwarded_headers_counts()
    {
        RateLimits.ClientAddress(Connection, new StringValues(["198.51.100.1", "203.0.113.7"]), trustForwardedFor: true).Should().Be("203.0.113.7");
    }

    [Theory]
    [InlineData("")]
    [InlineData("not-an-address")]
    [InlineData("203.0.113.7, garbage")]
    public void An_unusable_forwarded_header_falls_back_to_the_connection(string header)
    {
        RateLimits.ClientAddress(Connection, new StringValues(header), trustForwardedFor: true).Should().Be("127.0.0.1");
    }

    [Fact]
    public void An_IPv6_client_counts_as_its_64_bit_prefix()
    {
        var one = RateLimits.ClientAddress(IPAddress.Parse("2001:db8:1:2:aaaa::1"), default, false);
        var other = RateLimits.ClientAddress(IPAddress.Parse("2001:db8:1:2:bbbb::2"), default, false);
        var elsewhere = RateLimits.ClientAddress(IPAddress.Parse("2001:db8:1:3::1"), default, false);

        one.Should().Be(other).And.Be("2001:db8:1:2::/64");
        elsewhere.Should().NotBe(one);
    }

    [Fact]
    public void No_connection_address_is_one_shared_bucket()
    {
        RateLimits.ClientAddress(null, default, false).Should().Be("unknown");
    }

    [Theory]
    [InlineData("POST", true)]
    [InlineData("put", true)]
    [InlineData("PATCH", true)]
    [InlineData("DELETE", true)]
    [InlineData("GET", false)]
    [InlineData("HEAD", false)]
    [InlineData("OPTIONS", false)]
    public void Writes_are_the_methods_that_change_data(string method, bool write)
    {
        RateLimits.IsWrite(method).Should().Be(write);
    }

    [Theory]
    [InlineData(60, 60, 1, 1000)]
    [InlineData(3, 3600, 1, 1_200_000)]
    [InlineData(300, 60, 1, 200)]
    [InlineData(6000, 60, 10, 100)]
    [InlineData(100000, 60, 167, 100)]
    public void A_bucket_holds_the_permit_limit_and_refills_it_evenly_over_the_window(int permits, int windowSeconds, int tokensPerPeriod, int periodMs)
    {
        var bucket = RateLimits.Bucket(new RateLimitSettings { PermitLimit = permits, WindowSeconds = windowSeconds });

        bucket.TokenLimit.Should().Be(permits);
        bucket.TokensPerPeriod.Should().Be(tokensPerPeriod);
        bucket.ReplenishmentPeriod.TotalMilliseconds.Should().BeApproximately(periodMs, 0.5);
        (bucket.TokensPerPeriod * (TimeSpan.FromSeconds(windowSeconds) / bucket.ReplenishmentPeriod)).Should().BeApproximately(permits, 0.01);
        bucket.QueueLimit.Should().Be(0, "a request over the limit is refused, not held");
    }

    [Fact]
    public void An_exhausted_bucket_says_when_to_retry()
    {
        using var limiter = new TokenBucketRateLimiter(RateLimits.Bucket(new RateLimitSettings { PermitLimit = 2, WindowSeconds = 60 }));

        limiter.AttemptAcquire().IsAcquired.Should().BeTrue();
        limiter.AttemptAcquire().IsAcquired.Should().BeTrue();
        using var refused = limiter.AttemptAcquire();

        refused.IsAcquired.Should().BeFalse();
        refused.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter).Should().BeTrue();
        RateLimits.RetryAfterSeconds(retryAfter).Should().Be(30);
    }

    [Theory]
    [InlineData(0, 1)]
    [InlineData(0.2, 1)]
    [InlineData(1, 1)]
    [InlineData(1.01, 2)]
    [InlineData(1200, 1200)]
    public void Retry_after_is_whole_seconds_rounded_up_and_at_least_one(double seconds, int expected)
    {
        RateLimits.RetryAfterSeconds(TimeSpan.FromSeconds(seconds)).Should().Be(expected);
    }
}
