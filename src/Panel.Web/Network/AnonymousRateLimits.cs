using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace DropIt.Panel.Web.Network;

/// <summary>
/// Rate limits of the routes anyone may call, per client address (an IPv6 client per /64, what one host
/// usually holds): a fixed window of one minute; past it, 429 with Retry-After and nothing else done.
/// </summary>
public static class AnonymousRateLimits
{
    /// <summary>Policy of webhook deliveries (<see cref="RateLimitOptions.WebhooksPerMinute"/>).</summary>
    public const string Webhooks = "webhooks";

    /// <summary>Policy of other anonymous routes: health, ACME challenges (<see cref="RateLimitOptions.AnonymousPerMinute"/>).</summary>
    public const string Anonymous = "anonymous";

    private static readonly TimeSpan Window = TimeSpan.FromMinutes(1);

    public static IServiceCollection AddAnonymousRateLimits(this IServiceCollection services)
    {
        services.AddOptions<RateLimitOptions>().BindConfiguration(RateLimitOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<RateLimitOptions>, RateLimitOptionsValidator>();
        services.AddRateLimiter(o =>
        {
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            o.OnRejected = RejectAsync;
            o.AddPolicy(Webhooks, context => PerAddress(context, Webhooks, limits => limits.WebhooksPerMinute));
            o.AddPolicy(Anonymous, context => PerAddress(context, Anonymous, limits => limits.AnonymousPerMinute));
        });
        return services;
    }

    /// <summary>The partition of a client: its address, or its /64 network for IPv6.</summary>
    public static string ClientKey(IPAddress? address)
    {
        if (address is null)
        {
            return "unknown";
        }

        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        return address.AddressFamily == AddressFamily.InterNetworkV6 && !IPAddress.IsLoopback(address)
            ? new IPNetwork(address, 64).BaseAddress + "/64"
            : address.ToString();
    }

    private static RateLimitPartition<string> PerAddress(HttpContext context, string policy, Func<RateLimitOptions, int> permits)
    {
        var limits = context.RequestServices.GetRequiredService<IOptions<RateLimitOptions>>().Value;
        return RateLimitPartition.GetFixedWindowLimiter(policy + " " + ClientKey(context.Connection.RemoteIpAddress),
            _ => new FixedWindowRateLimiterOptions { PermitLimit = permits(limits), Window = Window, QueueLimit = 0 });
    }

    private static async ValueTask RejectAsync(OnRejectedContext rejected, CancellationToken cancellationToken)
    {
        var seconds = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter)
            ? Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds))
            : (int)Window.TotalSeconds;
        var context = rejected.HttpContext;
        context.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        await TypedResults.Problem($"Too many requests from this address; retry in {seconds} s.",
            statusCode: StatusCodes.Status429TooManyRequests, title: "Too many requests").ExecuteAsync(context);
    }
}
