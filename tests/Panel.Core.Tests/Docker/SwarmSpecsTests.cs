using Docker.DotNet.Models;
using DropIt.Panel.Core.Docker;

namespace DropIt.Panel.Core.Tests.Docker;

/// <summary>What the Swarm spec of a service asks of the engine: its networks and the hardening the engine can enforce.</summary>
public sealed class SwarmSpecsTests
{
    private static readonly IReadOnlyList<NetworkAttachmentConfig> ProjectNetwork =
        [new NetworkAttachmentConfig { Target = "dropit-p-00000000000a", Aliases = ["api"] }];

    private static EngineServiceSpec Spec(bool relaxed = false) =>
        new("shop-api-12345678", "dropit/s-1:d-1", new Dictionary<string, string> { [EngineLabels.Service] = Guid.NewGuid().ToString() },
            [], 1, null, null, Core.Projects.RestartPolicy.Any, []) { RelaxedSecurity = relaxed };

    [Fact]
    public void From_EngineWithApi144_DropsNetRawAndSetsNoNewPrivilegesOnTheProjectNetworkOnly()
    {
        var spec = SwarmSpecs.From(Spec(), new DockerOptions(), ProjectNetwork, new ServiceHardening(true, true, "1.44"));

        Assert.Equal(["CAP_NET_RAW"], spec.TaskTemplate!.ContainerSpec!.CapabilityDrop);
        Assert.True(spec.TaskTemplate!.ContainerSpec!.Privileges!.NoNewPrivileges);
        var network = Assert.Single(spec.TaskTemplate!.Networks!);
        Assert.Equal("dropit-p-00000000000a", network.Target);
        Assert.Equal(["api"], network.Aliases);
    }

    [Fact]
    public void From_EngineWithApi141_DropsNetRawOnlyAndSaysWhatIsNotEnforced()
    {
        var hardening = new ServiceHardening(true, false, "1.41");

        var spec = SwarmSpecs.From(Spec(), new DockerOptions(), ProjectNetwork, hardening);

        Assert.Equal(["CAP_NET_RAW"], spec.TaskTemplate!.ContainerSpec!.CapabilityDrop);
        Assert.Null(spec.TaskTemplate!.ContainerSpec!.Privileges);
        Assert.Contains("API 1.41", hardening.Missing);
        Assert.Contains("no-new-privileges", hardening.Missing);
        Assert.Null(new ServiceHardening(true, true, "1.44").Missing);
    }

    [Fact]
    public void From_RelaxedService_KeepsDockersDefaults()
    {
        var spec = SwarmSpecs.From(Spec(relaxed: true), new DockerOptions(), ProjectNetwork, new ServiceHardening(true, true, "1.44"));

        Assert.Null(spec.TaskTemplate!.ContainerSpec!.CapabilityDrop);
        Assert.Null(spec.TaskTemplate!.ContainerSpec!.Privileges);
    }
}
