namespace DropIt.Panel.Core.Common;

/// <summary>Search terms for SQL LIKE over upper-cased columns, with the wildcards a user typed taken literally.</summary>
public static class LikePattern
{
    public const string Escape = "\\";

    /// <summary>"%TERM%" for a search that matches any part of a value, whatever its case.</summary>
    public static string Contains(string search) => $"%{EscapeWildcards(search.Trim().ToUpperInvariant())}%";

    internal static string EscapeWildcards(string value) =>
        value.Replace("\\", "\\\\").Replace("%", "\\%").Replace("_", "\\_");
}
