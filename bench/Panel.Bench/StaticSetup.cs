using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;
using DropIt.Panel.TestSupport;

namespace DropIt.Panel.Bench;

/// <summary>The panel under measure, its static edge's loopback port, and the site the releases go to.</summary>
internal sealed record StaticContext(PanelProcess Panel, SiteReleases Releases);

/// <summary>
/// Starts what the static mode needs, registering each thing with the <see cref="Teardown"/>: a throwaway PostgreSQL
/// cluster, the panel (Release build) running its own nginx as the static edge on a free loopback port, and a project
/// with one static site answering <see cref="Domain"/>.
/// </summary>
internal static class StaticSetup
{
    public const string Domain = "bench.dropit.test";
    public const string NginxPath = "/usr/sbin/nginx";

    /// <param name="teardown">Where each started thing is registered.</param>
    /// <param name="dataParent">Null: the panel's data folder is in the temporary folder (disk); otherwise a new folder under it (tmpfs: /dev/shm).</param>
    public static async Task<StaticContext> StartAsync(Teardown teardown, string? dataParent = null)
    {
        if (!File.Exists(NginxPath))
        {
            throw new InvalidOperationException($"{NginxPath} does not exist: the static edge runs it (apt-get install nginx-light).");
        }

        var edgePort = FreePort();
        var settings = new Dictionary<string, string>
        {
            ["Acme__Enabled"] = "false",
            ["StaticSites__EdgeMode"] = "Process",
            ["StaticSites__EdgeListen"] = $"127.0.0.1:{edgePort}",
            ["StaticSites__EdgeUpstreamUrl"] = $"http://127.0.0.1:{edgePort}",
            ["StaticSites__NginxPath"] = NginxPath,
        };
        if (dataParent is not null)
        {
            var dataFolder = Directory.CreateDirectory(Path.Combine(dataParent, $"dropit-bench-data-{Guid.NewGuid():N}")).FullName;
            teardown.AddFolder(dataFolder);
            teardown.Add("the static edge's nginx", () => StopLeftoverNginx(dataFolder));
            settings["Panel__DataPath"] = dataFolder;
        }


        // Runs after the panel stopped: an nginx it started and left behind would keep the port and the data folder.
        var panelData = settings.GetValueOrDefault("Panel__DataPath");
        var bench = await BenchPanel.StartAsync(teardown, settings, TimeSpan.FromMinutes(10), dataFolder =>
        {
            panelData ??= dataFolder;
            teardown.Add("the static edge's nginx", () => StopLeftoverNginx(dataFolder));
        });
        var (panel, api) = (bench.Process, bench.Api);

        var projectId = await CreateAsync(api, "/api/projects", new { name = "bench" }, panel);
        var siteId = await CreateAsync(api, $"/api/projects/{projectId}/static-sites", new { name = "web", domains = new[] { Domain } }, panel);
        var releases = new SiteReleases(api, siteId, edgePort, Domain)
        {
            IncomingFolder = Path.Combine(panelData!, "sites", siteId.ToString(), "incoming"),
        };
        teardown.Add("edge client", () =>
        {
            releases.Dispose();
            return Task.CompletedTask;
        });
        return new StaticContext(panel, releases);
    }

    private static async Task<Guid> CreateAsync(HttpClient api, string path, object body, PanelProcess panel)
    {
        using var response = await api.PostAsJsonAsync(path, body);
        var text = await response.Content.ReadAsStringAsync();
        if (response.StatusCode != HttpStatusCode.Created)
        {
            throw new InvalidOperationException(
                $"POST {path} answered {(int)response.StatusCode}: {text}\nLast lines of the panel's output:\n{panel.OutputTail()}");
        }

        return JsonDocument.Parse(text).RootElement.GetProperty("id").GetGuid();
    }

    /// <summary>Stops (by process id) an nginx master whose command line names this run's data folder, and says so.</summary>
    private static Task StopLeftoverNginx(string dataFolder)
    {
        foreach (var folder in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(folder), NumberStyles.None, CultureInfo.InvariantCulture, out var pid))
            {
                continue;
            }

            string commandLine;
            try
            {
                commandLine = File.ReadAllText(Path.Combine(folder, "cmdline")).Replace('\0', ' ');
            }
            catch (IOException)
            {
                continue;
            }
            catch (UnauthorizedAccessException)
            {
                continue;
            }

            if (commandLine.Contains("nginx", StringComparison.Ordinal) && commandLine.Contains(dataFolder, StringComparison.Ordinal))
            {
                Console.WriteLine($"The panel left nginx running (pid {pid}): stopping it.");
                using var term = System.Diagnostics.Process.Start("kill", ["-TERM", pid.ToString(CultureInfo.InvariantCulture)]);
                term.WaitForExit();
            }
        }

        return Task.CompletedTask;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
