using System.Text.RegularExpressions;

namespace DropIt.Panel.Core.Logs;

/// <summary>A search in log lines: a piece of text in any case, or a regular expression that cannot run away.</summary>
public sealed class LogSearch
{
    /// <summary>How long one line may take a regular expression before the search gives up.</summary>
    public static readonly TimeSpan MatchTimeout = TimeSpan.FromMilliseconds(250);

    private readonly string? text;
    private readonly Regex? pattern;

    private LogSearch(string? text, Regex? pattern)
    {
        this.text = text;
        this.pattern = pattern;
    }

    /// <summary>The search of a query, or null when it searches nothing.</summary>
    /// <exception cref="LogSearchException">The regular expression is invalid or uses what cannot run in linear time.</exception>
    public static LogSearch? For(LogQuery query) => Create(query.Search, query.Regex);

    /// <inheritdoc cref="For"/>
    public static LogSearch? Create(string? search, bool regex)
    {
        if (string.IsNullOrEmpty(search))
        {
            return null;
        }

        if (!regex)
        {
            return new LogSearch(search, null);
        }

        try
        {
            // No backtracking: the time taken grows with the line, whatever the pattern.
            return new LogSearch(null, new Regex(search,
                RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.NonBacktracking, MatchTimeout));
        }
        catch (ArgumentException e)
        {
            throw new LogSearchException($"The search is not a valid regular expression: {e.Message}");
        }
        catch (NotSupportedException)
        {
            throw new LogSearchException(
                "The search uses a construct that log searches do not support (back-references, look-arounds, atomic groups).");
        }
    }

    /// <summary>The error of a search, or null when it can run.</summary>
    public static string? Check(string? search, bool regex)
    {
        try
        {
            Create(search, regex);
            return null;
        }
        catch (LogSearchException e)
        {
            return e.Message;
        }
    }

    public bool IsMatch(string line)
    {
        if (pattern is null)
        {
            return line.Contains(text!, StringComparison.OrdinalIgnoreCase);
        }

        try
        {
            return pattern.IsMatch(line);
        }
        catch (RegexMatchTimeoutException)
        {
            throw new LogSearchException("The regular expression takes too long on a line: make it simpler.");
        }
    }
}

/// <summary>A search that cannot run; the message says why.</summary>
public sealed class LogSearchException(string message) : Exception(message);
