using System.Globalization;
using System.Text.RegularExpressions;
using Newtonsoft.Json.Linq;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace DropIt.Panel.Core.Routing.Traefik;

/// <summary>
/// Turns a YAML document into JSON for schema validation, straight from the parser's events. Plain scalars are typed
/// as YAML 1.2's core schema reads them (null, booleans, integers, floats); quoted scalars stay strings. Anchors and
/// aliases are refused: the panel never writes them.
/// </summary>
internal static partial class YamlJson
{
    /// <summary>The document's content; null when the text holds no document (empty or only comments).</summary>
    /// <exception cref="YamlException">The text is not YAML, holds several documents, repeats a key or uses an alias.</exception>
    public static JToken? Parse(string yaml)
    {
        using var reader = new StringReader(yaml);
        var parser = new Parser(reader);
        parser.Consume<StreamStart>();
        if (parser.TryConsume<StreamEnd>(out _))
        {
            return null;
        }

        parser.Consume<DocumentStart>();
        var root = parser.Accept<DocumentEnd>(out _) ? JValue.CreateNull() : Node(parser);
        parser.Consume<DocumentEnd>();
        if (!parser.TryConsume<StreamEnd>(out _))
        {
            throw new YamlException("the file holds more than one YAML document.");
        }

        return root;
    }

    private static JToken Node(IParser parser)
    {
        if (parser.TryConsume<Scalar>(out var scalar))
        {
            return Scalar(scalar);
        }

        if (parser.TryConsume<SequenceStart>(out _))
        {
            var array = new JArray();
            while (!parser.TryConsume<SequenceEnd>(out _))
            {
                array.Add(Node(parser));
            }

            return array;
        }

        if (parser.TryConsume<MappingStart>(out _))
        {
            var mapping = new JObject();
            while (!parser.TryConsume<MappingEnd>(out _))
            {
                var key = parser.Consume<Scalar>();
                if (mapping.ContainsKey(key.Value))
                {
                    throw new YamlException(key.Start, key.End, $"the key \"{key.Value}\" is repeated.");
                }

                mapping[key.Value] = Node(parser);
            }

            return mapping;
        }

        var other = parser.Consume<ParsingEvent>();
        throw new YamlException(other.Start, other.End, "anchors, aliases and complex keys are not used in Traefik files.");
    }

    private static JValue Scalar(Scalar scalar)
    {
        var text = scalar.Value;
        if (!scalar.IsPlainImplicit || scalar.Style != ScalarStyle.Plain)
        {
            return new JValue(text);
        }

        switch (text)
        {
            case "" or "~" or "null" or "Null" or "NULL":
                return JValue.CreateNull();
            case "true" or "True" or "TRUE":
                return new JValue(true);
            case "false" or "False" or "FALSE":
                return new JValue(false);
        }

        if (IntegerPattern().IsMatch(text) && long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var integer))
        {
            return new JValue(integer);
        }

        return FloatPattern().IsMatch(text) && double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number)
            ? new JValue(number)
            : new JValue(text);
    }

    [GeneratedRegex("^[-+]?[0-9]+\\z", RegexOptions.CultureInvariant)]
    private static partial Regex IntegerPattern();

    [GeneratedRegex("^[-+]?(\\.[0-9]+|[0-9]+(\\.[0-9]*)?)([eE][-+]?[0-9]+)?\\z", RegexOptions.CultureInvariant)]
    private static partial Regex FloatPattern();
}
