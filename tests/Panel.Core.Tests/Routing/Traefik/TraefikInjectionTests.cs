using DropIt.Panel.Core.Routing.Traefik;
using static DropIt.Panel.Core.Tests.Routing.Traefik.TraefikScenarios;

namespace DropIt.Panel.Core.Tests.Routing.Traefik;

/// <summary>Values that would change what Traefik does (Go templates, rule syntax) never reach a file.</summary>
public sealed class TraefikInjectionTests
{
    private static RoutedService With(RoutedDomain domain, string upstream = "http://app:8080") => new(ShopId, "Shop", upstream, [domain]);

    [Theory]
    [InlineData("app`.example.com")]
    [InlineData("app.example.com`) || Host(`evil.example")]
    [InlineData("app example.com")]
    [InlineData("app,example.com")]
    [InlineData("app(1).example.com")]
    [InlineData("{{ env \"HOME\" }}.example.com")]
    [InlineData("App.Example.com")]
    [InlineData("app.example.com\n")]
    [InlineData("localhost")]
    public void Host_WithCharactersOutsideHostNames_IsRefusedNamingTheField(string host)
    {
        var error = Assert.Throws<RoutingConfigException>(() => TraefikConfigBuilder.ServiceFile(With(Domain(host))));

        Assert.Equal("Domains[0].Host", error.Field);
    }

    [Theory]
    [InlineData("/api`")]
    [InlineData("/api`) || Host(`evil.example")]
    [InlineData("/a b")]
    [InlineData("/a,b")]
    [InlineData("/a(b)")]
    [InlineData("/{{.Env}}")]
    [InlineData("api")]
    [InlineData("")]
    [InlineData("/api\n")]
    public void PathPrefix_WithRuleOrTemplateCharacters_IsRefusedNamingTheField(string path)
    {
        var error = Assert.Throws<RoutingConfigException>(() => TraefikConfigBuilder.ServiceFile(With(Domain("app.example.com", path))));

        Assert.Equal("Domains[0].PathPrefix", error.Field);
    }

    [Theory]
    [InlineData("http://{{ .Env.SECRET }}:8080", "UpstreamUrl")]
    [InlineData("http://app:8080/}}", "UpstreamUrl")]
    [InlineData("app:8080", "UpstreamUrl")]
    [InlineData("ftp://app:21", "UpstreamUrl")]
    public void Upstream_WithTemplateOrNotHttp_IsRefused(string upstream, string field)
    {
        var error = Assert.Throws<RoutingConfigException>(() => TraefikConfigBuilder.ServiceFile(With(Domain("app.example.com"), upstream)));

        Assert.Equal(field, error.Field);
    }

    [Fact]
    public void TemplateInCertificateFile_IsRefused()
    {
        var domain = Domain("app.example.com", certificateFile: "/certs/{{.Env.X}}/fullchain.pem", keyFile: "/certs/app/privkey.pem");

        var error = Assert.Throws<RoutingConfigException>(() => TraefikConfigBuilder.ServiceFile(With(domain)));
        Assert.Equal("Domains[0].CertificateFile", error.Field);
        Assert.Contains("{{", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void CertificateWithoutKey_IsRefused()
    {
        var error = Assert.Throws<RoutingConfigException>(() => TraefikConfigBuilder.ServiceFile(With(Domain("app.example.com", certificateFile: "/certs/a.pem"))));

        Assert.Equal("Domains[0]", error.Field);
    }

    [Theory]
    [InlineData("{{x}}", AliceHash, "Domains[0].BasicAuth[0].Name")]
    [InlineData("ali:ce", AliceHash, "Domains[0].BasicAuth[0].Name")]
    [InlineData("alice", "plain-password", "Domains[0].BasicAuth[0].BcryptHash")]
    [InlineData("alice", "$2y$10$abc}}", "Domains[0].BasicAuth[0].BcryptHash")]
    public void BasicAuthUser_NotNameAndBcryptHash_IsRefused(string name, string hash, string field)
    {
        var domain = Domain("app.example.com", users: [new BasicAuthUser(name, hash)]);

        var error = Assert.Throws<RoutingConfigException>(() => TraefikConfigBuilder.ServiceFile(With(domain)));
        Assert.Equal(field, error.Field);
    }

    [Fact]
    public void PanelHostWithBacktick_IsRefused()
    {
        var error = Assert.Throws<RoutingConfigException>(() => TraefikConfigBuilder.PanelFile(PanelWithDashboard() with { PanelHost = "panel`.example.com" }));

        Assert.Equal("PanelHost", error.Field);
    }

    [Fact]
    public async Task TemplateInServiceName_IsNeutralisedAndTheFileIsValid()
    {
        var service = new RoutedService(ShopId, "{{ .Env.SECRET }} shop", "http://app:8080", [Domain("app.example.com")]);

        var content = TraefikConfigBuilder.ServiceFile(service)!.Content;

        Assert.DoesNotContain("{{", content, StringComparison.Ordinal);
        Assert.DoesNotContain("}}", content, StringComparison.Ordinal);
        Assert.Contains($"env-secret-shop-{ShopId:N}-d0-https:", content, StringComparison.Ordinal);
        Assert.Empty((await TraefikSchema.LoadAsync()).Validate(content));
    }
}
