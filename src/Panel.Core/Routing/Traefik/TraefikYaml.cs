using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace DropIt.Panel.Core.Routing.Traefik;

/// <summary>Serializes the typed model to YAML: camelCase keys, no nulls, strings quoted when needed, a header.</summary>
internal static class TraefikYaml
{
    private static readonly ISerializer Serializer = new SerializerBuilder()
        .WithNamingConvention(CamelCaseNamingConvention.Instance)
        .ConfigureDefaultValuesHandling(DefaultValuesHandling.OmitNull)
        .WithQuotingNecessaryStrings()
        .WithIndentedSequences()
        .WithNewLine("\n")
        .DisableAliases()
        .Build();

    public static string Serialize(object model) => TraefikFiles.Header + Serializer.Serialize(model);
}
