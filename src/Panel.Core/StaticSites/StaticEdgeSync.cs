using DropIt.Panel.Core.Common;
using DropIt.Panel.Core.Projects;
using DropIt.Panel.Core.StaticSites.Edge;
using DropIt.Panel.Core.StaticSites.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace DropIt.Panel.Core.StaticSites;

/// <summary>
/// Makes <c>static/nginx.conf</c> match the database (sites, their domains and settings) and reloads the
/// edge only when the file changed. A new release never changes the file. A configuration nginx refuses
/// is never put in place: the running one keeps serving. An edge that cannot run (its image cannot be pulled,
/// nginx is missing) leaves the sites live on disk; <see cref="StaticEdgeStatus"/> says why.
/// </summary>
public sealed partial class StaticEdgeSync(
    IPanelDbContext db,
    DataDirectory data,
    IStaticEdgeHost host,
    StaticEdgeProblems problems,
    StaticEdgeStatus status,
    OneAtATime<StaticEdgeSync> oneAtATime,
    IOptions<StaticSitesOptions> options,
    ILogger<StaticEdgeSync> logger)
{
    public string ConfigPath => Path.Combine(data.StaticEdge, "nginx.conf");

    /// <summary>
    /// Writes and applies the configuration when it changed; true when nginx was (re)loaded. Throws
    /// <see cref="StaticEdgeException"/> when the edge cannot run or refuses the configuration, after reporting
    /// it to <see cref="StaticEdgeStatus"/> (which logs each distinct problem once).
    /// </summary>
    public async Task<bool> ApplyAsync(CancellationToken cancellationToken)
    {
        var sites = await SitesAsync(cancellationToken);
        var config = StaticEdgeConfigBuilder.Build(Settings(), sites);
        using (await oneAtATime.EnterAsync(cancellationToken))
        {
            Directory.CreateDirectory(data.StaticEdge);
            Directory.CreateDirectory(data.Sites);
            if (File.Exists(ConfigPath) && await File.ReadAllTextAsync(ConfigPath, cancellationToken) == config)
            {
                if (sites.Count > 0)
                {
                    await OnHostAsync(() => host.EnsureRunningAsync(ConfigPath, cancellationToken));
                    status.ReportServing();
                }

                return false;
            }

            var candidate = ConfigPath + ".new";
            await File.WriteAllTextAsync(candidate, config, cancellationToken);
            var error = await OnHostAsync(() => host.TestAsync(candidate, cancellationToken));
            if (error is not null)
            {
                File.Delete(candidate);
                var refused = new StaticEdgeProblem(true, error,
                    "the sites it served are served as before; correct the site's settings (response headers, not-found page) and save again");
                status.Report(refused);
                throw new StaticEdgeException(refused);
            }

            File.Move(candidate, ConfigPath, overwrite: true);
            await OnHostAsync(() => host.ApplyAsync(ConfigPath, cancellationToken));
            status.ReportServing();
            LogApplied(sites.Count);
            return true;
        }
    }

    /// <summary>Runs a call on the edge's host; a failure of the host becomes a reported <see cref="StaticEdgeException"/>.</summary>
    private async Task<T> OnHostAsync<T>(Func<Task<T>> call)
    {
        try
        {
            return await call();
        }
        catch (Exception e) when (StaticEdgeProblems.IsHostFailure(e))
        {
            var problem = await problems.DescribeAsync(e);
            status.Report(problem);
            throw new StaticEdgeException(problem, e);
        }
    }

    private Task OnHostAsync(Func<Task> call) => OnHostAsync(async () =>
    {
        await call();
        return true;
    });

    private StaticEdgeSettings Settings() => new()
    {
        Listen = options.Value.EdgeListen,
        SitesRoot = $"{host.DataPathInEdge.TrimEnd('/')}/sites",
        Brotli = options.Value.Brotli,
    };

    private async Task<List<StaticEdgeSite>> SitesAsync(CancellationToken cancellationToken)
    {
        var sites = await db.Services.AsNoTracking().Where(s => s.Kind == ServiceKind.StaticSite)
            .OrderBy(s => s.CreatedAt).ThenBy(s => s.Id).ToListAsync(cancellationToken);
        var ids = sites.Select(s => s.Id).ToList();
        var domains = (await db.Domains.AsNoTracking().Where(d => ids.Contains(d.ServiceId)).ToListAsync(cancellationToken))
            .ToLookup(d => d.ServiceId, d => d.Host);
        return sites.Where(s => domains[s.Id].Any()).Select(s => new StaticEdgeSite(
            s.Id,
            domains[s.Id].Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList(),
            s.StaticSite?.SpaMode ?? true,
            s.StaticSite?.NotFoundPage,
            s.StaticSite?.ResponseHeaders.Select(h => new StaticEdgeHeader(h.Name, h.Value)).ToList())).ToList();
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Static edge configuration applied: {Sites} site(s)")]
    private partial void LogApplied(int sites);
}
