using DropIt.Panel.Core.Registry;

namespace DropIt.Panel.Core.Tests.Registry;

public sealed class RegistryOptionsTests
{
    [Fact]
    public void Validate_Defaults_AreAccepted() =>
        Assert.True(new RegistryOptionsValidator().Validate(null, new RegistryOptions()).Succeeded);

    [Fact]
    public void Validate_BadPortAndServiceName_NamesEachKeyAndWhatToDo()
    {
        var result = new RegistryOptionsValidator().Validate(null, new RegistryOptions { Port = 0, ServiceName = "my registry" });

        Assert.True(result.Failed);
        Assert.Contains(result.Failures!, f => f.StartsWith("Registry:Port is 0", StringComparison.Ordinal));
        Assert.Contains(result.Failures!, f => f.StartsWith("Registry:ServiceName", StringComparison.Ordinal));
    }

    [Fact]
    public void Service_Spec_PinsToTheNodeAndPublishesInHostModeWithSecretsAsFilesOnly()
    {
        var options = new RegistryOptions { Port = 5443 };

        var spec = PanelRegistrySpec.Service(options, "node-1", []);

        Assert.Equal(["node.id==node-1"], spec.Constraints);
        Assert.Equal([new DropIt.Panel.Core.Docker.PublishedPort(5443, 5000)], spec.Ports);
        Assert.Equal("registry:2", spec.Image);
        Assert.All(spec.Environment, e => Assert.DoesNotContain("PASSWORD", e, StringComparison.OrdinalIgnoreCase));
        Assert.Contains("REGISTRY_HTTP_TLS_KEY=/run/secrets/registry.key", spec.Environment);
        Assert.Equal("dropit-registry-data", Assert.Single(spec.Volumes).Source);
    }
}
