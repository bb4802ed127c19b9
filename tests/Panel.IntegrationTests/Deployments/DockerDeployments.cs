namespace DropIt.Panel.IntegrationTests.Deployments;

/// <summary>
/// Test classes that build and run containers share the machine's Docker engine and its two cores: they run
/// one after another instead of side by side, so that their timings (health checks, drains) stay meaningful.
/// </summary>
[CollectionDefinition(Name)]
public sealed class DockerDeployments
{
    public const string Name = "Docker deployments";
}
