using System.Collections.Concurrent;
using DropIt.Panel.Core.Routing.Traefik;
using static DropIt.Panel.Core.Tests.Routing.Traefik.TraefikScenarios;

namespace DropIt.Panel.Core.Tests.Routing.Traefik;

public sealed class DynamicFolderWriterTests : IDisposable
{
    private static readonly DateTime LongAgo = new(2020, 1, 1, 0, 0, 0, DateTimeKind.Utc);
    private readonly string folder = Directory.CreateTempSubdirectory("dropit-traefik-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    private static GeneratedFile ServiceFile(Guid id, int port) =>
        TraefikConfigBuilder.ServiceFile(new RoutedService(id, "App", $"http://app:{port}", [Domain($"app-{id:N}.example.com")]))!;

    private async Task<DynamicFolderWriter> WriterAsync() => new(folder, await TraefikSchema.LoadAsync());

    private string[] FileNames() => [.. Directory.GetFiles(folder).Select(Path.GetFileName).Order(StringComparer.Ordinal)!];

    [Fact]
    public async Task WriteAsync_IdenticalContent_DoesNotRewriteTheFile()
    {
        var writer = await WriterAsync();
        var file = ServiceFile(ShopId, 8080);
        var path = Path.Combine(folder, file.FileName);
        Assert.True(await writer.WriteAsync(file.FileName, file.Content, TestContext.Current.CancellationToken));
        File.SetLastWriteTimeUtc(path, LongAgo);

        var written = await writer.WriteAsync(file.FileName, file.Content, TestContext.Current.CancellationToken);

        Assert.False(written);
        Assert.Equal(LongAgo, File.GetLastWriteTimeUtc(path));
        Assert.True(await writer.WriteAsync(file.FileName, ServiceFile(ShopId, 9090).Content, TestContext.Current.CancellationToken));
        Assert.NotEqual(LongAgo, File.GetLastWriteTimeUtc(path));
        Assert.Contains("http://app:9090", await File.ReadAllTextAsync(path, TestContext.Current.CancellationToken), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("# dropit-owned\nhttp:\n  routers:\n    app:\n      rule: Host(`a.example.com`)\n")]
    [InlineData("# dropit-owned\nhttp:\n  routers: {}\n")]
    [InlineData("")]
    [InlineData("# dropit-owned\nhttp: [broken\n")]
    public async Task WriteAsync_InvalidOrEmptyContent_IsRefusedAndTheFileIsLeftAsItWas(string yaml)
    {
        var writer = await WriterAsync();
        var file = ServiceFile(ShopId, 8080);
        await writer.WriteAsync(file.FileName, file.Content, TestContext.Current.CancellationToken);

        var error = await Assert.ThrowsAsync<RoutingConfigException>(() => writer.WriteAsync(file.FileName, yaml, TestContext.Current.CancellationToken));

        Assert.Equal(file.FileName, error.Field);
        Assert.NotEmpty(error.Errors);
        Assert.Equal(file.Content, await File.ReadAllTextAsync(Path.Combine(folder, file.FileName), TestContext.Current.CancellationToken));
        Assert.Equal([file.FileName], FileNames());
    }

    [Theory]
    [InlineData("custom.yml")]
    [InlineData("../dropit-escape.yml")]
    [InlineData("dropit-service.yaml")]
    [InlineData("dropit-Service.yml")]
    public async Task WriteAsync_NameOutsideThePanelFiles_IsRefused(string name)
    {
        var writer = await WriterAsync();

        await Assert.ThrowsAsync<RoutingConfigException>(() => writer.WriteAsync(name, ServiceFile(ShopId, 1).Content, TestContext.Current.CancellationToken));
        Assert.Empty(FileNames());
    }

    [Fact]
    public async Task ReconcileAsync_StaleMissingAndForeignFiles_EndsWithExactlyTheExpectedSetAndForeignFiles()
    {
        var ct = TestContext.Current.CancellationToken;
        var expected = TraefikConfigBuilder.DynamicFolder([TwoHttpsDomains(), BasicAuth(), new RoutedService(ApiId, "No domains", "http://x:1", [])], PanelWithDashboard());
        var stale = ServiceFile(Guid.Parse("99999999-9999-4999-8999-999999999999"), 8080);
        await File.WriteAllTextAsync(Path.Combine(folder, stale.FileName), stale.Content, ct);
        await File.WriteAllTextAsync(Path.Combine(folder, "dropit-middlewares.yml"), "# dropit-owned\n# an older version\n", ct);
        await File.WriteAllTextAsync(Path.Combine(folder, "dropit-panel.yml"), expected["dropit-panel.yml"], ct);
        await File.WriteAllTextAsync(Path.Combine(folder, "dropit-by-hand.yml"), "http:\n  routers: {}\n", ct);
        await File.WriteAllTextAsync(Path.Combine(folder, "custom.yml"), "# dropit-owned\nhttp: {}\n", ct);

        var summary = await (await WriterAsync()).ReconcileAsync(expected, ct);

        Assert.Equal(
            ["custom.yml", "dropit-by-hand.yml", "dropit-middlewares.yml", "dropit-panel.yml", TraefikFiles.Service(ShopId), TraefikFiles.Service(AdminId)],
            FileNames());
        foreach (var (name, content) in expected)
        {
            Assert.Equal(content, await File.ReadAllTextAsync(Path.Combine(folder, name), ct));
        }

        Assert.Equal(["dropit-middlewares.yml", TraefikFiles.Service(ShopId), TraefikFiles.Service(AdminId)], summary.Written);
        Assert.Equal(["dropit-panel.yml"], summary.Unchanged);
        Assert.Equal([stale.FileName], summary.Removed);
        Assert.Equal("http:\n  routers: {}\n", await File.ReadAllTextAsync(Path.Combine(folder, "dropit-by-hand.yml"), ct));
    }

    [Fact]
    public async Task ReconcileAsync_OneInvalidFile_IsLeftAsItWasAndTheOthersAreWritten()
    {
        var ct = TestContext.Current.CancellationToken;
        var writer = await WriterAsync();
        var panel = TraefikConfigBuilder.PanelFile(PanelWithDashboard());
        await writer.WriteAsync(panel.FileName, panel.Content, ct);
        var shop = ServiceFile(ShopId, 8080);
        var expected = new Dictionary<string, string>
        {
            ["dropit-middlewares.yml"] = TraefikConfigBuilder.SharedMiddlewaresFile().Content,
            ["dropit-panel.yml"] = "# dropit-owned\nhttp:\n  routers: {}\n",
            [shop.FileName] = shop.Content,
        };

        var summary = await writer.ReconcileAsync(expected, ct);

        var refused = Assert.Single(summary.Refused);
        Assert.Equal("dropit-panel.yml", refused.FileName);
        Assert.IsType<RoutingConfigException>(refused.Error);
        Assert.Equal(panel.Content, await File.ReadAllTextAsync(Path.Combine(folder, "dropit-panel.yml"), ct));
        Assert.Equal(["dropit-middlewares.yml", shop.FileName], summary.Written);
        Assert.Equal(shop.Content, await File.ReadAllTextAsync(Path.Combine(folder, shop.FileName), ct));
    }

    [Fact]
    public async Task ReconcileAsync_FileTheFileSystemRefuses_IsReportedAndTheOthersAreWritten()
    {
        var ct = TestContext.Current.CancellationToken;
        var writer = await WriterAsync();
        var shop = ServiceFile(ShopId, 8080);
        var admin = ServiceFile(AdminId, 8080);
        Directory.CreateDirectory(Path.Combine(folder, shop.FileName));

        var summary = await writer.ReconcileAsync(new Dictionary<string, string> { [shop.FileName] = shop.Content, [admin.FileName] = admin.Content }, ct);

        Assert.Equal(shop.FileName, Assert.Single(summary.Refused).FileName);
        Assert.Equal([admin.FileName], summary.Written);
        Assert.Equal(admin.Content, await File.ReadAllTextAsync(Path.Combine(folder, admin.FileName), ct));
        Assert.Empty(Directory.GetFiles(folder, "*.tmp"));
    }

    [Fact]
    public async Task ReconcileAsync_ServiceThatCannotBeBuilt_KeepsItsFileAndWritesTheOthers()
    {
        var ct = TestContext.Current.CancellationToken;
        var writer = await WriterAsync();
        var before = ServiceFile(ApiId, 8080);
        await writer.WriteAsync(before.FileName, before.Content, ct);
        var bad = new RoutedService(ApiId, "Bad", "http://bad:80", [Domain("bad`.example.com")]);

        var plan = TraefikConfigBuilder.PlanDynamicFolder([TwoHttpsDomains(), bad], PanelWithDashboard());
        var summary = await writer.ReconcileAsync(plan, ct);

        var refused = Assert.Single(summary.Refused);
        Assert.Equal(before.FileName, refused.FileName);
        Assert.StartsWith($"Services[{ApiId}].Domains[0].Host:", refused.Reason, StringComparison.Ordinal);
        Assert.Equal(before.Content, await File.ReadAllTextAsync(Path.Combine(folder, before.FileName), ct));
        Assert.Contains(TraefikFiles.Service(ShopId), summary.Written);
        Assert.Empty(summary.Removed);
    }

    [Fact]
    public async Task ReconcileAsync_ChangeToOneService_RewritesOnlyItsFile()
    {
        var ct = TestContext.Current.CancellationToken;
        var writer = await WriterAsync();
        var services = Enumerable.Range(0, 20).Select(i => new RoutedService(Guid.NewGuid(), $"app {i}", "http://app:80", [Domain($"app{i}.example.com")])).ToList();
        await writer.ReconcileAsync(TraefikConfigBuilder.DynamicFolder(services, PanelWithDashboard()), ct);
        services[7] = services[7] with { UpstreamUrl = "http://app:81" };

        var summary = await writer.ReconcileAsync(TraefikConfigBuilder.DynamicFolder(services, PanelWithDashboard()), ct);

        Assert.Equal([TraefikFiles.Service(services[7].ServiceId)], summary.Written);
        Assert.Equal(21, summary.Unchanged.Count);
        Assert.Empty(summary.Removed);
    }

    [Fact]
    public async Task ReconcileAsync_FileAsThePanelWroteIt_IsKnownFromItsStampUntilTouched()
    {
        var ct = TestContext.Current.CancellationToken;
        var writer = await WriterAsync();
        var file = ServiceFile(ShopId, 8080);
        var path = Path.Combine(folder, file.FileName);
        var content = System.Text.Encoding.UTF8.GetBytes(file.Content);
        await writer.ReconcileAsync(new Dictionary<string, string> { [file.FileName] = file.Content }, ct);

        Assert.True(WrittenFiles.IsKnown(path, WrittenFiles.Read(path, content)!.Value));
        var modified = File.GetLastWriteTimeUtc(path);
        File.SetLastWriteTimeUtc(path, LongAgo);
        File.SetLastWriteTimeUtc(path, modified);

        Assert.False(WrittenFiles.IsKnown(path, WrittenFiles.Read(path, content)!.Value));
        Assert.False(WrittenFiles.IsKnown(path, WrittenFiles.Read(path, [.. content, (byte)'\n'])!.Value));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task ReconcileAsync_HandEditOfTheSameLengthAndTime_IsRepaired(bool saveAndRename)
    {
        var ct = TestContext.Current.CancellationToken;
        var writer = await WriterAsync();
        var file = ServiceFile(ShopId, 8080);
        var expected = new Dictionary<string, string> { [file.FileName] = file.Content };
        var path = Path.Combine(folder, file.FileName);
        await writer.ReconcileAsync(expected, ct);
        var modified = File.GetLastWriteTimeUtc(path);
        var edited = file.Content.Replace("http://app:8080", "http://app:9999", StringComparison.Ordinal);
        Assert.Equal(file.Content.Length, edited.Length);

        if (saveAndRename)
        {
            await File.WriteAllTextAsync(path + ".swp", edited, ct);
            File.Move(path + ".swp", path, overwrite: true);
        }
        else
        {
            await File.WriteAllTextAsync(path, edited, ct);
        }
        File.SetLastWriteTimeUtc(path, modified);
        var summary = await writer.ReconcileAsync(expected, ct);

        Assert.Equal([file.FileName], summary.Written);
        Assert.Equal(file.Content, await File.ReadAllTextAsync(path, ct));
    }

    [Fact]
    public async Task WriteAsync_ThousandConcurrentUpdates_AReaderNeverSeesAnEmptyOrInvalidFile()
    {
        var ct = TestContext.Current.CancellationToken;
        var schema = await TraefikSchema.LoadAsync();
        var writer = new DynamicFolderWriter(folder, schema);
        var ids = Enumerable.Range(0, 10).Select(i => Guid.Parse($"00000000-0000-4000-8000-{i:D12}")).ToArray();
        var updates = Enumerable.Range(0, 1000).Select(i => ServiceFile(ids[i % ids.Length], 1000 + i)).ToArray();
        foreach (var id in ids)
        {
            var first = ServiceFile(id, 1);
            await writer.WriteAsync(first.FileName, first.Content, ct);
        }

        using var stop = new CancellationTokenSource();
        var problems = new ConcurrentBag<string>();
        var reads = 0;
        var reader = Task.Run(
            () =>
            {
                do
                {
                    foreach (var path in Directory.GetFiles(folder, "*.yml"))
                    {
                        var text = File.ReadAllText(path);
                        var errors = text.Length == 0 ? ["empty"] : schema.Validate(text);
                        if (errors.Count > 0)
                        {
                            problems.Add($"{Path.GetFileName(path)}: {string.Join("; ", errors)}");
                        }

                        reads++;
                    }
                }
                while (!stop.IsCancellationRequested);
            },
            ct);

        var written = await Task.WhenAll(updates.Select(u => Task.Run(() => writer.WriteAsync(u.FileName, u.Content, ct), ct)));
        await stop.CancelAsync();
        await reader;

        Assert.Empty(problems);
        Assert.True(reads > ids.Length, $"The reader read only {reads} files.");
        Assert.All(written, Assert.True);
        Assert.Equal(ids.Select(TraefikFiles.Service).Order(StringComparer.Ordinal), FileNames());
        Assert.All(Directory.GetFiles(folder), path => Assert.Empty(schema.Validate(File.ReadAllText(path))));
    }
}
