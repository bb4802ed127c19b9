using Microsoft.Extensions.Options;

namespace DropIt.Panel.Core.Cluster;

/// <summary>Adding servers to the swarm over SSH (decision 059).</summary>
public sealed class JoinOptions
{
    public const string Section = "Cluster:Join";

    /// <summary>The oldest Docker Engine a new node may run; older ones are refused with what to do.</summary>
    public string MinimumDockerVersion { get; set; } = "20.10";

    /// <summary>
    /// The address nodes join the manager at (<c>host</c> or <c>host:port</c>); empty: the address the manager advertises
    /// in the swarm. Set it when the manager advertises an address servers elsewhere cannot reach.
    /// </summary>
    public string? ManagerAddress { get; set; }

    /// <summary>How long to wait for the SSH connection (TCP and handshake).</summary>
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How long one command on the server may take (installing Docker takes longest).</summary>
    public TimeSpan CommandTimeout { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>How long a joined node has to show up as ready before the join is undone.</summary>
    public TimeSpan ReadyTimeout { get; set; } = TimeSpan.FromSeconds(90);
}

public sealed class JoinOptionsValidator : IValidateOptions<JoinOptions>
{
    public ValidateOptionsResult Validate(string? name, JoinOptions options)
    {
        var errors = new List<string>();
        if (JoinDocker.ParseVersion(options.MinimumDockerVersion) is null)
        {
            errors.Add($"{JoinOptions.Section}:MinimumDockerVersion \"{options.MinimumDockerVersion}\" is not a version: write it like 20.10.");
        }

        if (!string.IsNullOrWhiteSpace(options.ManagerAddress) && !JoinManager.IsAddress(options.ManagerAddress))
        {
            errors.Add($"{JoinOptions.Section}:ManagerAddress \"{options.ManagerAddress}\" is not an address: write host or host:port, "
                + "like 203.0.113.10:2377.");
        }

        foreach (var (key, value) in new[]
                 {
                     ("ConnectTimeout", options.ConnectTimeout), ("CommandTimeout", options.CommandTimeout), ("ReadyTimeout", options.ReadyTimeout),
                 })
        {
            if (value <= TimeSpan.Zero)
            {
                errors.Add($"{JoinOptions.Section}:{key} must be a positive time span, like 00:00:30.");
            }
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
