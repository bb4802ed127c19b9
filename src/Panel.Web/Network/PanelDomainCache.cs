using DropIt.Panel.Core.Common;
using DropIt.Panel.Core.Routing;
using DropIt.Panel.Core.Settings;
using Microsoft.EntityFrameworkCore;

namespace DropIt.Panel.Web.Network;

/// <summary>
/// The panel's own domain (Settings), read from the database at most every 30 seconds and again as soon as the
/// routes change (a new domain is saved). When the database cannot be read the last known domain is kept.
/// </summary>
public sealed partial class PanelDomainCache : IDisposable
{
    private static readonly TimeSpan MaxAge = TimeSpan.FromSeconds(30);
    private readonly IServiceScopeFactory scopes;
    private readonly TimeProvider clock;
    private readonly ILogger<PanelDomainCache> logger;
    private readonly IDisposable subscription;
    private volatile Entry? current;

    public PanelDomainCache(IServiceScopeFactory scopes, RouteChanges routes, TimeProvider clock, ILogger<PanelDomainCache> logger)
    {
        this.scopes = scopes;
        this.clock = clock;
        this.logger = logger;
        subscription = routes.Subscribe(change =>
        {
            if (change.ServiceId is null)
            {
                current = null;
            }
        });
    }

    /// <summary>The panel's domain in ASCII, or null when none is set.</summary>
    public async ValueTask<string?> GetAsync(CancellationToken cancellationToken)
    {
        var entry = current;
        if (entry is not null && clock.GetUtcNow() - entry.ReadAt < MaxAge)
        {
            return entry.Domain;
        }

        string? domain;
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<IPanelDbContext>();
            domain = await db.PanelSettings.AsNoTracking().Where(p => p.Id == PanelSettings.SingletonId).Select(s => s.PanelDomain).FirstOrDefaultAsync(cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            LogUnreadable(e);
            domain = entry?.Domain;
        }

        current = new Entry(domain, clock.GetUtcNow());
        return domain;
    }

    public void Dispose() => subscription.Dispose();

    private sealed record Entry(string? Domain, DateTimeOffset ReadAt);

    [LoggerMessage(LogLevel.Warning, "Could not read the panel's domain; the host check keeps the last known one")]
    private partial void LogUnreadable(Exception exception);
}
