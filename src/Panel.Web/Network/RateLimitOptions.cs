using Microsoft.Extensions.Options;

namespace DropIt.Panel.Web.Network;

/// <summary>Requests per minute and client address on the routes anyone may call (section <c>Panel:RateLimits</c>).</summary>
public sealed class RateLimitOptions
{
    public const string Section = "Panel:RateLimits";

    /// <summary>Webhook deliveries (<c>POST /api/webhooks/{id}</c>) per minute from one address.</summary>
    public int WebhooksPerMinute { get; set; } = 60;

    /// <summary>Other anonymous requests (health, ACME challenges) per minute from one address.</summary>
    public int AnonymousPerMinute { get; set; } = 300;
}

/// <summary>Checks <see cref="RateLimitOptions"/> at start-up.</summary>
public sealed class RateLimitOptionsValidator : IValidateOptions<RateLimitOptions>
{
    public ValidateOptionsResult Validate(string? name, RateLimitOptions options)
    {
        var errors = new List<string>();
        if (options.WebhooksPerMinute is < 1 or > 1_000_000)
        {
            errors.Add($"Panel:RateLimits:WebhooksPerMinute is {options.WebhooksPerMinute}; set it between 1 and 1000000 (default 60).");
        }

        if (options.AnonymousPerMinute is < 1 or > 1_000_000)
        {
            errors.Add($"Panel:RateLimits:AnonymousPerMinute is {options.AnonymousPerMinute}; set it between 1 and 1000000 (default 300).");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
