using DropIt.Panel.Core.Routing.Traefik;
using static DropIt.Panel.Core.Tests.Routing.Traefik.TraefikScenarios;

namespace DropIt.Panel.Core.Tests.Routing.Traefik;

/// <summary>The typed check refuses whatever the schema check of the written YAML refuses, with errors naming the place.</summary>
public sealed class DynamicConfigCheckTests
{
    private static readonly Dictionary<string, Func<DynamicConfig, DynamicConfig>> Breaks = new()
    {
        ["http.routers.*.rule"] = c => Router(c, r => r with { Rule = null! }),
        ["http.routers.*.service"] = c => Router(c, r => r with { Service = null! }),
        ["http.routers.*.priority"] = c => Router(c, r => r with { Priority = -1 }),
        ["http.routers.*.entryPoints[0]"] = c => Router(c, r => r with { EntryPoints = [null!] }),
        ["http.routers.*.middlewares[1]"] = c => Router(c, r => r with { Middlewares = ["a@file", null!] }),
        ["http.routers.* is empty"] = c => Router(c, _ => null!),
        ["http.services.*: has no loadBalancer"] = c => Service(c, _ => new HttpService(null!)),
        ["http.services.* is empty"] = c => Service(c, _ => null!),
        ["loadBalancer.servers: is empty"] = c => Service(c, s => s.LoadBalancer is null ? s : new HttpService(s.LoadBalancer with { Servers = [] })),
        ["loadBalancer.servers: is missing"] = c => Service(c, s => s.LoadBalancer is null ? s : new HttpService(s.LoadBalancer with { Servers = null! })),
        ["loadBalancer.servers[0].url"] = c => Service(c, s => s.LoadBalancer is null ? s : new HttpService(s.LoadBalancer with { Servers = [new LoadBalancerServer(null!)] })),
        ["loadBalancer.servers[0] is empty"] = c => Service(c, s => s.LoadBalancer is null ? s : new HttpService(s.LoadBalancer with { Servers = [null!] })),
        ["http.middlewares.*: sets 0 kinds"] = c => Middleware(c, _ => new HttpMiddleware()),
        ["http.middlewares.*: sets 2 kinds"] = c => Middleware(c, m => m with { Compress = m.Compress ?? new CompressMiddleware(), Headers = m.Headers ?? Headers() }),
        ["http.middlewares.* is empty"] = c => Middleware(c, _ => null!),
        ["basicAuth.users[0]"] = c => Middleware(c, _ => new HttpMiddleware { BasicAuth = new BasicAuthMiddleware([null!], true) }),
        ["tls.certificates[0]"] = c => c with { Tls = new TlsConfig([null!]) },
        ["no router: empty routers"] = c => c.Http is null ? c : c with { Http = c.Http with { Routers = new Dictionary<string, HttpRouter>() } },
        ["no router: nothing at all"] = c => c with { Http = null },
    };

    public static TheoryData<string> BreakNames() => [.. Breaks.Keys];

    private static DynamicConfig[] Models()
    {
        var plan = TraefikConfigBuilder.PlanDynamicFolder([TwoHttpsDomains(), PathPrefix(), BasicAuth(), CustomCertificate()], PanelWithDashboard());
        return [.. plan.Models.Values.Select(m => m.Model)];
    }

    [Fact]
    public void ForWriting_EveryModelTheBuilderMakes_IsAccepted()
    {
        var plan = TraefikConfigBuilder.PlanDynamicFolder([TwoHttpsDomains(), PathPrefix(), BasicAuth(), CustomCertificate()], PanelWithDashboard());

        Assert.Equal(plan.Files.Keys.Order(), plan.Models.Keys.Order());
        Assert.All(plan.Models.Values, m => Assert.Empty(DynamicConfigCheck.ForWriting(m.Model, m.File.Content)));
    }

    [Theory]
    [MemberData(nameof(BreakNames))]
    public async Task ForWriting_BrokenModel_IsRefusedWithTheSchemaAndAnErrorNamingThePlace(string name)
    {
        var schema = await TraefikSchema.LoadAsync();
        var model = Breaks[name](Models().First(m => m.Http?.Routers is { Count: > 0 } && m.Http.Middlewares is { Count: > 0 } && m.Tls is not null));
        var yaml = TraefikYaml.Serialize(model);

        var errors = DynamicConfigCheck.ForWriting(model, yaml);

        Assert.NotEmpty(schema.ValidateForWriting(yaml));
        var expected = name.Split(' ', ':')[0].Replace("*", "", StringComparison.Ordinal);
        Assert.Contains(errors, e => Fragments(expected).All(f => e.Contains(f, StringComparison.Ordinal)));
    }

    [Fact]
    public void ForWriting_TextWithoutTheOwnedMarker_IsRefused()
    {
        var model = Models()[0];

        var errors = DynamicConfigCheck.ForWriting(model, TraefikYaml.Serialize(model).Replace(TraefikFiles.OwnedMarker, "# other", StringComparison.Ordinal));

        Assert.Contains(errors, e => e.Contains("dropit-owned", StringComparison.Ordinal));
    }

    /// <summary>Random combinations of breaks on every model: the typed check and the schema give the same verdict.</summary>
    [Fact]
    public async Task ForWriting_GeneratedModels_RefusesExactlyWhatTheSchemaRefuses()
    {
        var schema = await TraefikSchema.LoadAsync();
        var random = new Random(2026);
        var breaks = Breaks.Values.ToArray();
        var models = Models();
        var disagreements = new List<string>();
        for (var i = 0; i < 400; i++)
        {
            var model = models[random.Next(models.Length)];
            for (var n = random.Next(0, 3); n >= 0; n--)
            {
                model = breaks[random.Next(breaks.Length)](model);
            }

            var yaml = TraefikYaml.Serialize(model);
            var typed = DynamicConfigCheck.ForWriting(model, yaml);
            var fromYaml = schema.ValidateForWriting(yaml);
            if ((typed.Count == 0) != (fromYaml.Count == 0))
            {
                disagreements.Add($"typed [{string.Join("; ", typed)}] schema [{string.Join("; ", fromYaml)}]\n{yaml}");
            }
        }

        Assert.Empty(disagreements);
    }

    [Fact]
    public async Task ReconcileAsync_BuiltFileWithABrokenModel_IsRefusedWithAClearErrorAndLeftAsItWas()
    {
        var ct = TestContext.Current.CancellationToken;
        var folder = Directory.CreateTempSubdirectory("dropit-traefik-").FullName;
        try
        {
            var writer = new DynamicFolderWriter(folder, await TraefikSchema.LoadAsync());
            var good = TraefikConfigBuilder.PlanDynamicFolder([TwoHttpsDomains()], PanelWithDashboard());
            await writer.ReconcileAsync(good, ct);
            var name = TraefikFiles.Service(ShopId);
            var broken = Router(good.Models[name].Model, r => r with { Service = null! });
            var built = new BuiltFile(new GeneratedFile(name, TraefikYaml.Serialize(broken)), broken);
            var plan = good with
            {
                Files = new Dictionary<string, string>(good.Files) { [name] = built.File.Content },
                Models = new Dictionary<string, BuiltFile>(good.Models) { [name] = built },
            };

            var summary = await writer.ReconcileAsync(plan, ct);

            var refused = Assert.Single(summary.Refused);
            Assert.Equal(name, refused.FileName);
            Assert.StartsWith($"{name}: refused, the file was left as it was: http.routers.", refused.Reason, StringComparison.Ordinal);
            Assert.Contains(".service: is missing; a router needs the service its requests go to.", refused.Reason, StringComparison.Ordinal);
            Assert.Equal(good.Files[name], await File.ReadAllTextAsync(Path.Combine(folder, name), ct));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task ReconcileAsync_TextThatIsNotTheModelsOwn_IsCheckedAsYaml()
    {
        var ct = TestContext.Current.CancellationToken;
        var folder = Directory.CreateTempSubdirectory("dropit-traefik-").FullName;
        try
        {
            var writer = new DynamicFolderWriter(folder, await TraefikSchema.LoadAsync());
            var good = TraefikConfigBuilder.PlanDynamicFolder([TwoHttpsDomains()], PanelWithDashboard());
            var name = TraefikFiles.Service(ShopId);
            var plan = good with { Files = new Dictionary<string, string>(good.Files) { [name] = "# dropit-owned\nhttp:\n  routers: {}\n" } };

            var summary = await writer.ReconcileAsync(plan, ct);

            Assert.Equal(name, Assert.Single(summary.Refused).FileName);
            Assert.Contains("no router", summary.Refused[0].Reason, StringComparison.Ordinal);
            Assert.False(File.Exists(Path.Combine(folder, name)));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void PlanDynamicFolder_UnchangedService_ReusesItsFileAndAChangedOneIsRebuilt()
    {
        var shop = TwoHttpsDomains() with { ServiceId = Guid.NewGuid() };
        var api = PathPrefix() with { ServiceId = Guid.NewGuid() };
        var first = TraefikConfigBuilder.PlanDynamicFolder([shop, api], PanelWithDashboard());
        var changedApi = api with { Domains = [api.Domains[0] with { BasicAuth = [new BasicAuthUser("alice", AliceHash)] }] };

        var second = TraefikConfigBuilder.PlanDynamicFolder([shop with { Domains = [.. shop.Domains] }, changedApi], PanelWithDashboard());

        var shopFile = TraefikFiles.Service(shop.ServiceId);
        var apiFile = TraefikFiles.Service(api.ServiceId);
        Assert.Same(first.Files[shopFile], second.Files[shopFile]);
        Assert.Equal(TraefikConfigBuilder.ServiceFile(changedApi)!.Content, second.Files[apiFile]);
        Assert.Contains("basicAuth", second.Files[apiFile], StringComparison.Ordinal);
    }

    [Fact]
    public void BuiltServicesKey_EveryValue_ChangesTheKey()
    {
        var service = BasicAuth() with { Domains = [Domain("a.example.com", certificateFile: "/c", keyFile: "/k") with { BasicAuth = BasicAuth().Domains[0].BasicAuth }] };
        var domain = service.Domains[0];
        RoutedService[] variants =
        [
            service with { Name = "Other" },
            service with { UpstreamUrl = "http://other:1" },
            service with { Domains = [domain with { Host = "b.example.com" }] },
            service with { Domains = [domain with { PathPrefix = "/a" }] },
            service with { Domains = [domain with { Https = false }] },
            service with { Domains = [domain with { RedirectToHttps = false }] },
            service with { Domains = [domain with { Www = WwwRedirect.ToWww }] },
            service with { Domains = [domain with { CertificateFile = "/c2" }] },
            service with { Domains = [domain with { KeyFile = null }] },
            service with { Domains = [domain with { UpstreamUrl = "http://x:1" }] },
            service with { Domains = [domain with { BasicAuth = [domain.BasicAuth[0]] }] },
            service with { Domains = [domain with { BasicAuth = [domain.BasicAuth[0] with { BcryptHash = BobHash }, domain.BasicAuth[1]] }] },
            service with { Domains = [domain, domain] },
        ];

        var keys = variants.Select(BuiltServices.Key).Append(BuiltServices.Key(service)).ToList();

        Assert.Equal(keys.Count, keys.Distinct(StringComparer.Ordinal).Count());
        Assert.Equal(BuiltServices.Key(service), BuiltServices.Key(service with { Domains = [domain with { }] }));
    }

    [Fact]
    public void FlushFolder_MissingFolder_SaysWhichFolder()
    {
        var missing = Path.Combine(Path.GetTempPath(), $"dropit-missing-{Guid.NewGuid():N}");

        if (OperatingSystem.IsLinux())
        {
            var error = Assert.Throws<IOException>(() => AtomicFile.FlushFolder(missing));
            Assert.Contains(missing, error.Message, StringComparison.Ordinal);
        }

        AtomicFile.FlushFolder(Path.GetTempPath());
    }

    private static IEnumerable<string> Fragments(string expected) => expected.Split("..", StringSplitOptions.RemoveEmptyEntries);

    private static HeadersMiddleware Headers() => new(1, false, false, true, true, "no-referrer");

    private static DynamicConfig Router(DynamicConfig c, Func<HttpRouter, HttpRouter> change) =>
        c.Http?.Routers is { Count: > 0 } routers ? c with { Http = c.Http with { Routers = Replace(routers, change) } } : c;

    private static DynamicConfig Service(DynamicConfig c, Func<HttpService, HttpService> change) =>
        c.Http?.Services is { Count: > 0 } services ? c with { Http = c.Http with { Services = Replace(services, change) } } : c;

    private static DynamicConfig Middleware(DynamicConfig c, Func<HttpMiddleware, HttpMiddleware> change) =>
        c.Http?.Middlewares is { Count: > 0 } middlewares ? c with { Http = c.Http with { Middlewares = Replace(middlewares, change) } } : c;

    /// <summary>A copy with the first entry (in the map's order) changed.</summary>
    private static SortedDictionary<string, T> Replace<T>(IReadOnlyDictionary<string, T> map, Func<T, T> change)
    {
        var copy = new SortedDictionary<string, T>(map.ToDictionary(), StringComparer.Ordinal);
        var first = copy.Keys.First();
        copy[first] = copy[first] is null ? copy[first] : change(copy[first]);
        return copy;
    }
}
