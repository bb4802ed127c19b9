using System.Text;
using DropIt.Panel.Core.Docker;

namespace DropIt.Panel.Core.Compose;

/// <summary>
/// Replaces the <c>${VAR}</c> of a compose value with the .env's values as Docker 20.10 does at deploy time
/// (cli/compose/template): <c>$$</c>, <c>$VAR</c>, <c>${VAR}</c>, <c>${VAR:-default}</c>, <c>${VAR-default}</c>,
/// <c>${VAR:?message}</c>, <c>${VAR?message}</c>. For what the panel runs itself from a compose service (the release
/// command, decision 044), so that it sees the same values as the stack's containers. No value reaches a message.
/// </summary>
public static class ComposeInterpolation
{
    /// <summary>The text with its variables replaced. Throws <see cref="BuildFailedException"/> for a required variable that is not set.</summary>
    public static string Apply(string text, IReadOnlyDictionary<string, string> environment)
    {
        if (!text.Contains('$'))
        {
            return text;
        }

        var result = new StringBuilder(text.Length);
        var i = 0;
        while (i < text.Length)
        {
            var c = text[i];
            if (c != '$' || i + 1 >= text.Length)
            {
                result.Append(c);
                i++;
                continue;
            }

            var next = text[i + 1];
            if (next == '$')
            {
                result.Append('$');
                i += 2;
            }
            else if (next == '{' && text.IndexOf('}', i + 2) is var end and > 0)
            {
                result.Append(Braced(text[(i + 2)..end], environment));
                i = end + 1;
            }
            else if (IsNameStart(next))
            {
                var start = i + 1;
                var stop = start;
                while (stop < text.Length && IsNamePart(text[stop]))
                {
                    stop++;
                }

                result.Append(environment.GetValueOrDefault(text[start..stop]) ?? "");
                i = stop;
            }
            else
            {
                // The file check refuses such a '$' before a deployment; kept as written.
                result.Append(c);
                i++;
            }
        }

        return result.ToString();
    }

    private static string Braced(string inside, IReadOnlyDictionary<string, string> environment)
    {
        var length = 0;
        while (length < inside.Length && IsNamePart(inside[length]))
        {
            length++;
        }

        var name = inside[..length];
        var modifier = inside[length..];
        var set = environment.TryGetValue(name, out var value);
        var nonEmpty = set && value!.Length > 0;
        if (modifier.StartsWith(":-", StringComparison.Ordinal))
        {
            return nonEmpty ? value! : modifier[2..];
        }

        if (modifier.StartsWith('-'))
        {
            return set ? value! : modifier[1..];
        }

        if (modifier.StartsWith(":?", StringComparison.Ordinal) && !nonEmpty || modifier.StartsWith('?') && !set)
        {
            var message = modifier.TrimStart(':')[1..];
            throw new BuildFailedException(
                $"The compose file requires {name}{(message.Length > 0 ? $" ({message})" : "")}, which the .env does not set. Add {name} to the .env.");
        }

        return set ? value! : "";
    }

    private static bool IsNameStart(char c) => char.IsAsciiLetter(c) || c == '_';

    private static bool IsNamePart(char c) => char.IsAsciiLetterOrDigit(c) || c == '_';
}
