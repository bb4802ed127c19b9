using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using DropIt.Panel.Core.Docker;

namespace DropIt.Panel.Core.Compose;

/// <summary>The Swarm configs and secrets of a stack, named after their content so that a change makes a new one.</summary>
public sealed record StackObjectNames(IReadOnlyDictionary<string, string> Configs, IReadOnlyDictionary<string, string> Secrets)
{
    /// <summary>Per Swarm name, the object's id (a one-off service mounting it needs both, decision 044).</summary>
    public IReadOnlyDictionary<string, string> Ids { get; init; } = new Dictionary<string, string>();

    public IEnumerable<string> All => Configs.Values.Concat(Secrets.Values);
}

/// <summary>
/// Creates the stack's Swarm configs (files of the source mounted into a container) and secrets (values of the .env),
/// "<c>&lt;stack&gt;-&lt;name&gt;-&lt;12 hex of SHA-256&gt;</c>": Swarm objects cannot change, so a changed file or value
/// gets a new name, and the service using it a rolling update; an unchanged one keeps its name and its containers.
/// </summary>
public sealed partial class StackObjects(ISwarmFiles files)
{
    private const int NameLength = 20;

    public async Task<StackObjectNames> EnsureAsync(Guid serviceId, string stackName, ComposePlan plan, ComposeSourceFile source,
        IReadOnlyDictionary<string, string> environment, CancellationToken cancellationToken)
    {
        var ids = new Dictionary<string, string>(StringComparer.Ordinal);
        var configs = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var mount in plan.Services.SelectMany(s => s.Files).DistinctBy(f => f.SourcePath))
        {
            var content = await ReadAsync(source, mount.SourcePath, cancellationToken);
            var name = Name(stackName, Path.GetFileName(mount.SourcePath), serviceId, content);
            ids[name] = await files.EnsureAsync(name, content, secret: false, serviceId, cancellationToken);
            configs[mount.SourcePath] = name;
        }

        var secrets = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var secret in plan.Secrets)
        {
            if (!environment.TryGetValue(secret.EnvironmentKey, out var value))
            {
                throw new BuildFailedException(
                    $"The secret {secret.Name} reads {secret.EnvironmentKey} from the .env, which has no such key. Add it to the .env in the settings.");
            }

            var content = Encoding.UTF8.GetBytes(value);
            var name = Name(stackName, secret.Name, serviceId, content);
            ids[name] = await files.EnsureAsync(name, content, secret: true, serviceId, cancellationToken);
            secrets[secret.Name] = name;
        }

        foreach (var file in plan.SecretFiles)
        {
            var content = await ReadAsync(source, file.SourcePath, cancellationToken);
            var name = Name(stackName, file.Name, serviceId, content);
            ids[name] = await files.EnsureAsync(name, content, secret: true, serviceId, cancellationToken);
            secrets[file.Name] = name;
        }

        return new StackObjectNames(configs, secrets) { Ids = ids };
    }

    private static async Task<byte[]> ReadAsync(ComposeSourceFile source, string relative, CancellationToken cancellationToken)
    {
        var path = source.PathOf(relative, $"file {relative}");
        if (!File.Exists(path))
        {
            throw new BuildFailedException($"There is no file \"{relative}\" in the repository. Add it, or remove what uses it from the compose file.");
        }

        return await File.ReadAllBytesAsync(path, cancellationToken);
    }

    /// <summary>The configs and secrets a stack file uses (those of an earlier deployment stay for its rollback).</summary>
    public static IEnumerable<string> NamesIn(string stackName, string stackFile) =>
        Regex.Matches(stackFile, $@"(?<![a-z0-9._-]){Regex.Escape(stackName)}-[a-z0-9._-]*-[0-9a-f]{{12}}(?![a-z0-9._-])")
            .Select(m => m.Value);

    /// <summary>
    /// The hash covers the service's id and the content: the name shows whether a value changed, and the same value in
    /// another service gives another name. Whoever can read the name can run a container with the secret anyway.
    /// </summary>
    private static string Name(string stackName, string name, Guid serviceId, byte[] content)
    {
        var hash = SHA256.HashData([.. serviceId.ToByteArray(), .. content]);
        return $"{stackName}-{Slug(name)}-{Convert.ToHexStringLower(hash)[..12]}";
    }

    private static string Slug(string name)
    {
        var slug = NotAllowed().Replace(name.ToLowerInvariant(), "-").Trim('-', '.');
        slug = slug.Length > NameLength ? slug[..NameLength].TrimEnd('-', '.') : slug;
        return slug.Length == 0 ? "file" : slug;
    }

    [GeneratedRegex("[^a-z0-9._-]+")]
    private static partial Regex NotAllowed();
}
