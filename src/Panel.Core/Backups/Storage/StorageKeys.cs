namespace DropIt.Panel.Core.Backups.Storage;

/// <summary>
/// Object keys of a destination: its prefix (no leading '/', ending with '/' when set) followed by a relative key
/// made of plain segments ("daily/2026-12-01.tar.zst"). The same rules hold for S3 and folders, so a key that is safe
/// in one is safe in the other.
/// </summary>
public static class StorageKeys
{
    /// <summary>"/backups" and "backups" become "backups/"; "", "/" and null become "".</summary>
    public static string NormalizePrefix(string? prefix)
    {
        var trimmed = (prefix ?? "").Trim().TrimStart('/');
        if (trimmed.Length == 0)
        {
            return "";
        }

        var normalized = trimmed.EndsWith('/') ? trimmed : trimmed + "/";
        CheckSegments(normalized[..^1], "prefix");
        return normalized;
    }

    /// <summary>The full key of <paramref name="key"/> under <paramref name="prefix"/>; rejects keys that could escape it.</summary>
    public static string Combine(string? prefix, string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        CheckSegments(key, "key");
        return NormalizePrefix(prefix) + key;
    }

    private static void CheckSegments(string value, string what)
    {
        if (value.Length == 0 || value.StartsWith('/') || value.Contains('\\') || value.Contains('\0'))
        {
            throw new BackupStoreException(
                $"The backup {what} \"{value}\" is not a relative path of '/'-separated names (empty, absolute or with a backslash).");
        }

        foreach (var segment in value.Split('/'))
        {
            if (segment is "" or "." or "..")
            {
                throw new BackupStoreException(
                    $"The backup {what} \"{value}\" has an empty, '.' or '..' segment; keys must stay inside the destination.");
            }
        }
    }
}
