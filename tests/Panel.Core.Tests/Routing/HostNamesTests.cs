using DropIt.Panel.Core.Routing;

namespace DropIt.Panel.Core.Tests.Routing;

public sealed class HostNamesTests
{
    private const string BareHostError =
        "is not a bare host name: leave out the scheme, port and path (app.example.com).";

    private const string CharactersError =
        "is not a valid host name: use letters, digits and hyphens, in labels separated by dots.";

    private const string LabelsError =
        "is not a valid host name: it needs at least two labels (example.com), each of 1 to 63 letters, digits or hyphens.";

    [Theory]
    [InlineData("app.example.com", "app.example.com")]
    [InlineData("App.Example.COM", "app.example.com")]
    [InlineData("  shop.example.org  ", "shop.example.org")]
    [InlineData("www.example.com.", "www.example.com")]
    [InlineData("a-1.b2.example", "a-1.b2.example")]
    public void TryNormalize_ValidName_ReturnsLowerCaseAscii(string input, string expected)
    {
        var ok = HostNames.TryNormalize(input, out var ascii, out var error);

        Assert.True(ok, error);
        Assert.Equal(expected, ascii);
        Assert.Null(error);
    }

    [Theory]
    [InlineData("bücher.example", "xn--bcher-kva.example")]
    [InlineData("www.bücher.example", "www.xn--bcher-kva.example")]
    [InlineData("Shop.Bücher.Example", "shop.xn--bcher-kva.example")]
    public void TryNormalize_InternationalisedName_ReturnsPunycode(string input, string expected)
    {
        var ok = HostNames.TryNormalize(input, out var ascii, out var error);

        Assert.True(ok, error);
        Assert.Equal(expected, ascii);
    }

    // With InvariantGlobalization, IdnMapping skips the UTS #46 mapping: "Ü" is encoded as is and the
    // result (xn--bcher-2pa) names another host than the one a browser asks for (xn--bcher-kva).
    [Fact]
    public void TryNormalize_UpperCaseInternationalisedName_ReturnsSamePunycodeAsLowerCase()
    {
        var ok = HostNames.TryNormalize("BÜCHER.example", out var ascii, out var error);

        Assert.True(ok, error);
        Assert.Equal("xn--bcher-kva.example", ascii);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData(".")]
    public void TryNormalize_Empty_IsRefusedAskingForAName(string input)
    {
        var ok = HostNames.TryNormalize(input, out var ascii, out var error);

        Assert.False(ok);
        Assert.Null(ascii);
        Assert.Equal("a host name is needed, such as app.example.com.", error);
    }

    [Theory]
    [InlineData("https://a.com")]
    [InlineData("a.com:8080")]
    [InlineData("a.com/path")]
    public void TryNormalize_SchemePortOrPath_IsRefusedAsNotBare(string input)
    {
        var ok = HostNames.TryNormalize(input, out var ascii, out var error);

        Assert.False(ok);
        Assert.Null(ascii);
        Assert.Equal($"\"{input}\" {BareHostError}", error);
    }

    [Fact]
    public void TryNormalize_SingleLabel_IsRefusedAskingForTwoLabels()
    {
        var ok = HostNames.TryNormalize("localhost", out var ascii, out var error);

        Assert.False(ok);
        Assert.Null(ascii);
        Assert.Equal($"\"localhost\" {LabelsError}", error);
    }

    [Fact]
    public void TryNormalize_LabelOf63Characters_IsAccepted()
    {
        var host = new string('a', 63) + ".example.com";

        var ok = HostNames.TryNormalize(host, out var ascii, out var error);

        Assert.True(ok, error);
        Assert.Equal(host, ascii);
    }

    [Fact]
    public void TryNormalize_LabelOver63Characters_IsRefused()
    {
        var host = new string('a', 64) + ".example.com";

        var ok = HostNames.TryNormalize(host, out var ascii, out var error);

        Assert.False(ok);
        Assert.Null(ascii);
        Assert.Equal($"\"{host}\" {CharactersError}", error);
    }

    [Theory]
    [InlineData("-app.example.com")]
    [InlineData("app-.example.com")]
    [InlineData("my_app.example.com")]
    [InlineData("app`.example.com")]
    [InlineData("{{app}}.example.com")]
    [InlineData("app .example.com")]
    public void TryNormalize_ForbiddenCharacterOrHyphenPlacement_IsRefused(string input)
    {
        var ok = HostNames.TryNormalize(input, out var ascii, out var error);

        Assert.False(ok);
        Assert.Null(ascii);
        Assert.Equal($"\"{input}\" {CharactersError}", error);
    }
}
