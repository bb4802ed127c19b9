using System.IO.Compression;
using System.Text.RegularExpressions;
using DropIt.Panel.TestSupport;

namespace DropIt.Panel.IntegrationTests.StaticSites;

/// <summary>Checks the Vite fixture app that the static-site tests deploy: a real build with hashed assets.</summary>
public sealed partial class ViteAppTests
{
    private const string FirstApi = "https://api-one.example.test/v1";
    private const string SecondApi = "https://api-two.example.test/v2";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Build_WithTwoApiUrls_GivesTwoReleasesWithDifferentHashedScripts()
    {
        var first = await ViteApp.BuildAsync(FirstApi, Ct);
        var second = await ViteApp.BuildAsync(SecondApi, Ct);

        Assert.NotEqual(first, second);
        var firstScript = AssertIsViteBuild(first, FirstApi, SecondApi);
        var secondScript = AssertIsViteBuild(second, SecondApi, FirstApi);
        Assert.NotEqual(firstScript, secondScript);
    }

    [Fact]
    public async Task Build_SameApiUrlTwice_ReturnsTheCachedFolder()
    {
        var first = await ViteApp.BuildAsync(FirstApi, Ct);
        var again = await ViteApp.BuildAsync(FirstApi, Ct);

        Assert.Equal(first, again);
    }

    [Fact]
    public async Task Zip_WithTopFolder_RoundTripsEveryFile()
    {
        var folder = await ViteApp.BuildAsync(FirstApi, Ct);
        var files = Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories)
            .ToDictionary(path => Path.GetRelativePath(folder, path).Replace(Path.DirectorySeparatorChar, '/'), File.ReadAllBytes);

        var plain = Entries(ViteApp.Zip(folder));
        var prefixed = Entries(ViteApp.Zip(folder, "dist/"));
        var prefixedWithoutSlash = Entries(ViteApp.Zip(folder, "dist"));

        Assert.Contains("index.html", files.Keys);
        Assert.Contains(files.Keys, name => name.StartsWith("assets/", StringComparison.Ordinal));
        Assert.Equal(files.Keys.Order(StringComparer.Ordinal), plain.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(files.Keys.Select(name => "dist/" + name).Order(StringComparer.Ordinal), prefixed.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(prefixed.Keys.Order(StringComparer.Ordinal), prefixedWithoutSlash.Keys.Order(StringComparer.Ordinal));
        foreach (var (name, content) in files)
        {
            Assert.Equal(content, plain[name]);
            Assert.Equal(content, prefixed["dist/" + name]);
        }
    }

    /// <summary>Asserts the folder holds a Vite build made with <paramref name="apiUrl"/>, and returns its script's name.</summary>
    private static string AssertIsViteBuild(string folder, string apiUrl, string otherApiUrl)
    {
        var index = File.ReadAllText(Path.Combine(folder, "index.html"));
        Assert.True(File.Exists(Path.Combine(folder, "404.html")), "public/404.html is copied to the build");

        var assets = Directory.GetFiles(Path.Combine(folder, "assets")).Select(Path.GetFileName).OfType<string>().ToList();
        var script = Assert.Single(assets, name => HashedScript().IsMatch(name));
        Assert.Single(assets, name => HashedStyles().IsMatch(name));
        Assert.Contains($"/assets/{script}", index);

        var code = File.ReadAllText(Path.Combine(folder, "assets", script));
        Assert.Contains(apiUrl, code);
        Assert.DoesNotContain(otherApiUrl, code);
        Assert.True(code.Length > 20_000, $"the bundle holds React ({code.Length} characters)");
        return script;
    }

    private static Dictionary<string, byte[]> Entries(byte[] zip)
    {
        using var archive = new ZipArchive(new MemoryStream(zip), ZipArchiveMode.Read);
        return archive.Entries.ToDictionary(entry => entry.FullName, entry =>
        {
            using var stream = entry.Open();
            using var copy = new MemoryStream();
            stream.CopyTo(copy);
            return copy.ToArray();
        });
    }

    [GeneratedRegex(@"^index-[A-Za-z0-9_-]{8}\.js$")]
    private static partial Regex HashedScript();

    [GeneratedRegex(@"^index-[A-Za-z0-9_-]{8}\.css$")]
    private static partial Regex HashedStyles();
}
