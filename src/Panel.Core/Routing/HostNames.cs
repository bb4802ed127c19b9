using System.Globalization;
using System.Text.RegularExpressions;

namespace DropIt.Panel.Core.Routing;

/// <summary>Checks host names and turns internationalised ones into punycode.</summary>
public static partial class HostNames
{
    private static readonly IdnMapping Idn = new() { UseStd3AsciiRules = true };

    public static bool TryNormalize(string input, out string? ascii, out string? error)
    {
        ascii = null;
        var host = input.Trim().TrimEnd('.');
        if (host.Length == 0)
        {
            error = "a host name is needed, such as app.example.com.";
            return false;
        }

        if (host.Contains("://", StringComparison.Ordinal) || host.Contains('/') || host.Contains(':'))
        {
            error = $"\"{input}\" is not a bare host name: leave out the scheme, port and path (app.example.com).";
            return false;
        }

        try
        {
            ascii = Idn.GetAscii(host.Normalize().ToLowerInvariant()).ToLowerInvariant();
        }
        catch (ArgumentException)
        {
            error = $"\"{input}\" is not a valid host name: use letters, digits and hyphens, in labels separated by dots.";
            return false;
        }

        if (ascii.Length > Domain.HostMaxLength || !ascii.Contains('.') || !HostPattern().IsMatch(ascii))
        {
            ascii = null;
            error = $"\"{input}\" is not a valid host name: it needs at least two labels (example.com), each of 1 to 63 letters, digits or hyphens.";
            return false;
        }

        error = null;
        return true;
    }

    [GeneratedRegex("^(?!-)[a-z0-9-]{1,63}(?<!-)(\\.(?!-)[a-z0-9-]{1,63}(?<!-))+$")]
    private static partial Regex HostPattern();
}
