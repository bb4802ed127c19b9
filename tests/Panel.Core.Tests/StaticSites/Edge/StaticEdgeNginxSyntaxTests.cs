using DropIt.Panel.Core.StaticSites.Edge;
using static DropIt.Panel.Core.Tests.StaticSites.Edge.EdgeScenarios;

namespace DropIt.Panel.Core.Tests.StaticSites.Edge;

/// <summary>The real nginx (<c>nginx -t</c>) accepts what the builder writes, odd header values included.</summary>
public sealed class StaticEdgeNginxSyntaxTests : IDisposable
{
    private const string Nginx = NginxProcessOptions.DefaultBinaryPath;
    private readonly DirectoryInfo prefix = Directory.CreateTempSubdirectory("dropit-edge-");

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public void Dispose() => prefix.Delete(recursive: true);

    private async Task<string?> TestAsync(string config)
    {
        var path = Path.Combine(prefix.FullName, "nginx.conf");
        await File.WriteAllTextAsync(path, config, Ct);
        return await NginxProcess.TestConfigAsync(Nginx, prefix.FullName, path, Ct);
    }

    [Fact]
    public async Task Build_SeveralSitesWithQuotedHeaders_PassesNginxTest()
    {
        var sites = new List<StaticEdgeSite>
        {
            Shop(),
            Docs(),
            new(Guid.NewGuid(), ["blog.example.net"], SpaMode: true, NotFoundPage: "errors/not-found.html", ResponseHeaders:
            [
                new StaticEdgeHeader("X-Note", "costs $5; \"quoted\" {braces} #hash \\ backslash"),
                new StaticEdgeHeader("Permissions-Policy", "geolocation=(), camera=()"),
                new StaticEdgeHeader("Strict-Transport-Security", "max-age=63072000; includeSubDomains; preload"),
            ]),
            new(Guid.NewGuid(), []),
        };
        var settings = EdgeSettings(Path.Combine(prefix.FullName, "my sites")) with { TempPath = prefix.FullName };

        var error = await TestAsync(StaticEdgeConfigBuilder.Build(settings, sites));

        Assert.Null(error);
    }

    [Fact]
    public async Task Build_NoSites_PassesNginxTest()
    {
        Assert.Null(await TestAsync(StaticEdgeConfigBuilder.Build(EdgeSettings(prefix.FullName), [])));
    }

    [Fact]
    public async Task NginxTest_BrokenFile_ReturnsNginxsMessage()
    {
        var error = await TestAsync(StaticEdgeConfigBuilder.Build(EdgeSettings(prefix.FullName), [Shop()]) + "nonsense_directive on;\n");

        Assert.NotNull(error);
        Assert.Contains("unknown directive \"nonsense_directive\"", error, StringComparison.Ordinal);
    }

    // Debian's nginx has no brotli module: enabling brotli without loading one must fail the test, not pass silently.
    [Fact]
    public async Task Build_BrotliWithoutItsModule_IsRefusedByNginx()
    {
        var error = await TestAsync(StaticEdgeConfigBuilder.Build(EdgeSettings(prefix.FullName) with { Brotli = true }, [Shop()]));

        Assert.NotNull(error);
        Assert.Contains("brotli_static", error, StringComparison.Ordinal);
    }
}
