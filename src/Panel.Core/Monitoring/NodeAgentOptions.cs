using Microsoft.Extensions.Options;

namespace DropIt.Panel.Core.Monitoring;

/// <summary>
/// The helper the panel runs on the other nodes of a swarm for their containers' stats and their disk cleanup
/// (section <c>NodeAgent</c>, decision 065).
/// </summary>
public sealed class NodeAgentOptions
{
    public const string Section = "NodeAgent";

    /// <summary>Run the stats agent on the other nodes while the swarm has more than one (off: stats of the manager's containers only).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>An image with the Docker CLI and a shell, present on (or pullable by) every node.</summary>
    public string Image { get; set; } = "docker:cli";

    /// <summary>Memory limit of each helper container, in MiB.</summary>
    public int MemoryMiB { get; set; } = 64;

    /// <summary>CPU limit of each helper container, in CPUs.</summary>
    public double Cpus { get; set; } = 0.25;
}

/// <summary>Checks <see cref="NodeAgentOptions"/> at start-up.</summary>
public sealed class NodeAgentOptionsValidator : IValidateOptions<NodeAgentOptions>
{
    public ValidateOptionsResult Validate(string? name, NodeAgentOptions options)
    {
        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(options.Image) || options.Image.Any(char.IsWhiteSpace))
        {
            errors.Add($"NodeAgent:Image is '{options.Image}'; set an image reference with the Docker CLI and a shell (default docker:cli).");
        }

        if (options.MemoryMiB is < 16 or > 4096)
        {
            errors.Add($"NodeAgent:MemoryMiB is {options.MemoryMiB}; set it between 16 and 4096 (default 64).");
        }

        if (options.Cpus is < 0.01 or > 16)
        {
            errors.Add($"NodeAgent:Cpus is {options.Cpus}; set it between 0.01 and 16 (default 0.25).");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
