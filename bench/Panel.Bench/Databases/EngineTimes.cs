namespace DropIt.Panel.Bench.Databases;

/// <summary>The engine's own record of its containers: which one runs a Swarm service, and when a container started or exited.</summary>
internal static class EngineTimes
{
    /// <summary>The one running container of a Swarm service.</summary>
    public static async Task<string> RunningContainerAsync(string serviceName)
    {
        var ids = (await Command.DockerAsync("ps", "-q", "--no-trunc", "--filter", $"label=com.docker.swarm.service.name={serviceName}",
            "--filter", "status=running")).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        return ids.Length == 1
            ? ids[0]
            : throw new InvalidOperationException($"{ids.Length} running containers of {serviceName}, expected one.");
    }

    /// <summary>When the container's process started (<c>State.StartedAt</c>); null once the container is gone.</summary>
    public static Task<DateTimeOffset?> StartedAsync(string container) => StateTimeAsync(container, "StartedAt");

    /// <summary>When the container's process exited (<c>State.FinishedAt</c>); null once the container is gone.</summary>
    public static Task<DateTimeOffset?> ExitedAsync(string container) => StateTimeAsync(container, "FinishedAt");

    private static async Task<DateTimeOffset?> StateTimeAsync(string container, string field)
    {
        var inspect = await Command.TryDockerAsync("inspect", "--format", $"{{{{.State.{field}}}}}", container);
        return inspect.Succeeded ? QueryProbe.ParseTimestamp(inspect.Output.Trim()) : null;
    }
}
