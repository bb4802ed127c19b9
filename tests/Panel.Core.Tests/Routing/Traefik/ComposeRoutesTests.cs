using DropIt.Panel.Core.Routing.Traefik;
using static DropIt.Panel.Core.Tests.Routing.Traefik.TraefikScenarios;
using static DropIt.Panel.Core.Tests.Routing.Traefik.TraefikYamlTree;

namespace DropIt.Panel.Core.Tests.Routing.Traefik;

/// <summary>A compose service's domains each reach one of its stack's services: one load balancer per upstream, one file.</summary>
public sealed class ComposeRoutesTests
{
    private static readonly Guid StackId = Guid.Parse("0195f3c2-7d4e-7a10-9b2c-3d4e5f6a7b8c");

    private static RoutedService Stack() => new(StackId, "Backend", "http://shop_api:3000",
    [
        Domain("api.example.com") with { UpstreamUrl = "http://shop_api:3000" },
        Domain("search.example.com") with { UpstreamUrl = "http://shop_typesense:8108" },
        Domain("api.example.com", path: "/v2") with { UpstreamUrl = "http://shop_api:3000" },
    ]);

    [Fact]
    public void EachUpstream_GetsOneLoadBalancer_AndEachRouterUsesItsDomains()
    {
        var document = Parse(TraefikConfigBuilder.ServiceFile(Stack())!.Content);

        var services = Section(document, "http.services");
        Assert.Equal(2, services.Count);
        var urls = services.ToDictionary(s => s.Key, s => (string)s.Value.SelectToken("loadBalancer.servers[0].url")!);
        var routers = Section(document, "http.routers");
        foreach (var (name, router) in routers)
        {
            var rule = (string)router["rule"]!;
            var expected = rule.Contains("search.example.com", StringComparison.Ordinal) ? "http://shop_typesense:8108" : "http://shop_api:3000";
            Assert.Equal(expected, urls[(string)router["service"]!]);
        }
    }

    [Fact]
    public async Task TheFile_PassesTraefiksSchema()
    {
        var schema = await TraefikSchema.LoadAsync();

        Assert.Empty(schema.ValidateForWriting(TraefikConfigBuilder.ServiceFile(Stack())!.Content));
    }

    [Fact]
    public void AHostileUpstream_IsRefused()
    {
        var hostile = new RoutedService(StackId, "Backend", "http://shop_api:3000",
            [Domain("api.example.com") with { UpstreamUrl = "http://shop_api:3000`) || Host(`x" }]);

        var error = Assert.Throws<RoutingConfigException>(() => TraefikConfigBuilder.ServiceFile(hostile));
        Assert.Contains("UpstreamUrl", error.Message, StringComparison.Ordinal);
    }
}
