using DropIt.Panel.Core.Docker;

namespace DropIt.Panel.Core.Tests.Docker;

public sealed class ProjectNetworkNamesTests
{
    [Fact]
    public void For_TwoProjectsCreatedTheSameMillisecond_GetDifferentNamesUnderTheProxyNetworksPrefix()
    {
        // Version 7 ids of one millisecond share their first 12 hex digits (the time): the name takes the random end.
        var first = Guid.Parse("01936b2a-1c00-7000-8000-00000000000a");
        var second = Guid.Parse("01936b2a-1c00-7000-8000-00000000000b");

        Assert.Equal("dropit-p-00000000000a", ProjectNetworkNames.For("dropit", first));
        Assert.NotEqual(ProjectNetworkNames.For("dropit", first), ProjectNetworkNames.For("dropit", second));
        Assert.True(ProjectNetworkNames.IsProjectNetwork("dropit", ProjectNetworkNames.For("dropit", first)));
        Assert.False(ProjectNetworkNames.IsProjectNetwork("dropit", "dropit"));
        Assert.False(ProjectNetworkNames.IsProjectNetwork("dropit", "other-p-00000000000a"));
        Assert.Equal(63, ProjectNetworkNames.For(new string('n', ProjectNetworkNames.MaxProxyNameLength), first).Length);
    }

    [Theory]
    [InlineData("api", "api")]
    [InlineData("Shop API", "shop-api")]
    [InlineData("--db--", "db")]
    [InlineData("...", null)]
    public void Alias_ServiceName_IsADnsLabelOrNothing(string name, string? alias) =>
        Assert.Equal(alias, ProjectNetworkNames.Alias(name));

    [Fact]
    public void Validate_AProxyNetworkNameThatLeavesNoRoomForProjects_IsRefusedNamingTheKey()
    {
        var result = new DockerOptionsValidator().Validate(null,
            new DockerOptions { Network = new string('n', ProjectNetworkNames.MaxProxyNameLength + 1) });

        Assert.True(result.Failed);
        Assert.Contains("Docker:Network", result.FailureMessage);
    }
}
