using System.Text;

namespace DropIt.Panel.Core.Deployments;

/// <summary>
/// Reads the text of a <c>.env</c> file: <c>KEY=value</c> lines, <c># comments</c>, an optional
/// <c>export </c> prefix, single-quoted (literal) and double-quoted (escaped, multi-line) values.
/// </summary>
/// <remarks>Error messages name the line and the problem, never the value: values are secrets.</remarks>
public static class DotEnv
{
    /// <summary>Parses <paramref name="text"/>; a bad line is reported in the errors and skipped.</summary>
    public static DotEnvResult Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);

        var lines = text.TrimStart('\uFEFF').Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n').Split('\n');
        var variables = new List<KeyValuePair<string, string>>();
        var positions = new Dictionary<string, int>(StringComparer.Ordinal);
        var errors = new List<string>();

        for (var index = 0; index < lines.Length; index++)
        {
            var lineNumber = index + 1;
            var line = lines[index].TrimStart();
            if (line.Length == 0 || line[0] == '#')
            {
                continue;
            }

            if (line.StartsWith("export ", StringComparison.Ordinal) || line.StartsWith("export\t", StringComparison.Ordinal))
            {
                line = line[7..].TrimStart();
            }

            var equals = line.IndexOf('=', StringComparison.Ordinal);
            if (equals < 0)
            {
                errors.Add($"Line {lineNumber}: expected KEY=value but there is no '='.");
                continue;
            }

            var key = line[..equals].Trim();
            if (key.Length == 0)
            {
                errors.Add($"Line {lineNumber}: the name is missing before '='.");
                continue;
            }

            if (!IsValidKey(key))
            {
                errors.Add($"Line {lineNumber}: invalid name; a name starts with a letter or '_' and contains only letters, digits, '_', '.' or '-'.");
                continue;
            }

            var (value, error, lastLine) = ReadValue(lines, index, line[(equals + 1)..]);
            if (error is not null)
            {
                errors.Add($"Line {lineNumber}: {error}");
                continue;
            }

            index = lastLine;
            if (positions.TryGetValue(key, out var position))
            {
                variables[position] = new(key, value!);
            }
            else
            {
                positions[key] = variables.Count;
                variables.Add(new(key, value!));
            }
        }

        return new DotEnvResult(variables, errors);
    }

    /// <summary>True when <paramref name="key"/> matches <c>^[A-Za-z_][A-Za-z0-9_.-]*$</c>.</summary>
    public static bool IsValidKey(string? key)
    {
        if (string.IsNullOrEmpty(key) || !(char.IsAsciiLetter(key[0]) || key[0] == '_'))
        {
            return false;
        }

        foreach (var c in key)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '_' or '.' or '-'))
            {
                return false;
            }
        }

        return true;
    }

    private static (string? Value, string? Error, int LastLine) ReadValue(string[] lines, int index, string raw)
    {
        var value = raw.TrimStart(' ', '\t');
        if (value.Length == 0)
        {
            return (string.Empty, null, index);
        }

        if (value[0] == '\'')
        {
            var close = value.IndexOf('\'', 1);
            return close < 0
                ? (null, "the single-quoted value has no closing quote.", index)
                : CheckRest(value[(close + 1)..], value[1..close], index);
        }

        if (value[0] == '"')
        {
            return ReadDoubleQuoted(lines, index, value[1..]);
        }

        // An unquoted value ends at a '#' preceded by a space or a tab: "KEY= # note" is empty.
        for (var i = 1; i < raw.Length; i++)
        {
            if (raw[i] == '#' && raw[i - 1] is ' ' or '\t')
            {
                return (raw[..i].Trim(), null, index);
            }
        }

        return (value.TrimEnd(), null, index);
    }

    private static (string? Value, string? Error, int LastLine) ReadDoubleQuoted(string[] lines, int index, string text)
    {
        var builder = new StringBuilder();
        for (var current = index; current < lines.Length; current++)
        {
            if (current > index)
            {
                builder.Append('\n');
                text = lines[current];
            }

            for (var i = 0; i < text.Length; i++)
            {
                var c = text[i];
                if (c == '"')
                {
                    return CheckRest(text[(i + 1)..], builder.ToString(), current);
                }

                if (c == '\\' && i + 1 < text.Length)
                {
                    i++;
                    builder.Append(text[i] switch
                    {
                        'n' => "\n",
                        't' => "\t",
                        '"' => "\"",
                        '\\' => "\\",
                        var other => "\\" + other,
                    });
                    continue;
                }

                builder.Append(c);
            }
        }

        return (null, "the double-quoted value has no closing quote.", index);
    }

    private static (string? Value, string? Error, int LastLine) CheckRest(string rest, string value, int lastLine)
    {
        var trimmed = rest.TrimStart();
        return trimmed.Length == 0 || trimmed[0] == '#'
            ? (value, null, lastLine)
            : (null, "unexpected text after the closing quote.", lastLine);
    }
}

/// <summary>The variables read from a <c>.env</c> file, in file order, and the lines that were refused.</summary>
/// <param name="Variables">One entry per name; when a name is repeated the last value wins.</param>
/// <param name="Errors">One message per refused line, starting with <c>Line N:</c>.</param>
public sealed record DotEnvResult(IReadOnlyList<KeyValuePair<string, string>> Variables, IReadOnlyList<string> Errors);
