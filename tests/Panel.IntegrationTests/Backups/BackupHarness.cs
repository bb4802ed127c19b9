using DropIt.Panel.Core.Backups;
using DropIt.Panel.Core.Common;
using DropIt.Panel.Data;
using DropIt.Panel.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace DropIt.Panel.IntegrationTests.Backups;

/// <summary>Destinations, policies and runs of a test panel through its Core services.</summary>
public sealed class BackupHarness(PanelFactory panel)
{
    public async Task<Guid> S3DestinationAsync(string name, S3Server s3, string bucket, string secret = S3Server.SecretKey) =>
        await SaveDestinationAsync(new DestinationInput(name, DestinationKind.S3, Endpoint: s3.Endpoint, Region: "us-east-1", Bucket: bucket,
            Prefix: "dropit/", PathStyle: true, AccessKey: S3Server.AccessKey, SecretKey: secret));

    public async Task<Guid> LocalDestinationAsync(string name, string folder) =>
        await SaveDestinationAsync(new DestinationInput(name, DestinationKind.Local, LocalPath: folder));

    private async Task<Guid> SaveDestinationAsync(DestinationInput input)
    {
        var saved = await panel.WithScopeAsync(sp => sp.GetRequiredService<BackupDestinations>().SaveAsync(null, input, Actor.System, CancellationToken.None));
        Assert.True(saved.Succeeded, saved.Error);
        return saved.Value!.Id;
    }

    public async Task<PolicySaved> PolicyAsync(PolicyInput input, Guid? id = null)
    {
        var saved = await panel.WithScopeAsync(sp => sp.GetRequiredService<BackupPolicies>().SaveAsync(id, input, Actor.System, CancellationToken.None));
        Assert.True(saved.Succeeded, saved.Error);
        return saved.Value!;
    }

    /// <summary>Runs a manual backup of the policy to its end (with its test restore and retention), in this process.</summary>
    public async Task<BackupRun> BackUpAsync(Guid policyId)
    {
        var runId = await panel.WithScopeAsync(async sp =>
        {
            var runner = sp.GetRequiredService<BackupRunner>();
            var run = await runner.CreateAsync(policyId, BackupTrigger.Manual, CancellationToken.None);
            await runner.RunAsync(run.Id, CancellationToken.None);
            return run.Id;
        });
        return await FindRunAsync(runId);
    }

    public Task<BackupRun> FindRunAsync(Guid runId) =>
        panel.WithScopeAsync(sp => sp.GetRequiredService<PanelDbContext>().BackupRuns.AsNoTracking().FirstAsync(r => r.Id == runId));

    public Task<List<BackupRun>> RunsAsync(Guid policyId) =>
        panel.WithScopeAsync(sp => sp.GetRequiredService<PanelDbContext>().BackupRuns.AsNoTracking()
            .Where(r => r.PolicyId == policyId).OrderBy(r => r.StartedAt).ToListAsync());

    public Task<Outcome<RestoreResult>> RestoreAsync(Guid runId, RestoreRequest request) =>
        panel.WithScopeAsync(sp => sp.GetRequiredService<BackupRestorer>().RestoreAsync(runId, request, Actor.System, CancellationToken.None));

    public Task VerifyAsync(Guid runId, string? privateKey) =>
        panel.WithScopeAsync(async sp =>
        {
            await sp.GetRequiredService<BackupVerifier>().VerifyAsync(runId, privateKey, CancellationToken.None);
            return true;
        });

    /// <summary>The stored object's bytes, read through the destination's store.</summary>
    public Task<byte[]> ReadObjectAsync(Guid destinationId, string key) =>
        panel.WithScopeAsync(async sp =>
        {
            var destination = await sp.GetRequiredService<PanelDbContext>().BackupDestinations.FirstAsync(d => d.Id == destinationId);
            using var store = sp.GetRequiredService<IBackupStoreFactory>().Open(destination);
            await using var stream = await store.OpenReadAsync(key, CancellationToken.None);
            using var copy = new MemoryStream();
            await stream.CopyToAsync(copy);
            return copy.ToArray();
        });

    public static string Explain(BackupRun run) =>
        $"status {run.Status}: {run.Error}; verification {run.Verification}: {run.VerificationDetail}";
}
