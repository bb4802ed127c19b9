using System.Text.RegularExpressions;
using DropIt.Panel.Core.StaticSites.Edge;

namespace DropIt.Panel.Core.Tests.StaticSites.Edge;

/// <summary>Which paths the edge treats as fingerprinted (cached a year) and which as SPA routes.</summary>
public sealed class StaticEdgeCachingTests
{
    [Theory]
    [InlineData("/assets/index-QkbEjtDv.js")]
    [InlineData("/assets/index-Ab12Cd34.css")]
    [InlineData("/assets/vendor-B_x9-zQ1.js")]
    [InlineData("/static/js/main.3f2a1b9c.js")]
    [InlineData("/assets/index-QkbEjtDv.js.map")]
    [InlineData("/img/logo.a1b2c3d4e5.svg")]
    public void FingerprintPattern_HashedFileName_Matches(string uri)
    {
        Assert.Matches(StaticEdgeCaching.FingerprintPattern, uri);
    }

    [Theory]
    [InlineData("/index.html")]
    [InlineData("/favicon.ico")]
    [InlineData("/assets/logo.png")]
    [InlineData("/my-long-filename.js")]
    [InlineData("/jquery-3.6.0.min.js")]
    [InlineData("/assets/index-abcdefgh.js")]
    [InlineData("/assets/index-Ab12.js")]
    [InlineData("/assets-Ab12Cd34/logo.png")]
    [InlineData("/assets/index-Ab12Cd34")]
    public void FingerprintPattern_OrdinaryFileName_DoesNotMatch(string uri)
    {
        Assert.DoesNotMatch(StaticEdgeCaching.FingerprintPattern, uri);
    }

    [Theory]
    [InlineData("/assets/missing-Abc12345.js", true)]
    [InlineData("/robots.txt", true)]
    [InlineData("/athletes/42", false)]
    [InlineData("/athletes/", false)]
    [InlineData("/v1.2/athletes", false)]
    [InlineData("/", false)]
    public void ExtensionPattern_TellsMissingFilesFromClientRoutes(string uri, bool isFile)
    {
        Assert.Equal(isFile, Regex.IsMatch(uri, StaticEdgeCaching.ExtensionPattern));
    }
}
