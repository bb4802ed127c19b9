namespace DropIt.Panel.Core.Compose;

/// <summary>A problem found in a compose file: the line (1-based) when known, the compose service it concerns when any.</summary>
public sealed record ComposeProblem(string Message, int? Line = null, string? Service = null)
{
    public override string ToString() =>
        $"{(Line is { } line ? $"line {line}: " : "")}{(Service is { } service ? $"service {service}: " : "")}{Message}";
}

/// <summary>A <c>build:</c> of a compose service, paths relative to the repository's root.</summary>
public sealed record ComposeBuild(string Context, string Dockerfile, IReadOnlyDictionary<string, string> Arguments, string? Target);

/// <summary>
/// A file of the source bound into a container (<c>./init-db.sql:/docker-entrypoint-initdb.d/init.sql</c>): it
/// reaches the container as a Swarm config. <paramref name="SourcePath"/> is relative to the repository's root.
/// </summary>
public sealed record ComposeFileMount(string SourcePath, string Target);

/// <summary>What the panel will run for one compose service.</summary>
/// <param name="Name">The service's key in the file.</param>
/// <param name="Image">The image it runs, or the image name to tag a build with (null: a build without one).</param>
/// <param name="Build">What the panel builds for it, or null.</param>
/// <param name="Replicas">deploy.replicas, 1 by default.</param>
/// <param name="Volumes">The named volumes it mounts (a relative folder such as <c>./data/postgres</c> becomes one).</param>
/// <param name="HasHealthCheck">It has a health check, in the file or (when not disabled) maybe in its image.</param>
/// <param name="DependsOn">Every service it depends on.</param>
/// <param name="DependsOnHealthy">Those named with <c>condition: service_healthy</c>.</param>
/// <param name="Ports">Container ports the file says it listens on (expose, ports' targets, Traefik labels).</param>
/// <param name="Files">Files of the source it mounts.</param>
public sealed record ComposeServicePlan(
    string Name,
    string? Image,
    ComposeBuild? Build,
    int Replicas,
    IReadOnlyList<string> Volumes,
    bool HasHealthCheck,
    IReadOnlyList<string> DependsOn,
    IReadOnlyList<string> DependsOnHealthy,
    IReadOnlyList<int> Ports,
    IReadOnlyList<ComposeFileMount> Files)
{
    /// <summary>It keeps data: updated stop-first, so two versions never write the same volume.</summary>
    public bool Stateful => Volumes.Count > 0;
}

/// <summary>A top-level secret whose value is a key of the stack's .env (<c>environment: DB_PASSWORD</c>): a Swarm secret.</summary>
public sealed record ComposeSecretPlan(string Name, string EnvironmentKey);

/// <summary>A top-level secret read from a file of the repository (<c>file: ./secrets/key.pem</c>): a Swarm secret.</summary>
public sealed record ComposeSecretFile(string Name, string SourcePath);

/// <summary>A route found in a service's Traefik labels: offered as a domain, never applied as it is.</summary>
public sealed record ComposeLabelDomain(string Service, string Host, string PathPrefix, int? Port, bool Https);

/// <summary>Everything a valid compose file will create.</summary>
public sealed record ComposePlan(
    IReadOnlyList<ComposeServicePlan> Services,
    IReadOnlyList<string> Volumes,
    IReadOnlyList<string> Networks,
    IReadOnlyList<ComposeSecretPlan> Secrets,
    IReadOnlyList<ComposeLabelDomain> LabelDomains)
{
    /// <summary>Top-level secrets whose value is a file of the repository (their Swarm secret is in <see cref="StackFileOptions.Secrets"/>).</summary>
    public IReadOnlyList<ComposeSecretFile> SecretFiles { get; init; } = [];

    public ComposeServicePlan? Find(string service) => Services.FirstOrDefault(s => s.Name == service);

    /// <summary>
    /// The order of a first start: groups of services, each group started once every service it depends on with
    /// <c>condition: service_healthy</c> is healthy (Swarm itself ignores depends_on).
    /// </summary>
    public IReadOnlyList<IReadOnlyList<string>> StartGroups() => StartGroups(new HashSet<string>(StringComparer.Ordinal));

    /// <summary>
    /// The start groups with the services of <paramref name="first"/> (closed under depends_on) started before all others:
    /// a first start that runs a release command after them (decision 044).
    /// </summary>
    public IReadOnlyList<IReadOnlyList<string>> StartGroups(IReadOnlySet<string> first)
    {
        var groups = new List<IReadOnlyList<string>>();
        var started = new HashSet<string>(StringComparer.Ordinal);
        foreach (var part in new[] { Services.Where(s => first.Contains(s.Name)).ToList(), Services.Where(s => !first.Contains(s.Name)).ToList() })
        {
            while (part.Any(s => !started.Contains(s.Name)))
            {
                var next = part.Where(s => !started.Contains(s.Name) && s.DependsOnHealthy.All(started.Contains)).Select(s => s.Name).ToList();
                if (next.Count == 0)
                {
                    // A cycle is refused when the file is read; whatever is left starts together.
                    next = part.Where(s => !started.Contains(s.Name)).Select(s => s.Name).ToList();
                }

                groups.Add(next);
                started.UnionWith(next);
            }
        }

        return groups;
    }

    /// <summary>
    /// What a first start runs before the release command of <paramref name="service"/> (decision 044): what it depends on
    /// and every service that keeps data (its database), with their own dependencies, except what depends on it.
    /// </summary>
    public IReadOnlySet<string> BeforeRelease(string service)
    {
        var candidates = Closure(Find(service)?.DependsOn ?? [])
            .Concat(Closure(Services.Where(s => s.Stateful).Select(s => s.Name)));
        return candidates.Where(name => name != service && !Closure(Find(name)?.DependsOn ?? []).Contains(service))
            .ToHashSet(StringComparer.Ordinal);
    }

    /// <summary>The services named and everything they depend on, directly or not.</summary>
    private HashSet<string> Closure(IEnumerable<string> names)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var pending = new Stack<string>(names);
        while (pending.TryPop(out var name))
        {
            if (seen.Add(name))
            {
                foreach (var dependency in Find(name)?.DependsOn ?? [])
                {
                    pending.Push(dependency);
                }
            }
        }

        return seen;
    }
}

/// <summary>What reading a compose file gave: the file (when valid), its errors, and warnings that do not stop it.</summary>
public sealed record ComposeCheck(ComposeDocument? Document, IReadOnlyList<ComposeProblem> Errors, IReadOnlyList<ComposeProblem> Warnings)
{
    public bool Succeeded => Errors.Count == 0 && Document is not null;

    public ComposePlan? Plan => Document?.Plan;
}

/// <summary>What a compose file may use, where it was found.</summary>
/// <param name="FromRepository">The file comes from a repository: <c>build:</c> and files of the source are allowed.</param>
/// <param name="ComposeFolder">The file's folder in the repository ("" for the root): where relative paths start.</param>
/// <param name="PathKind">For a path relative to the repository's root: a file, a folder, or missing (null when there is no repository).</param>
/// <param name="Environment">The .env's keys and values, for <c>${VAR}</c> interpolation checks (values never reach a message).</param>
public sealed record ComposeReadOptions(
    bool FromRepository,
    string ComposeFolder = "",
    Func<string, SourcePathKind>? PathKind = null,
    IReadOnlyDictionary<string, string>? Environment = null);

public enum SourcePathKind
{
    Missing,
    File,
    Folder,
}

/// <summary>What the panel adds when it writes the stack file Docker deploys.</summary>
/// <param name="Images">Per compose service, the immutable image tag it runs (every built service is here).</param>
/// <param name="Routed">Compose services that have a domain: they join the project network, where Traefik reaches them.</param>
/// <param name="ProjectNetwork">The project's overlay network (external to the stack).</param>
/// <param name="Configs">Per <see cref="ComposeFileMount.SourcePath"/>, the Swarm config (external) that holds the file.</param>
/// <param name="Secrets">Per compose secret name, the Swarm secret (external) that holds its value.</param>
/// <param name="Labels">Labels put on every service and container (the panel's ownership labels).</param>
/// <param name="Only">Only these services (a first start in order); null for all.</param>
/// <param name="EndpointMode">deploy.endpoint_mode of services that do not set it and publish no ingress port (vip or dnsrr); null leaves Swarm's default.</param>
public sealed record StackFileOptions(
    IReadOnlyDictionary<string, string> Images,
    IReadOnlySet<string> Routed,
    string ProjectNetwork,
    IReadOnlyDictionary<string, string> Configs,
    IReadOnlyDictionary<string, string> Secrets,
    IReadOnlyDictionary<string, string> Labels,
    IReadOnlySet<string>? Only = null,
    string? EndpointMode = null);
