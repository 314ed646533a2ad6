using System.Globalization;
using System.Net;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace BStore.Api.Hosting;

/// <summary>
/// Rate limits under /api (BStore:Limits): a signed-in shopper's writes count against their own bucket (token
/// <c>sub</c>), so one shopper's burst never slows another; every request without a valid token (catalog, config,
/// refused tokens) counts against its client address. Reads by a signed-in shopper are not limited here. A refused
/// request is a 429 problem with Retry-After. The buckets live in this process: in AWS each Lambda instance keeps
/// its own, and API Gateway's stage throttling (stacks/config) caps the whole API (ADR 0011).
/// </summary>
public static class RateLimits
{
    /// <summary>How often the partitioned limiter refills its buckets; refills cannot be finer than this.</summary>
    private static readonly TimeSpan Heartbeat = TimeSpan.FromMilliseconds(100);

    /// <summary>The limits are BStore:Limits, bound by <see cref="RequestLimits.AddRequestLimits"/>.</summary>
    public static IHostApplicationBuilder AddApiRateLimits(this IHostApplicationBuilder builder)
    {
        builder.Services.AddRateLimiter(_ => { });
        builder.Services.AddOptions<RateLimiterOptions>().Configure<IOptions<LimitSettings>>((options, settings) =>
        {
            var limits = settings.Value;
            var shopperWrites = Bucket(limits.ShopperWrites);
            var anonymous = Bucket(limits.AnonymousPerAddress);
            options.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            options.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(context =>
            {
                if (!context.Request.Path.StartsWithSegments("/api") || HttpMethods.IsOptions(context.Request.Method))
                {
                    return RateLimitPartition.GetNoLimiter("");
                }
                if (context.User.FindFirst("sub")?.Value is { Length: > 0 } sub)
                {
                    return IsWrite(context.Request.Method)
                        ? RateLimitPartition.GetTokenBucketLimiter("shopper:" + sub, _ => shopperWrites)
                        : RateLimitPartition.GetNoLimiter("");
                }
                var address = ClientAddress(context.Connection.RemoteIpAddress, context.Request.Headers["X-Forwarded-For"], limits.TrustForwardedFor);
                return RateLimitPartition.GetTokenBucketLimiter("address:" + address, _ => anonymous);
            });
            options.OnRejected = (rejected, _) =>
            {
                var seconds = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter)
                    ? RetryAfterSeconds(retryAfter)
                    : 1;
                return new ValueTask(RequestLimits.WriteProblemAsync(rejected.HttpContext, StatusCodes.Status429TooManyRequests, "Too many requests",
                    $"Slow down: try again in {seconds.ToString(CultureInfo.InvariantCulture)} s.", seconds));
            };
        });
        return builder;
    }

    internal static bool IsWrite(string method) =>
        HttpMethods.IsPost(method) || HttpMethods.IsPut(method) || HttpMethods.IsPatch(method) || HttpMethods.IsDelete(method);

    /// <summary>
    /// The address a request is counted against. Behind API Gateway every connection comes from the Lambda Web
    /// Adapter on loopback, and API Gateway appends the address it saw to X-Forwarded-For: only that last entry is
    /// trustworthy (earlier ones are what the client wrote). Elsewhere the header is ignored.
    /// </summary>
    internal static string ClientAddress(IPAddress? connection, Microsoft.Extensions.Primitives.StringValues forwardedFor, bool trustForwardedFor)
    {
        if (trustForwardedFor && forwardedFor.Count > 0)
        {
            var last = forwardedFor[^1] ?? "";
            var entry = last[(last.LastIndexOf(',') + 1)..].Trim();
            if (IPAddress.TryParse(entry, out var forwarded))
            {
                return Normalize(forwarded);
            }
        }
        return connection is null ? "unknown" : Normalize(connection);
    }

    internal static int RetryAfterSeconds(TimeSpan retryAfter) => Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds));

    /// <summary>PermitLimit tokens per WindowSeconds, refilled evenly, in steps no finer than the limiter's heartbeat.</summary>
    internal static TokenBucketRateLimiterOptions Bucket(RateLimitSettings settings)
    {
        var window = TimeSpan.FromSeconds(settings.WindowSeconds);
        var tokensPerPeriod = Math.Max(1, (int)Math.Ceiling(Heartbeat * settings.PermitLimit / window));
        return new TokenBucketRateLimiterOptions
        {
            TokenLimit = settings.PermitLimit,
            TokensPerPeriod = tokensPerPeriod,
            ReplenishmentPeriod = window * tokensPerPeriod / settings.PermitLimit,
            QueueLimit = 0,
            AutoReplenishment = false,
        };
    }

    internal static string? Validate(string name, RateLimitSettings settings) =>
        settings.PermitLimit < 1 || settings.WindowSeconds < 1 ? $"{name} needs a PermitLimit and a WindowSeconds of at least 1." : null;

    // IPv4 clients reached over IPv6 sockets count as their IPv4 address; a whole IPv6 /64 is one client, as one
    // device or network typically holds all of it.
    private static string Normalize(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }
        if (address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6)
        {
            var bytes = address.GetAddressBytes();
            Array.Clear(bytes, 8, 8);
            return new IPAddress(bytes) + "/64";
        }
        return address.ToString();
    }
}
