namespace DropIt.Panel.Web.Auth;

internal static class LocalUrl
{
    /// <summary>A return address is followed only when it stays on this panel (no open redirect).</summary>
    public static string OrDefault(string? returnUrl) =>
        !string.IsNullOrEmpty(returnUrl) && returnUrl.StartsWith('/') && !returnUrl.StartsWith("//", StringComparison.Ordinal)
        && !returnUrl.StartsWith("/\\", StringComparison.Ordinal) && !returnUrl.StartsWith("/account", StringComparison.Ordinal)
            ? returnUrl
            : "/projects";
}
