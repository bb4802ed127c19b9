namespace DropIt.Panel.Core.Registry;

public static class RegistryAddress
{
    /// <summary>"host" or "host:port" as it prefixes an image reference, lower case; null when it is not one.</summary>
    public static string? Normalize(string? input)
    {
        var text = input?.Trim().ToLowerInvariant() ?? "";
        if (text.StartsWith("https://", StringComparison.Ordinal))
        {
            text = text["https://".Length..];
        }

        text = text.TrimEnd('/');
        var colon = text.LastIndexOf(':');
        var host = colon < 0 ? text : text[..colon];
        if (colon >= 0 && (!int.TryParse(text[(colon + 1)..], out var port) || port is < 1 or > 65535))
        {
            return null;
        }

        var valid = host.Length is > 0 and <= 253
            && host.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-')
            && !host.StartsWith('-') && !host.StartsWith('.') && !host.EndsWith('.');
        return valid ? text : null;
    }
}
