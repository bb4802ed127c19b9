using System.Text.RegularExpressions;
using DropIt.Panel.Core.Routing.Traefik;
using static DropIt.Panel.Core.Tests.Routing.Traefik.TraefikScenarios;
using static DropIt.Panel.Core.Tests.Routing.Traefik.TraefikYamlTree;

namespace DropIt.Panel.Core.Tests.Routing.Traefik;

public sealed class TraefikConfigBuilderTests
{
    private static readonly string SharedFile = TraefikConfigBuilder.SharedMiddlewaresFile().Content;

    [Fact]
    public void EveryRouter_ReferencesOnlyMiddlewaresAndServicesThatExist()
    {
        var shared = Section(Parse(SharedFile), "http.middlewares");
        foreach (var (golden, file) in All())
        {
            var document = Parse(file.Content);
            var middlewares = Section(document, "http.middlewares");
            var services = Section(document, "http.services");
            var routers = Section(document, "http.routers");
            if (golden != "middlewares.yml")
            {
                Assert.NotEmpty(routers);
            }

            foreach (var (name, router) in routers)
            {
                var service = (string)router["service"]!;
                Assert.True(services.ContainsKey(service) || service == "api@internal", $"{golden}: router {name} uses the unknown service {service}.");
                foreach (var middleware in Strings(router["middlewares"]))
                {
                    var known = middleware.EndsWith("@file", StringComparison.Ordinal)
                        ? shared.ContainsKey(middleware[..^"@file".Length]) || middlewares.ContainsKey(middleware[..^"@file".Length])
                        : middlewares.ContainsKey(middleware);
                    Assert.True(known, $"{golden}: router {name} uses the unknown middleware {middleware}.");
                }
            }

            var used = routers.Values.SelectMany(r => Strings(r["middlewares"])).ToHashSet(StringComparer.Ordinal);
            Assert.All(middlewares.Keys.Where(_ => golden != "middlewares.yml"), m => Assert.Contains(m, used));
        }
    }

    [Fact]
    public void ServiceFile_PointsItsLoadBalancerAtTheUpstreamWithHostHeader()
    {
        var document = Parse(TraefikConfigBuilder.ServiceFile(TwoHttpsDomains())!.Content);

        var service = Assert.Single(Section(document, "http.services")).Value;
        Assert.Equal("http://shop-web:8080", (string)service.SelectToken("loadBalancer.servers[0].url")!);
        Assert.True((bool)service.SelectToken("loadBalancer.passHostHeader")!);
    }

    [Fact]
    public void ServiceFile_TlsCertificatesAreTheGivenFiles()
    {
        var document = Parse(TraefikConfigBuilder.ServiceFile(CustomCertificate())!.Content);

        var certificate = Assert.Single(Assert.IsType<Newtonsoft.Json.Linq.JArray>(document.SelectToken("tls.certificates")));
        Assert.Equal("/certs/intranet/fullchain.pem", (string)certificate["certFile"]!);
        Assert.Equal("/certs/intranet/privkey.pem", (string)certificate["keyFile"]!);
        Assert.Null(Parse(TraefikConfigBuilder.ServiceFile(TwoHttpsDomains())!.Content)["tls"]);
    }

    [Fact]
    public void PanelFile_TlsCertificatesAreTheGivenFiles()
    {
        var document = Parse(TraefikConfigBuilder.PanelFile(PanelWithDashboard()).Content);

        var certificate = Assert.Single(Assert.IsType<Newtonsoft.Json.Linq.JArray>(document.SelectToken("tls.certificates")));
        Assert.Equal("/certs/panel/fullchain.pem", (string)certificate["certFile"]!);
        Assert.Equal("/certs/panel/privkey.pem", (string)certificate["keyFile"]!);
    }

    [Fact]
    public void PathPrefix_ApiServiceWinsOverRootServiceOnTheSameHost()
    {
        var root = new RoutedService(ShopId, "Shop", "http://shop-web:8080", [Domain("example.com", redirect: false)]);
        string[] files = [TraefikConfigBuilder.ServiceFile(root)!.Content, TraefikConfigBuilder.ServiceFile(PathPrefix())!.Content];

        foreach (var entryPoint in new[] { EntryPoints.Web, EntryPoints.WebSecure })
        {
            Assert.StartsWith(ServiceRoutes.BaseName(PathPrefix()), Route(files, entryPoint, "example.com", "/api/orders"), StringComparison.Ordinal);
            Assert.StartsWith(ServiceRoutes.BaseName(root), Route(files, entryPoint, "example.com", "/about"), StringComparison.Ordinal);
        }
    }

    [Fact]
    public void AcmeChallenge_ReachesThePanelOnEveryHostBeforeAnyRedirect()
    {
        string[] files = [.. All().Select(s => s.File.Content)];

        foreach (var host in new[] { "example.com", "www.example.com", "admin.example.com", "panel.example.com" })
        {
            Assert.Equal("dropit-acme-challenge", Route(files, EntryPoints.Web, host, "/.well-known/acme-challenge/token-123"));
        }

        var acme = Routers(TraefikConfigBuilder.PanelFile(PanelWithDashboard()).Content)["dropit-acme-challenge"];
        Assert.Equal("dropit-panel", (string)acme["service"]!);
        Assert.Equal(int.MaxValue - 1000, (long)acme["priority"]!);
        Assert.Empty(Strings(acme["middlewares"]));
    }

    [Fact]
    public void RedirectToHttps_HttpRouterOnlyRedirectsAndHttpsRouterServesWithTls()
    {
        var routers = Routers(TraefikConfigBuilder.ServiceFile(TwoHttpsDomains())!.Content);
        string[] files = [TraefikConfigBuilder.ServiceFile(TwoHttpsDomains())!.Content];

        var http = routers[Route(files, EntryPoints.Web, "shop.example.org", "/")!];
        var https = routers[Route(files, EntryPoints.WebSecure, "shop.example.org", "/")!];
        Assert.Equal(["redirect-to-https@file"], Strings(http["middlewares"]));
        Assert.Null(http["tls"]);
        Assert.Equal(["security-headers@file", "compress@file"], Strings(https["middlewares"]));
        Assert.NotNull(https["tls"]);
    }

    [Fact]
    public void WithoutRedirect_HttpRouterServesLikeTheHttpsRouter()
    {
        var content = TraefikConfigBuilder.ServiceFile(PathPrefix())!.Content;
        var routers = Routers(content);

        var http = routers[Route([content], EntryPoints.Web, "example.com", "/api")!];
        Assert.Equal(["security-headers@file", "compress@file"], Strings(http["middlewares"]));
    }

    [Fact]
    public void BasicAuth_ServiceRoutersAskForTheGivenUsers()
    {
        var content = TraefikConfigBuilder.ServiceFile(BasicAuth())!.Content;
        var document = Parse(content);

        var (name, middleware) = Assert.Single(Section(document, "http.middlewares"));
        Assert.Equal([$"alice:{AliceHash}", $"bob:{BobHash}"], Strings(middleware.SelectToken("basicAuth.users")));
        var https = Routers(content)[Route([content], EntryPoints.WebSecure, "admin.example.com", "/")!];
        Assert.Contains(name, Strings(https["middlewares"]));
    }

    [Theory]
    [InlineData(WwwRedirect.ToWww, "example.com", "www.example.com", "http://example.com/cart?id=1", "http://www.example.com/cart?id=1")]
    [InlineData(WwwRedirect.ToWww, "www.example.com", "www.example.com", "https://example.com:443/", "https://www.example.com/")]
    [InlineData(WwwRedirect.ToApex, "example.com", "example.com", "https://www.example.com/a/b", "https://example.com/a/b")]
    public void Www_ServesOneHostAndRedirectsTheOther(WwwRedirect www, string host, string served, string request, string location)
    {
        var content = TraefikConfigBuilder.ServiceFile(new RoutedService(ShopId, "Shop", "http://shop:80", [Domain(host, redirect: false, www: www)]))!.Content;
        var document = Parse(content);
        var requestHost = new Uri(request).Host;

        var router = Routers(content)[Route([content], EntryPoints.WebSecure, requestHost, "/")!];
        Assert.Equal(requestHost == served, Strings(router["middlewares"]).Contains("compress@file"));
        var redirect = Section(document, "http.middlewares").Single().Value["redirectRegex"]!;
        Assert.Equal(location, Regex.Replace(request, (string)redirect["regex"]!, (string)redirect["replacement"]!));
        Assert.True((bool)redirect["permanent"]!);
    }

    [Fact]
    public void DynamicFolder_HoldsSharedPanelAndOneFilePerRoutedServiceAsBuiltOneByOne()
    {
        var services = Enumerable.Range(0, 200)
            .Select(i => new RoutedService(Guid.NewGuid(), $"app {i}", $"http://app-{i}:80", i % 10 == 0 ? [] : [Domain($"app{i}.example.com")]))
            .ToList();

        var files = TraefikConfigBuilder.DynamicFolder(services, PanelWithDashboard());

        Assert.Equal(180 + 2, files.Count);
        Assert.Equal(TraefikConfigBuilder.SharedMiddlewaresFile().Content, files["dropit-middlewares.yml"]);
        Assert.Equal(TraefikConfigBuilder.PanelFile(PanelWithDashboard()).Content, files["dropit-panel.yml"]);
        Assert.All(services.Where(s => s.Domains.Count > 0), s => Assert.Equal(TraefikConfigBuilder.ServiceFile(s)!.Content, files[TraefikFiles.Service(s.ServiceId)]));
    }

    [Fact]
    public void DynamicFolder_ServiceThatCannotBeRouted_IsNamedInTheError()
    {
        var bad = new RoutedService(ApiId, "Bad", "http://bad:80", [Domain("bad`.example.com")]);

        var error = Assert.Throws<RoutingConfigException>(() => TraefikConfigBuilder.DynamicFolder([TwoHttpsDomains(), bad], PanelWithDashboard()));

        Assert.Equal($"Services[{ApiId}].Domains[0].Host", error.Field);
        Assert.StartsWith($"Services[{ApiId}].Domains[0].Host: \"bad`.example.com\" is not", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ServiceWithoutDomains_GetsNoFile()
    {
        Assert.Null(TraefikConfigBuilder.ServiceFile(new RoutedService(ShopId, "Shop", "http://shop:80", [])));
    }

    [Fact]
    public void DashboardWithoutUsers_IsRefused()
    {
        var panel = PanelWithDashboard() with { DashboardUsers = [] };

        var error = Assert.Throws<RoutingConfigException>(() => TraefikConfigBuilder.PanelFile(panel));
        Assert.Equal("DashboardUsers", error.Field);
    }

    [Fact]
    public void PanelWithoutHosts_StillRoutesAcmeChallenges()
    {
        var content = TraefikConfigBuilder.PanelFile(new PanelRoute(null, "http://panel:8080", null, [], [])).Content;

        Assert.Equal(["dropit-acme-challenge"], Routers(content).Keys);
    }

    [Fact]
    public void StaticConfig_HasEntryPointsWatchedFileProviderDashboardAndLogs()
    {
        var document = Parse(TraefikConfigBuilder.StaticConfig(new TraefikStaticOptions("/etc/traefik/dynamic", "WARN")).Content);

        Assert.Equal(":80", (string)document.SelectToken("entryPoints.web.address")!);
        Assert.Equal(":443", (string)document.SelectToken("entryPoints.websecure.address")!);
        Assert.Equal("/etc/traefik/dynamic", (string)document.SelectToken("providers.file.directory")!);
        Assert.True((bool)document.SelectToken("providers.file.watch")!);
        Assert.True((bool)document.SelectToken("api.dashboard")!);
        Assert.Null(document.SelectToken("api.insecure"));
        Assert.Empty(Assert.IsType<Newtonsoft.Json.Linq.JObject>(document["accessLog"]));
        Assert.Equal("WARN", (string)document.SelectToken("log.level")!);
    }

    [Fact]
    public void StaticConfig_UnknownLogLevel_IsRefused()
    {
        var error = Assert.Throws<RoutingConfigException>(() => TraefikConfigBuilder.StaticConfig(new TraefikStaticOptions("/etc/traefik/dynamic", "verbose")));
        Assert.Equal("LogLevel", error.Field);
    }
}
