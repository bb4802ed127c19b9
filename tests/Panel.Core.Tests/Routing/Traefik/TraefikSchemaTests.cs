using System.Security.Cryptography;
using DropIt.Panel.Core.Routing.Traefik;

namespace DropIt.Panel.Core.Tests.Routing.Traefik;

public sealed class TraefikSchemaTests
{
    private const string Header = "# dropit-owned\n";

    [Fact]
    public void EmbeddedSchema_IsTheVerbatimSchemaStoreCopy()
    {
        using var stream = typeof(TraefikSchema).Assembly.GetManifestResourceStream("DropIt.Panel.Core.Routing.Traefik.traefik-v3-file-provider.json");

        Assert.NotNull(stream);
        Assert.Equal("8734891c888025bd1821a52f9c743c44bc5b10bcbb01aa84fb267c3f67b1416e", Convert.ToHexStringLower(SHA256.HashData(stream)));
    }

    [Theory]
    [InlineData("http:\n  routers:\n    app:\n      rule: Host(`a.example.com`)\n", "service")]
    [InlineData("http:\n  routers:\n    app:\n      rule: Host(`a.example.com`)\n      service: app\n      colour: blue\n", "colour")]
    [InlineData("http:\n  routers:\n    app:\n      rule: Host(`a.example.com`)\n      service: app\n      priority: high\n", "priority")]
    [InlineData("http:\n  services:\n    app:\n      loadBalancer:\n        servers: []\n", "servers")]
    [InlineData("http:\n  services:\n    app:\n      loadBalancer:\n        servers:\n          - url: http://a\n        passHostHeader: \"true\"\n", "passHostHeader")]
    public async Task Validate_DocumentBreakingTheSchema_ReportsTheProperty(string yaml, string property)
    {
        var errors = (await TraefikSchema.LoadAsync()).Validate(yaml);

        Assert.Contains(errors, e => e.Contains(property, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("")]
    [InlineData("# only a comment\n")]
    [InlineData("http: [unclosed\n")]
    [InlineData("http:\n  routers: {}\n---\nhttp:\n  routers: {}\n")]
    [InlineData("# dropit-owned\njust text\n")]
    [InlineData("# dropit-owned\n- a\n- b\n")]
    [InlineData("# dropit-owned\nhttp: 5\n")]
    [InlineData("# dropit-owned\nhttp: &a\n  routers: {}\ntcp: *a\n")]
    public async Task Validate_EmptyBrokenOrNotAConfiguration_IsAnError(string yaml)
    {
        var schema = await TraefikSchema.LoadAsync();

        Assert.NotEmpty(schema.Validate(yaml));
        Assert.NotEmpty(schema.ValidateForWriting(yaml));
    }

    [Fact]
    public async Task ValidateForWriting_EmptyRoutersOrNoMarker_IsAnError()
    {
        var schema = await TraefikSchema.LoadAsync();
        const string emptyRouters = Header + "http:\n  routers: {}\n";
        var withoutMarker = TraefikConfigBuilder.SharedMiddlewaresFile().Content.Replace(Header, "", StringComparison.Ordinal);

        Assert.Empty(schema.Validate(emptyRouters));
        Assert.Contains(schema.ValidateForWriting(emptyRouters), e => e.Contains("no router", StringComparison.Ordinal));
        Assert.Contains(schema.ValidateForWriting(Header + "tls:\n  certificates: []\n"), e => e.Contains("no router", StringComparison.Ordinal));
        Assert.Contains(schema.ValidateForWriting(withoutMarker), e => e.Contains("dropit-owned", StringComparison.Ordinal));
    }

    [Fact]
    public void YamlJson_TypesPlainScalarsAndKeepsQuotedOnesAsStrings()
    {
        var document = TraefikYamlTree.Parse("a: true\nb: \"true\"\nc: 42\nd: '42'\ne: ~\nf: 1.5\ng: Host(`x`)\n");

        Assert.Equal(Newtonsoft.Json.Linq.JTokenType.Boolean, document["a"]!.Type);
        Assert.Equal(Newtonsoft.Json.Linq.JTokenType.String, document["b"]!.Type);
        Assert.Equal(Newtonsoft.Json.Linq.JTokenType.Integer, document["c"]!.Type);
        Assert.Equal(Newtonsoft.Json.Linq.JTokenType.String, document["d"]!.Type);
        Assert.Equal(Newtonsoft.Json.Linq.JTokenType.Null, document["e"]!.Type);
        Assert.Equal(Newtonsoft.Json.Linq.JTokenType.Float, document["f"]!.Type);
        Assert.Equal("Host(`x`)", (string)document["g"]!);
    }
}
