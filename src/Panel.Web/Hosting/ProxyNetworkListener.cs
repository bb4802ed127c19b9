using System.Globalization;
using System.Net;
using DropIt.Panel.Core.Docker;

namespace DropIt.Panel.Web.Hosting;

/// <summary>
/// In a container on the proxy network, the panel listens only on its address there and on loopback (decision 030): its
/// container also joins project networks to probe replicas, and an application there must not reach the panel's port.
/// On the Docker host (development, tests) nothing changes.
/// </summary>
public static partial class ProxyNetworkListener
{
    public static async Task ListenOnProxyNetworkAsync(this WebApplicationBuilder builder)
    {
        var docker = builder.Configuration.GetSection(DockerOptions.Section).Get<DockerOptions>() ?? new DockerOptions();
        var plan = await PlanAsync(builder.Configuration, docker);
        if (plan.Urls.Count > 0)
        {
            builder.WebHost.UseUrls([.. plan.Urls]);
        }

        builder.Services.AddSingleton(plan);
        builder.Services.AddHostedService<ListenReport>();
    }

    private static async Task<ListenPlan> PlanAsync(IConfiguration configuration, DockerOptions docker)
    {
        if (!docker.IsolatePanelPort)
        {
            return new ListenPlan([], "Docker:IsolatePanelPort is off: the panel listens where ASP.NET Core is told to");
        }

        if (configuration.GetSection("Kestrel:Endpoints").Exists())
        {
            return new ListenPlan([], "Kestrel:Endpoints is set: the panel listens there, as configured");
        }

        IPAddress? address;
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            address = await ProxyNetworkAddress.FindAsync(docker, timeout.Token);
        }
        catch (Exception e) when (EngineErrors.IsEngineFailure(e) || e is OperationCanceledException)
        {
            return new ListenPlan([], $"the Docker engine could not say whether the panel runs on the proxy network {docker.Network} ({e.Message})");
        }

        if (address is null)
        {
            return new ListenPlan([], null);
        }

        var host = address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? $"[{address}]" : address.ToString();
        var urls = Ports(configuration).SelectMany(p => new[] { $"http://127.0.0.1:{p}", $"http://{host}:{p}" }).ToList();
        return new ListenPlan(urls, null);
    }

    /// <summary>The ports ASP.NET Core was given (ASPNETCORE_URLS, else ASPNETCORE_HTTP_PORTS; 8080 in the panel's image).</summary>
    private static IEnumerable<int> Ports(IConfiguration configuration)
    {
        var urls = configuration["urls"];
        var ports = !string.IsNullOrWhiteSpace(urls)
            ? urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .Select(u => Microsoft.AspNetCore.Http.BindingAddress.Parse(u).Port)
            : (configuration["http_ports"] ?? "8080").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .Select(p => int.Parse(p, CultureInfo.InvariantCulture));
        return ports.Distinct();
    }

    /// <summary>Where the panel listens when it isolates its port; no URLs when it does not (and why, when that is worth saying).</summary>
    public sealed record ListenPlan(IReadOnlyList<string> Urls, string? Note);

    private sealed partial class ListenReport(ListenPlan plan, ILogger<ListenReport> logger) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken)
        {
            if (plan.Urls.Count > 0)
            {
                LogIsolated(string.Join(", ", plan.Urls));
            }
            else if (plan.Note is { } note)
            {
                LogNotIsolated(note);
            }

            return Task.CompletedTask;
        }

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        [LoggerMessage(Level = LogLevel.Information, Message = "The panel listens only on loopback and its address on the proxy network: {Urls}")]
        private partial void LogIsolated(string urls);

        [LoggerMessage(Level = LogLevel.Warning, Message = "The panel's port is not limited to the proxy network: {Reason}")]
        private partial void LogNotIsolated(string reason);
    }
}
