using System.Globalization;
using System.Runtime.CompilerServices;
using DropIt.Panel.TestSupport;
using Npgsql;

namespace DropIt.Panel.IntegrationTests.Image;

/// <summary>
/// The panel's image, built for real from <c>docker/Dockerfile</c> on local stand-ins of its official base
/// images (<c>tests/fixtures/base-images/build.sh</c>: no registry can be reached here), and a container of
/// it run the way production runs it: the Docker socket with its group, a data volume, and PostgreSQL
/// reached through its Unix socket (the shared test cluster, mounted into the container).
/// </summary>
public sealed class PanelImage : IAsyncLifetime
{
    public const string Tag = "dropit-test/panel:image-tests";
    public const string SdkImage = "mcr.microsoft.com/dotnet/sdk:10.0-noble";

    private static readonly TimeSpan StandInsTimeout = TimeSpan.FromMinutes(20);
    private static readonly TimeSpan BuildTimeout = TimeSpan.FromMinutes(40);
    private readonly List<PanelContainer> started = [];

    private string RepositoryRoot { get; } = FindRepositoryRoot();

    /// <summary>The container started with the fixture; tests that stop a panel start their own.</summary>
    public PanelContainer Running { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        var ct = TestContext.Current.CancellationToken;
        await RunAsync("/bin/bash", [Path.Combine(RepositoryRoot, "tests", "fixtures", "base-images", "build.sh")],
            StandInsTimeout, ct);

        var previous = await ImageIdAsync(Tag, ct);
        await RunAsync(TestImages.DockerCli,
            ["build", "--progress=plain", "--file", Path.Combine(RepositoryRoot, "docker", "Dockerfile"), "--tag", Tag, RepositoryRoot],
            BuildTimeout, ct);
        if (previous is not null && previous != await ImageIdAsync(Tag, ct))
        {
            // The image this build replaced: untagged now, never needed again.
            await ChildProcess.RunAsync(TestImages.DockerCli, ["image", "rm", previous], null, ct);
        }

        Running = await StartAsync(ct);
    }

    /// <summary>Starts a container of the image on a database of its own and waits until /health/ready answers 200.</summary>
    public async Task<PanelContainer> StartAsync(CancellationToken ct)
    {
        var name = $"dropit-image-test-{Guid.NewGuid():N}"[..30];
        var database = "img_" + Guid.NewGuid().ToString("N")[..16];
        var socketFolder = new NpgsqlConnectionStringBuilder(PostgresCluster.ConnectionString(database)).Host!;
        var connectionString = new NpgsqlConnectionStringBuilder
        {
            Host = "/run/postgresql",
            Port = 5432,
            Username = "dropit",
            Database = database,
        }.ConnectionString;
        var dockerGroup = (await RunAsync("/usr/bin/stat", ["-c", "%g", "/var/run/docker.sock"], TimeSpan.FromSeconds(30), ct)).Trim();

        string[] settings =
        [
            $"ConnectionStrings__Panel={connectionString}",
            // Shares the test engine with other tests: no edge container, monitoring, ACME or pruning of its own.
            "StaticSites__EdgeMode=External",
            "Monitoring__Enabled=false",
            "Acme__Enabled=false",
            "Cleanup__Enabled=false",
            "Docker__Network=dropit-test",
            "Docker__EndpointMode=dnsrr",
            // An admin and a token, for what anonymous callers are not shown (the checks of /health/ready).
            $"Panel__Bootstrap__AdminEmail={PanelFactory.AdminEmail}",
            $"Panel__Bootstrap__AdminPassword={PanelFactory.AdminPassword}",
            $"Panel__Bootstrap__ApiToken={BootstrappedPanel.Token}",
        ];
        List<string> run =
        [
            "run", "--detach", "--name", name,
            "--group-add", dockerGroup,
            "--volume", "/var/run/docker.sock:/var/run/docker.sock",
            "--volume", $"{socketFolder}:/run/postgresql",
            "--publish", "127.0.0.1::8080",
        ];
        foreach (var setting in settings)
        {
            run.AddRange(["--env", setting]);
        }

        run.Add(Tag);
        await RunAsync(TestImages.DockerCli, run, TimeSpan.FromMinutes(2), ct);
        var container = new PanelContainer(name);
        started.Add(container);
        try
        {
            await container.ResolveAddressAsync(ct);
            await container.WaitReadyAsync(TimeSpan.FromMinutes(5), ct);
            return container;
        }
        catch
        {
            await ChildProcess.RunAsync(TestImages.DockerCli, ["rm", "--force", "--volumes", name], null, CancellationToken.None);
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var container in started)
        {
            // -v: also the anonymous volume the image's VOLUME gave it.
            await ChildProcess.RunAsync(TestImages.DockerCli, ["rm", "--force", "--volumes", container.Name]);
        }
    }

    /// <summary>The image's size in bytes, as the engine reports it.</summary>
    public static async Task<long> SizeAsync(string image, CancellationToken ct) =>
        long.Parse(await RunAsync(TestImages.DockerCli, ["image", "inspect", "--format", "{{.Size}}", image],
            TimeSpan.FromMinutes(1), ct), CultureInfo.InvariantCulture);

    internal static async Task<string> RunAsync(string file, IEnumerable<string> args, TimeSpan timeout, CancellationToken ct)
    {
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(ct);
        limit.CancelAfter(timeout);
        var arguments = args.ToList();
        ChildResult result;
        try
        {
            result = await ChildProcess.RunAsync(file, arguments, null, limit.Token);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            throw new TimeoutException($"{file} {string.Join(' ', arguments)} did not finish within {timeout.TotalMinutes} min.");
        }

        if (!result.Succeeded)
        {
            throw new InvalidOperationException(
                $"{file} {string.Join(' ', arguments)} exited with code {result.ExitCode}:\n{Tail(result.Output + result.Error, 40)}");
        }

        return result.Output;
    }

    internal static string Tail(string text, int lines) =>
        string.Join('\n', text.Split('\n', StringSplitOptions.RemoveEmptyEntries).TakeLast(lines));

    private static async Task<string?> ImageIdAsync(string image, CancellationToken ct)
    {
        var inspect = await ChildProcess.RunAsync(TestImages.DockerCli, ["image", "inspect", "--format", "{{.Id}}", image], null, ct);
        return inspect.Succeeded ? inspect.Output.Trim() : null;
    }

    private static string FindRepositoryRoot([CallerFilePath] string sourceFile = "")
    {
        var folder = new DirectoryInfo(Path.GetDirectoryName(sourceFile)!);
        while (folder is not null && !File.Exists(Path.Combine(folder.FullName, "DropIt.Panel.sln")))
        {
            folder = folder.Parent;
        }

        return folder?.FullName ?? throw new InvalidOperationException($"No folder above {sourceFile} holds DropIt.Panel.sln.");
    }
}
