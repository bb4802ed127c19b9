using System.Globalization;

namespace DropIt.Panel.Web.Auth;

/// <summary>The answer of a sign-in form to an address that must wait (<see cref="SignInThrottle"/>).</summary>
internal static class TooManyAttempts
{
    /// <summary>Sets 429 and Retry-After on the response; returns the message for the page.</summary>
    public static string Refuse(HttpContext context, TimeSpan retryAfter)
    {
        var seconds = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds));
        context.Response.StatusCode = StatusCodes.Status429TooManyRequests;
        context.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        return string.Format(CultureInfo.InvariantCulture,
            "Too many attempts from your address. Try again in {0} s.", seconds);
    }
}
