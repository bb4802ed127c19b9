namespace DropIt.Panel.Core.Registry;

/// <summary>
/// Where builds push their images and where every node pulls them from: the panel's own registry or an external one
/// set in Settings. <see cref="Address"/> is "host:port" (or "host" for port 443), as it prefixes an image reference.
/// </summary>
public sealed record RegistryTarget(string Address, string Username, string Password)
{
    /// <summary>The reference of <paramref name="localImage"/> ("dropit/app-x:d-1") in this registry.</summary>
    public string ImageFor(string localImage) => $"{Address}/{localImage}";

    /// <summary>Never the password.</summary>
    public override string ToString() => $"{Username}@{Address}";
}

/// <summary>The registry in use, or null when none is set up (a single server: images stay where they were built).</summary>
public interface IRegistryTargets
{
    Task<RegistryTarget?> CurrentAsync(CancellationToken cancellationToken);
}
