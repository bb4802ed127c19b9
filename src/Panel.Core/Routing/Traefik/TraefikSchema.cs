using Newtonsoft.Json.Linq;
using NJsonSchema;
using NJsonSchema.Validation;
using YamlDotNet.Core;

namespace DropIt.Panel.Core.Routing.Traefik;

/// <summary>
/// SchemaStore's JSON schema of Traefik v3's file provider (draft-07, embedded; see README.md beside it),
/// applied to YAML documents.
/// </summary>
public sealed class TraefikSchema
{
    private const string ResourceName = "DropIt.Panel.Core.Routing.Traefik.traefik-v3-file-provider.json";
    private static readonly Lazy<Task<TraefikSchema>> Embedded = new(LoadEmbeddedAsync, LazyThreadSafetyMode.ExecutionAndPublication);
    private readonly JsonSchema schema;

    private TraefikSchema(JsonSchema schema) => this.schema = schema;

    /// <summary>The embedded schema, parsed once per process.</summary>
    public static Task<TraefikSchema> LoadAsync() => Embedded.Value;

    /// <summary>Errors of the YAML document against the schema; empty when it is valid.</summary>
    public IReadOnlyList<string> Validate(string yaml) => Check(yaml, forWriting: false);

    /// <summary>
    /// <see cref="Validate"/> plus what the dynamic folder needs: the owned marker (or the file could never be cleaned
    /// up), something defined, and no empty routers map.
    /// </summary>
    internal IReadOnlyList<string> ValidateForWriting(string yaml) => Check(yaml, forWriting: true);

    private IReadOnlyList<string> Check(string yaml, bool forWriting)
    {
        ArgumentNullException.ThrowIfNull(yaml);
        JToken? document;
        try
        {
            document = YamlJson.Parse(yaml);
        }
        catch (YamlException e)
        {
            return [$"not valid YAML: {e.Message}"];
        }

        if (document is null)
        {
            return ["the file is empty: it holds no YAML document."];
        }

        var errors = schema.Validate(document).Select(Describe).ToList();
        if (forWriting)
        {
            if (!TraefikFiles.HasOwnedMarker(yaml))
            {
                errors.Add($"the \"{TraefikFiles.OwnedMarker}\" line is missing.");
            }

            var routers = document.SelectToken("http.routers");
            if (routers is JObject { Count: 0 } || (routers is null && document.SelectToken("http.middlewares") is not JObject { Count: > 0 }))
            {
                errors.Add("the file defines no router (nor shared middleware): Traefik would be given an empty configuration.");
            }
        }

        return errors;
    }

    private static string Describe(ValidationError error) => error switch
    {
        ChildSchemaValidationError child => $"{Where(error)}: {error.Kind} ({string.Join("; ", child.Errors.SelectMany(e => e.Value).Select(Describe).Distinct().Take(5))})",
        _ => $"{Where(error)}: {error.Kind}",
    };

    private static string Where(ValidationError error) => string.IsNullOrEmpty(error.Path) ? "#" : error.Path;

    private static async Task<TraefikSchema> LoadEmbeddedAsync()
    {
        await using var stream = typeof(TraefikSchema).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"The embedded resource {ResourceName} is missing from {typeof(TraefikSchema).Assembly.GetName().Name}.");
        using var reader = new StreamReader(stream);
        return new TraefikSchema(await JsonSchema.FromJsonAsync(await reader.ReadToEndAsync()));
    }
}
