using DropIt.Panel.Core.Audit;
using DropIt.Panel.Data;
using DropIt.Panel.TestSupport;
using DropIt.Panel.Web.Jobs;
using Hangfire;
using Hangfire.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace DropIt.Panel.IntegrationTests.Hosting;

public sealed class BackgroundJobsTests : PanelTest<PanelFactory>
{
    [Fact]
    public void RecurringJobs_AtStartUp_AreRegisteredInTheDatabase()
    {
        using var connection = Panel.Services.GetRequiredService<JobStorage>().GetConnection();

        var jobs = connection.GetRecurringJobs();

        Assert.Contains(jobs, j => j.Id == "audit-retention" && j.Cron == Cron.Daily(3));
    }

    [Fact]
    public async Task AuditRetention_DeletesOnlyEventsOlderThanTheSetting()
    {
        await Panel.WithScopeAsync(sp =>
        {
            var db = sp.GetRequiredService<PanelDbContext>();
            db.AuditEvents.Add(new AuditEvent { Actor = "a", Action = "old", At = DateTimeOffset.UtcNow.AddDays(-400) });
            db.AuditEvents.Add(new AuditEvent { Actor = "a", Action = "recent", At = DateTimeOffset.UtcNow.AddDays(-10) });
            return db.SaveChangesAsync();
        });

        var deleted = await Panel.WithScopeAsync(sp => sp.GetRequiredService<AuditRetentionJob>().RunAsync(CancellationToken.None));

        Assert.Equal(1, deleted);
        var left = await Panel.WithScopeAsync(sp => sp.GetRequiredService<PanelDbContext>().AuditEvents.Select(e => e.Action).ToListAsync());
        Assert.Equal(["recent"], left);
    }

    [Fact]
    public async Task DataProtectionKeys_AfterASignIn_AreKeptInTheDatabase()
    {
        await Panel.CreateAdminAsync();
        await Forms.SignedInClientAsync(Panel);

        var keys = await Panel.WithScopeAsync(sp => sp.GetRequiredService<PanelDbContext>().DataProtectionKeys.CountAsync());

        Assert.True(keys >= 1);
        Assert.Empty(Directory.GetFiles(Panel.DataPath, "key-*.xml", SearchOption.AllDirectories));
    }
}
