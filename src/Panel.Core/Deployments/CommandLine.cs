using System.Text;

namespace DropIt.Panel.Core.Deployments;

/// <summary>
/// How a one-off command is started (decision 043). A plain command line (words, quotes, no shell syntax) runs directly
/// as its own process, so images without a shell (distroless, scratch) can run it; anything that needs a shell (pipes,
/// redirections, variables, globs, <c>&amp;&amp;</c>, several lines) runs as <c>/bin/sh -c &lt;command&gt;</c>.
/// </summary>
public static class CommandLine
{
    private const string ShellSyntax = "|&;<>()$`*?[]{}~#!\n\r";

    /// <summary>The process to start: the command's words, or <c>/bin/sh -c &lt;command&gt;</c> when it needs a shell.</summary>
    public static IReadOnlyList<string> Argv(string command)
    {
        ArgumentNullException.ThrowIfNull(command);
        return Split(command) ?? ["/bin/sh", "-c", command];
    }

    /// <summary>What to check when the engine could not start the process of <paramref name="entrypoint"/>.</summary>
    public static string StartHint(IReadOnlyList<string> entrypoint) =>
        entrypoint is ["/bin/sh", ..] or []
            ? "The command uses shell syntax: check that the image has /bin/sh, or write it as a plain command line."
            : $"Check that the image has {entrypoint[0]} on its PATH.";

    /// <summary>How the command is started, for logs: "directly" or "with /bin/sh -c".</summary>
    public static string HowItRuns(IReadOnlyList<string> entrypoint) => entrypoint is ["/bin/sh", ..] ? "/bin/sh -c" : "directly";

    /// <summary>True when the command runs without a shell.</summary>
    public static bool IsDirect(string command) => Split(command) is not null;

    /// <summary>The words of a plain command line, or null when it uses shell syntax.</summary>
    public static IReadOnlyList<string>? Split(string command)
    {
        var words = new List<string>();
        var word = new StringBuilder();
        var inWord = false;
        char? quote = null;
        foreach (var c in command.Trim())
        {
            if (quote is not null)
            {
                if (c == quote)
                {
                    quote = null;
                }
                else if (quote == '"' && c is '$' or '`' or '\\')
                {
                    return null; // double quotes still expand variables: a shell's work
                }
                else
                {
                    word.Append(c);
                }

                continue;
            }

            if (c is '\'' or '"')
            {
                (quote, inWord) = (c, true);
            }
            else if (c is ' ' or '\t')
            {
                if (inWord)
                {
                    words.Add(word.ToString());
                    (word, inWord) = (new StringBuilder(), false);
                }
            }
            else if (ShellSyntax.Contains(c) || c == '\\' || (c == '=' && inWord && words.Count == 0 && IsName(word)))
            {
                return null;
            }
            else
            {
                word.Append(c);
                inWord = true;
            }
        }

        if (quote is not null)
        {
            return null;
        }

        if (inWord)
        {
            words.Add(word.ToString());
        }

        return words.Count == 0 ? null : words;
    }

    // "NAME=value cmd" sets a variable for the command: a shell's work.
    private static bool IsName(StringBuilder word) =>
        word.Length > 0 && (char.IsAsciiLetter(word[0]) || word[0] == '_') && word.ToString().All(ch => char.IsAsciiLetterOrDigit(ch) || ch == '_');
}
