using System.Text.RegularExpressions;
using YamlDotNet.RepresentationModel;

namespace DropIt.Panel.Core.Compose;

/// <summary>
/// Checks the <c>${VAR}</c> of a compose file against its .env, as Docker 20.10 interpolates them at deploy time:
/// the text is never changed here, and no value of the .env reaches a message.
/// </summary>
internal static partial class ComposeVariables
{
    // Docker 20.10 (cli/compose/template): $$, $VAR, ${VAR}, ${VAR:-default}, ${VAR-default}, ${VAR:?error}, ${VAR?error}.
    [GeneratedRegex(@"\$(?:(?<escaped>\$)|(?<name>[_a-zA-Z][_a-zA-Z0-9]*)|\{(?<braced>[_a-zA-Z][_a-zA-Z0-9]*)(?<modifier>:?[-?][^}]*)?\}|(?<invalid>\{[^}]*\}?|))")]
    private static partial Regex Reference();

    public static void Check(YamlNode node, IReadOnlyDictionary<string, string>? environment, ComposeProblems problems)
    {
        var warned = new HashSet<string>(StringComparer.Ordinal);
        Visit(node, environment ?? new Dictionary<string, string>(), problems, warned);
    }

    private static void Visit(YamlNode node, IReadOnlyDictionary<string, string> environment, ComposeProblems problems, HashSet<string> warned)
    {
        switch (node)
        {
            case YamlScalarNode scalar when scalar.Value?.Contains('$') == true:
                CheckText(scalar, environment, problems, warned);
                break;
            case YamlSequenceNode sequence:
                foreach (var child in sequence.Children)
                {
                    Visit(child, environment, problems, warned);
                }

                break;
            case YamlMappingNode mapping:
                foreach (var (key, keyNode, value) in ComposeYaml.Entries(mapping))
                {
                    if (ComposeYaml.IsExtension(key))
                    {
                        continue;
                    }

                    Visit(keyNode, environment, problems, warned);
                    Visit(value, environment, problems, warned);
                }

                break;
        }
    }

    private static void CheckText(YamlScalarNode scalar, IReadOnlyDictionary<string, string> environment, ComposeProblems problems, HashSet<string> warned)
    {
        foreach (Match match in Reference().Matches(scalar.Value!))
        {
            if (match.Groups["invalid"].Success)
            {
                problems.Error(
                    $"'{match.Value}' is not a variable Docker 20.10 can replace: write ${{NAME}}, ${{NAME:-default}} or ${{NAME:?message}}, and $$ for a literal $.",
                    scalar);
                continue;
            }

            var name = match.Groups["name"].Success ? match.Groups["name"].Value : match.Groups["braced"].Value;
            if (name.Length == 0 || environment.ContainsKey(name))
            {
                continue;
            }

            var modifier = match.Groups["modifier"].Value;
            var hasDefault = modifier.StartsWith(":-", StringComparison.Ordinal) || modifier.StartsWith('-');
            if (!hasDefault && warned.Add(name))
            {
                problems.Warn(
                    $"${{{name}}} is not set in the .env and has no default: it will be empty (or stop the deployment when written ${{{name}:?...}}). Add {name} to the .env.",
                    scalar);
            }
        }
    }
}
