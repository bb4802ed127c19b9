using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace DropIt.Panel.IntegrationTests.Monitoring;

/// <summary>One sample line: its name, its labels and its value.</summary>
public sealed record MetricsSample(string Name, IReadOnlyDictionary<string, string> Labels, double Value);

/// <summary>A metric family: HELP, TYPE and its samples.</summary>
public sealed record MetricsFamily(string Name, string Type, string Help, List<MetricsSample> Samples);

/// <summary>
/// A strict parser of the Prometheus text exposition format (0.0.4): every family has one HELP and one TYPE line before
/// its samples, which follow together; every sample is <c>name{labels} value</c> with a name of its family, label values
/// escaped (<c>\\</c>, <c>\"</c>, <c>\n</c> only), a float value (NaN, +Inf, -Inf allowed) and no series twice.
/// Anything else throws <see cref="FormatException"/> naming the line.
/// </summary>
public static partial class MetricsText
{
    private static readonly string[] Types = ["counter", "gauge", "histogram", "summary", "untyped"];

    public static Dictionary<string, MetricsFamily> Parse(string text)
    {
        var families = new Dictionary<string, MetricsFamily>(StringComparer.Ordinal);
        var helps = new Dictionary<string, string>(StringComparer.Ordinal);
        var series = new HashSet<string>(StringComparer.Ordinal);
        MetricsFamily? open = null;
        if (!text.EndsWith('\n'))
        {
            throw new FormatException("The text does not end with a line feed.");
        }

        var lines = text.Split('\n');
        for (var i = 0; i < lines.Length - 1; i++)
        {
            var line = lines[i];
            var where = $"line {i + 1} \"{line}\"";
            if (line.Length == 0)
            {
                continue;
            }

            if (line.StartsWith("# HELP ", StringComparison.Ordinal))
            {
                var (name, help) = Split(line["# HELP ".Length..], where);
                if (!helps.TryAdd(name, Unescape(help, escapesQuote: false, where)) || families.ContainsKey(name))
                {
                    throw new FormatException($"A second HELP for {name} at {where}.");
                }

                open = null;
                continue;
            }

            if (line.StartsWith("# TYPE ", StringComparison.Ordinal))
            {
                var (name, type) = Split(line["# TYPE ".Length..], where);
                if (!Types.Contains(type) || families.ContainsKey(name) || !helps.TryGetValue(name, out var help))
                {
                    throw new FormatException($"A TYPE without its HELP, repeated or unknown at {where}.");
                }

                families[name] = open = new MetricsFamily(name, type, help, []);
                continue;
            }

            if (line.StartsWith('#'))
            {
                throw new FormatException($"A comment that is neither HELP nor TYPE at {where}.");
            }

            var sample = Sample(line, where);
            if (open is null || !Belongs(open, sample.Name))
            {
                throw new FormatException($"A sample outside its family (no HELP and TYPE just before it) at {where}.");
            }

            var key = sample.Name + "{" + string.Join(",", sample.Labels.OrderBy(l => l.Key, StringComparer.Ordinal)
                .Select(l => $"{l.Key}={l.Value}")) + "}";
            if (!series.Add(key))
            {
                throw new FormatException($"The series {key} appears twice ({where}).");
            }

            open.Samples.Add(sample);
        }

        var empty = helps.Keys.FirstOrDefault(name => !families.ContainsKey(name));
        return empty is null ? families : throw new FormatException($"HELP without TYPE for {empty}.");
    }

    private static bool Belongs(MetricsFamily family, string sample) => family.Type switch
    {
        "histogram" => sample == family.Name + "_bucket" || sample == family.Name + "_sum" || sample == family.Name + "_count",
        "summary" => sample == family.Name || sample == family.Name + "_sum" || sample == family.Name + "_count",
        _ => sample == family.Name,
    };

    private static (string Name, string Text) Split(string text, string where)
    {
        var space = text.IndexOf(' ', StringComparison.Ordinal);
        var name = space < 0 ? text : text[..space];
        return NamePattern().IsMatch(name) ? (name, space < 0 ? "" : text[(space + 1)..]) : throw new FormatException($"Bad name at {where}.");
    }

    private static MetricsSample Sample(string line, string where)
    {
        var name = NameStart().Match(line).Value;
        if (name.Length == 0)
        {
            throw new FormatException($"No metric name at {where}.");
        }

        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        var at = name.Length;
        if (at < line.Length && line[at] == '{')
        {
            at++;
            while (line[at] != '}')
            {
                var label = LabelStart().Match(line, at);
                if (!label.Success || label.Index != at)
                {
                    throw new FormatException($"Bad label name at {where}.");
                }

                at += label.Length;
                var value = new StringBuilder();
                for (; at < line.Length && line[at] != '"'; at++)
                {
                    if (line[at] == '\\')
                    {
                        at++;
                        value.Append(at < line.Length ? line[at] switch
                        {
                            '\\' => '\\',
                            '"' => '"',
                            'n' => '\n',
                            _ => throw new FormatException($"Bad escape in a label value at {where}."),
                        } : throw new FormatException($"Unterminated label value at {where}."));
                    }
                    else
                    {
                        value.Append(line[at]);
                    }
                }

                if (at >= line.Length || !labels.TryAdd(label.Groups[1].Value, value.ToString()))
                {
                    throw new FormatException($"Unterminated or repeated label at {where}.");
                }

                at++;
                if (at < line.Length && line[at] == ',')
                {
                    at++;
                }
                else if (at >= line.Length || line[at] != '}')
                {
                    throw new FormatException($"Expected , or }} after a label at {where}.");
                }
            }

            at++;
        }

        if (at >= line.Length || line[at] != ' ')
        {
            throw new FormatException($"Expected one space before the value at {where}.");
        }

        var parts = line[(at + 1)..].Split(' ');
        if (parts.Length is < 1 or > 2 || (parts.Length == 2 && !long.TryParse(parts[1], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _)))
        {
            throw new FormatException($"Expected a value and an optional timestamp at {where}.");
        }

        var number = parts[0] switch
        {
            "NaN" => double.NaN,
            "+Inf" => double.PositiveInfinity,
            "-Inf" => double.NegativeInfinity,
            var v when FloatPattern().IsMatch(v) => double.Parse(v, NumberStyles.Float, CultureInfo.InvariantCulture),
            _ => throw new FormatException($"Bad value at {where}."),
        };
        return new MetricsSample(name, labels, number);
    }

    /// <summary>HELP text escapes only \\ and \n.</summary>
    private static string Unescape(string text, bool escapesQuote, string where)
    {
        var result = new StringBuilder();
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] != '\\')
            {
                result.Append(text[i]);
                continue;
            }

            i++;
            result.Append(i < text.Length ? text[i] switch
            {
                '\\' => '\\',
                'n' => '\n',
                '"' when escapesQuote => '"',
                _ => throw new FormatException($"Bad escape in HELP at {where}."),
            } : throw new FormatException($"Bad escape in HELP at {where}."));
        }

        return result.ToString();
    }

    [GeneratedRegex("^[a-zA-Z_:][a-zA-Z0-9_:]*$")]
    private static partial Regex NamePattern();

    [GeneratedRegex("^[a-zA-Z_:][a-zA-Z0-9_:]*")]
    private static partial Regex NameStart();

    [GeneratedRegex("\\G([a-zA-Z_][a-zA-Z0-9_]*)=\"")]
    private static partial Regex LabelStart();

    [GeneratedRegex(@"^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$")]
    private static partial Regex FloatPattern();
}
