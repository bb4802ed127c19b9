using System.Text;

namespace DropIt.Panel.Core.Logs;

/// <summary>A piece of a log line in one style: colours 0–15 (-1: the default), bold, dim, italic, underline.</summary>
public readonly record struct AnsiSpan(string Text, int Foreground = -1, int Background = -1, AnsiStyle Style = AnsiStyle.None)
{
    /// <summary>CSS classes for the style (<c>ansi-fg-1 ansi-bold</c>), null for plain text.</summary>
    public string? ClassName
    {
        get
        {
            if (Foreground < 0 && Background < 0 && Style == AnsiStyle.None)
            {
                return null;
            }

            var classes = new List<string>(4);
            if (Foreground >= 0)
            {
                classes.Add($"ansi-fg-{Foreground}");
            }

            if (Background >= 0)
            {
                classes.Add($"ansi-bg-{Background}");
            }

            foreach (var (flag, name) in new[] { (AnsiStyle.Bold, "ansi-bold"), (AnsiStyle.Dim, "ansi-dim"),
                         (AnsiStyle.Italic, "ansi-italic"), (AnsiStyle.Underline, "ansi-underline") })
            {
                if (Style.HasFlag(flag))
                {
                    classes.Add(name);
                }
            }

            return string.Join(' ', classes);
        }
    }
}

/// <summary>Text attributes of SGR escape codes.</summary>
[Flags]
public enum AnsiStyle
{
    None = 0,
    Bold = 1,
    Dim = 2,
    Italic = 4,
    Underline = 8,
}

/// <summary>
/// Reads the colours of a log line (ANSI SGR codes: 8 and 16 colours, bold, dim, italic, underline; 256 colours and
/// RGB are brought to the nearest of the 16) into plain-text spans. Every other escape sequence and control
/// character is dropped. The spans are text, to be HTML-encoded like any other.
/// </summary>
public static class AnsiText
{
    public static IReadOnlyList<AnsiSpan> Parse(string line)
    {
        if (!NeedsParsing(line))
        {
            return [new AnsiSpan(line)];
        }

        var spans = new List<AnsiSpan>();
        var text = new StringBuilder(line.Length);
        var state = new AnsiSpan("");
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            if (c == '\x1b')
            {
                var end = SequenceEnd(line, i, out var isSgr);
                if (isSgr)
                {
                    Flush(spans, text, state);
                    state = Sgr.Apply(state, line.AsSpan(i + 2, end - i - 2));
                }

                i = end;
            }
            else if (c >= ' ' && c != '\x7f' || c == '\t')
            {
                text.Append(c);
            }
        }

        Flush(spans, text, state);
        return spans;
    }

    /// <summary>The text of a line without its escape sequences and control characters.</summary>
    public static string Strip(string line) =>
        NeedsParsing(line) ? string.Concat(Parse(line).Select(s => s.Text)) : line;

    private static bool NeedsParsing(string line)
    {
        foreach (var c in line)
        {
            if (c < ' ' && c != '\t' || c == '\x7f')
            {
                return true;
            }
        }

        return false;
    }

    private static void Flush(List<AnsiSpan> spans, StringBuilder text, AnsiSpan state)
    {
        if (text.Length > 0)
        {
            spans.Add(state with { Text = text.ToString() });
            text.Clear();
        }
    }

    // The index of the last character of the escape sequence starting at `start`.
    private static int SequenceEnd(string line, int start, out bool isSgr)
    {
        isSgr = false;
        if (start + 1 >= line.Length)
        {
            return start;
        }

        switch (line[start + 1])
        {
            case '[':
                for (var j = start + 2; j < line.Length; j++)
                {
                    if (line[j] is >= '@' and <= '~')
                    {
                        isSgr = line[j] == 'm';
                        return j;
                    }
                }

                return line.Length - 1;
            case ']':
                for (var j = start + 2; j < line.Length; j++)
                {
                    if (line[j] == '\a')
                    {
                        return j;
                    }

                    if (line[j] == '\x1b' && j + 1 < line.Length && line[j + 1] == '\\')
                    {
                        return j + 1;
                    }
                }

                return line.Length - 1;
            default:
                // ESC, intermediate bytes (charset choices like ESC ( B), one final byte.
                var end = start + 1;
                while (end < line.Length - 1 && line[end] is >= ' ' and <= '/')
                {
                    end++;
                }

                return end;
        }
    }
}
