namespace DropIt.Panel.Core.Cluster;

/// <summary>
/// Command lines for the server's POSIX shell. SSH carries one string, so every argument is quoted here (single
/// quotes, a quote inside written as <c>'\''</c>); nothing typed by a person reaches the shell unquoted.
/// </summary>
public static class JoinShell
{
    public static string Quote(string argument) =>
        argument.Length > 0 && argument.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or '/' or ':' or '=' or ',' or '@')
            ? argument
            : "'" + argument.Replace("'", "'\\''", StringComparison.Ordinal) + "'";

    public static string Command(params string[] arguments) => string.Join(' ', arguments.Select(Quote));

    /// <summary>A script run by <c>sh -c</c>, as root: directly for root, else through <c>sudo -n</c> (no password prompt).</summary>
    public static string AsRoot(string script, bool isRoot) =>
        isRoot ? Command("sh", "-c", script) : Command("sudo", "-n", "sh", "-c", script);
}
