using DropIt.Panel.Core.Backups;
using DropIt.Panel.Data;
using DropIt.Panel.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace DropIt.Panel.IntegrationTests.Backups;

/// <summary>Retention over simulated days deletes exactly the expected objects; a restart fails what was left running.</summary>
public sealed class RetentionAndRecoveryTests : PanelTest<BootstrappedPanel>
{
    private static readonly DateTimeOffset FirstDay = new(2026, 11, 1, 3, 0, 0, TimeSpan.Zero); // a Sunday

    [Fact]
    public async Task Retention_OverTwentySimulatedDays_LeavesExactlyTheExpectedObjectsAndTheOnlyVerifiedOne()
    {
        var folder = Directory.CreateTempSubdirectory("dropit-retention-").FullName;
        var backups = new BackupHarness(Panel);
        var destination = await backups.LocalDestinationAsync("folder", folder);
        var policy = (await backups.PolicyAsync(new PolicyInput(BackupTarget.Volume, destination, VolumeName: "data", KeepLast: 2, KeepDaily: 3,
            KeepWeekly: 2, KeepMonthly: 0))).Policy.Id;
        var keys = new Dictionary<int, string>();
        await Panel.WithScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<PanelDbContext>();
            for (var day = 0; day < 20; day++)
            {
                var key = $"volume-data/day-{day:00}.tar.zst";
                keys[day] = key;
                Directory.CreateDirectory(Path.Combine(folder, "volume-data"));
                await File.WriteAllTextAsync(Path.Combine(folder, key), $"backup of day {day}");
                db.BackupRuns.Add(new BackupRun
                {
                    Id = Guid.CreateVersion7(), PolicyId = policy, Status = BackupStatus.Succeeded, StartedAt = FirstDay.AddDays(day),
                    FinishedAt = FirstDay.AddDays(day).AddMinutes(1), ObjectKey = key, SizeBytes = 16,
                    Verification = day == 2 ? VerificationStatus.Verified : VerificationStatus.Failed,
                });
            }

            db.BackupRuns.Add(new BackupRun
            {
                Id = Guid.CreateVersion7(), PolicyId = policy, Status = BackupStatus.Failed, StartedAt = FirstDay.AddDays(20), ObjectKey = "failed",
            });
            await db.SaveChangesAsync();
            var loaded = await db.BackupPolicies.Include(p => p.Destination).FirstAsync(p => p.Id == policy);
            return await sp.GetRequiredService<BackupRetention>().ApplyAsync(loaded, CancellationToken.None);
        });

        // Last 2: days 19, 18; daily 3: 19, 18, 17; weekly 2: the newest of the ISO weeks of 16-22 and 9-15 November (days 19 and 14);
        // and day 2, the only verified backup.
        int[] kept = [2, 14, 17, 18, 19];
        var files = Directory.GetFiles(Path.Combine(folder, "volume-data")).Select(Path.GetFileName).Order().ToList();
        Assert.Equal(kept.Select(d => $"day-{d:00}.tar.zst"), files);
        var runs = await backups.RunsAsync(policy);
        Assert.Equal(kept, runs.Where(r => r.Status == BackupStatus.Succeeded && r.DeletedAt is null)
            .Select(r => (int)(r.StartedAt - FirstDay).TotalDays));
        Assert.Null(runs.Single(r => r.Status == BackupStatus.Failed).DeletedAt);
        Directory.Delete(folder, recursive: true);
    }

    [Fact]
    public async Task Recovery_AfterARestart_FailsTheBackupAndTheTestRestoreLeftRunning()
    {
        var backups = new BackupHarness(Panel);
        var destination = await backups.LocalDestinationAsync("folder", Directory.CreateTempSubdirectory("dropit-recovery-").FullName);
        var policy = (await backups.PolicyAsync(new PolicyInput(BackupTarget.Volume, destination, VolumeName: "data"))).Policy.Id;
        var running = Guid.CreateVersion7();
        var verifying = Guid.CreateVersion7();
        await Panel.WithScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<PanelDbContext>();
            db.BackupRuns.Add(new BackupRun { Id = running, PolicyId = policy, Status = BackupStatus.Running, StartedAt = DateTimeOffset.UtcNow });
            db.BackupRuns.Add(new BackupRun
            {
                Id = verifying, PolicyId = policy, Status = BackupStatus.Succeeded, StartedAt = DateTimeOffset.UtcNow,
                Verification = VerificationStatus.Running,
            });
            await db.SaveChangesAsync();
            await sp.GetRequiredService<BackupRecovery>().RecoverAsync(CancellationToken.None);
            return true;
        });

        var backup = await backups.FindRunAsync(running);
        Assert.Equal(BackupStatus.Failed, backup.Status);
        Assert.Equal("The panel stopped during the backup; run it again.", backup.Error);
        Assert.NotNull(backup.FinishedAt);
        var verified = await backups.FindRunAsync(verifying);
        Assert.Equal(BackupStatus.Succeeded, verified.Status);
        Assert.Equal(VerificationStatus.Failed, verified.Verification);
        Assert.Contains("panel stopped during the test restore", verified.VerificationDetail, StringComparison.Ordinal);
    }
}
