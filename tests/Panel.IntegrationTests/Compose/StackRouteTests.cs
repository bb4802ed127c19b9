using DropIt.Panel.Core.Common;
using DropIt.Panel.Core.Compose;
using DropIt.Panel.Core.Routing;
using DropIt.Panel.Core.Routing.Traefik;
using DropIt.Panel.IntegrationTests.Deployments;
using DropIt.Panel.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace DropIt.Panel.IntegrationTests.Compose;

/// <summary>
/// A pasted compose file whose <c>web</c> has a domain: the deployment puts <c>web</c> (and only it) on the project network,
/// and the service's Traefik file sends the domain to <c>&lt;stack&gt;_web</c>, which answers there. A domain added later
/// for <c>worker</c> is routed from the next deployment on, once <c>worker</c> is on the project network too.
/// </summary>
[Collection(DockerNetworks.Name)]
public sealed class StackRouteTests : PanelTest<BootstrappedPanel>
{
    private static readonly string ComposeFile = $$"""
        services:
          web:
            image: {{TestImages.Busybox}}
            command: ["sh", "-c", "mkdir -p /www && echo routed-web > /www/index.html && exec httpd -f -p 80 -h /www"]
            expose: ["80"]
          worker:
            image: {{TestImages.Busybox}}
            command: ["sh", "-c", "mkdir -p /www && echo routed-worker > /www/index.html && exec httpd -f -p 9000 -h /www"]

        """;

    [Fact]
    public async Task Domain_RoutesToItsComposeService_OnlyRoutedServicesJoinTheProjectNetwork()
    {
        var stacks = new StackHarness(Panel);
        try
        {
            var projectId = await stacks.CreateProjectAsync($"route-{Guid.NewGuid():N}"[..14]);
            var view = await Panel.WithScopeAsync(async sp => (await sp.GetRequiredService<ComposeCatalog>().CreateAsync(projectId,
                new ComposeInput { Name = "site", Source = ComposeSource.Inline, File = ComposeFile }, Actor.System, Ct)).Value!);
            stacks.Track(view);
            await AddDomainAsync(view.Id, "web.stack.test", "web", 80);

            var first = await stacks.DeployAsync(view.Id);
            Assert.True(first.Status == Core.Deployments.DeploymentStatus.Succeeded, await stacks.LogAsync(first.Id));
            var network = TestNetworks.OfProject(projectId);
            Assert.Equal(network, await TestNetworks.OfServiceAsync($"{view.StackName}_web"));
            Assert.Equal(TestNetworks.Proxy, await TestNetworks.OfServiceAsync($"{view.StackName}_worker"));
            var file = await File.ReadAllTextAsync(Path.Combine(Panel.DataPath, "traefik", "dynamic", TraefikFiles.Service(view.Id)), Ct);
            Assert.Contains($"http://{view.StackName}_web:80", file, StringComparison.Ordinal);
            Assert.Contains("routed-web", await NetworkProbe.GetAsync(network, $"{view.StackName}_web", 80, "/"), StringComparison.Ordinal);

            // A domain for the private worker: not routed while worker is off the project network, routed after a deployment.
            await AddDomainAsync(view.Id, "worker.stack.test", "worker", 9000);
            await ReconcileAsync();
            file = await File.ReadAllTextAsync(Path.Combine(Panel.DataPath, "traefik", "dynamic", TraefikFiles.Service(view.Id)), Ct);
            Assert.DoesNotContain("worker.stack.test", file, StringComparison.Ordinal);

            var second = await stacks.DeployAsync(view.Id);
            Assert.True(second.Status == Core.Deployments.DeploymentStatus.Succeeded, await stacks.LogAsync(second.Id));
            Assert.Equal(network, await TestNetworks.OfServiceAsync($"{view.StackName}_worker"));
            file = await File.ReadAllTextAsync(Path.Combine(Panel.DataPath, "traefik", "dynamic", TraefikFiles.Service(view.Id)), Ct);
            Assert.Contains($"http://{view.StackName}_worker:9000", file, StringComparison.Ordinal);
            Assert.Contains("routed-worker", await NetworkProbe.GetAsync(network, $"{view.StackName}_worker", 9000, "/"), StringComparison.Ordinal);
        }
        finally
        {
            await stacks.CleanAsync();
        }
    }

    private async Task AddDomainAsync(Guid serviceId, string host, string composeService, int port)
    {
        var added = await Panel.WithScopeAsync(sp => sp.GetRequiredService<DomainService>()
            .AddAsync(serviceId, new DomainInput(host, Https: false, Port: port, ComposeService: composeService), Actor.System, Ct));
        Assert.True(added.Succeeded, added.Error);
    }

    private Task ReconcileAsync() =>
        Panel.WithScopeAsync(sp => sp.GetRequiredService<RoutingReconciler>().ReconcileAsync(Ct));
}
