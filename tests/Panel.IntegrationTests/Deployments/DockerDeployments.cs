namespace DropIt.Panel.IntegrationTests.Deployments;

/// <summary>
/// Test classes that deploy applications (builds, health gates, drains, the traffic switch) share the machine's Docker
/// engine: they run one after another in this lane, side by side with the other Docker lanes
/// (<see cref="DockerDatabases"/>, <see cref="DockerNetworks"/>) and with the tests that run no container.
/// </summary>
[CollectionDefinition(Name)]
public sealed class DockerDeployments
{
    public const string Name = "Docker deployments";
}

/// <summary>
/// Test classes that run databases and back them up: they clean the engine by project name prefix
/// (<see cref="Databases.DatabaseHarness"/>), so they run one after another.
/// </summary>
[CollectionDefinition(Name)]
public sealed class DockerDatabases
{
    public const string Name = "Docker databases";
}

/// <summary>Test classes that check networks, compose stacks, routes, live logs and the engine's monitoring, one after another.</summary>
[CollectionDefinition(Name)]
public sealed class DockerNetworks
{
    public const string Name = "Docker networks";
}

/// <summary>
/// Test classes whose assertion is a timing (a line within a second, a rate limit's window, no failed request while a
/// release switches) or that prune the engine's images: they run alone, after every other lane.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class Timing
{
    public const string Name = "Timing";
}
