using DropIt.Panel.Core.Audit;
using DropIt.Panel.Core.Backups.Streams;
using DropIt.Panel.Core.Common;
using DropIt.Panel.Core.Projects;
using Microsoft.EntityFrameworkCore;

namespace DropIt.Panel.Core.Backups;

/// <summary>Backup policies of databases, volumes and the panel: their schedule, destination, encryption and retention.</summary>
public sealed class BackupPolicies(IPanelDbContext db, IBackupQueue queue, BackupRunner runner, AuditTrail audit, TimeProvider clock)
{
    public async Task<IReadOnlyList<PolicyView>> ListAsync(Guid? serviceId, CancellationToken cancellationToken)
    {
        var policies = await Query().Where(p => serviceId == null || p.ServiceId == serviceId).OrderBy(p => p.SubjectName)
            .ToListAsync(cancellationToken);
        var ids = policies.Select(p => p.Id).ToList();
        var last = (await db.BackupRuns
                .Where(r => ids.Contains(r.PolicyId) && r.StartedAt == db.BackupRuns.Where(o => o.PolicyId == r.PolicyId).Max(o => o.StartedAt))
                .ToListAsync(cancellationToken))
            .DistinctBy(r => r.PolicyId).ToDictionary(r => r.PolicyId);
        return policies.Select(p => View(p, last.GetValueOrDefault(p.Id))).ToList();
    }

    public async Task<PolicyView?> FindAsync(Guid id, CancellationToken cancellationToken)
    {
        var policy = await Query().FirstOrDefaultAsync(p => p.Id == id, cancellationToken);
        if (policy is null)
        {
            return null;
        }

        var last = await db.BackupRuns.Where(r => r.PolicyId == id).OrderByDescending(r => r.StartedAt).FirstOrDefaultAsync(cancellationToken);
        return View(policy, last);
    }

    public async Task<Outcome<PolicySaved>> SaveAsync(Guid? id, PolicyInput input, Actor actor, CancellationToken cancellationToken)
    {
        var policy = id is null ? null : await Query().FirstOrDefaultAsync(p => p.Id == id, cancellationToken);
        if (id is not null && policy is null)
        {
            return Outcome<PolicySaved>.NotFound("This backup policy does not exist.");
        }

        var destination = await db.BackupDestinations.FirstOrDefaultAsync(d => d.Id == input.DestinationId, cancellationToken);
        if (destination is null)
        {
            return Outcome<PolicySaved>.Invalid("Choose a destination (add one under Backups first).");
        }

        var subject = policy is null ? await SubjectAsync(input, cancellationToken) : Outcome<(Service?, string)>.Ok((policy.Service, policy.SubjectName));
        if (!subject.Succeeded)
        {
            return subject.Failed<PolicySaved>();
        }

        var timeZone = input.TimeZone ?? policy?.TimeZone ?? "UTC";
        var schedule = input.Schedule is null ? policy?.Schedule : string.IsNullOrWhiteSpace(input.Schedule) ? null : input.Schedule.Trim();
        if (BackupSchedule.Validate(schedule, timeZone) is { } scheduleError)
        {
            return Outcome<PolicySaved>.Invalid(scheduleError);
        }

        if (new[] { input.KeepLast, input.KeepDaily, input.KeepWeekly, input.KeepMonthly }.Any(k => k is < 0 or > 1000)
            || input.TimeoutMinutes is < 1 or > 24 * 60)
        {
            return Outcome<PolicySaved>.Invalid("Retention counts go from 0 to 1000; the timeout from 1 to 1440 minutes.");
        }

        if (policy is null)
        {
            policy = new BackupPolicy { Id = Guid.CreateVersion7(), Target = input.Target, CreatedAt = clock.GetUtcNow() };
            (policy.Service, policy.SubjectName) = subject.Value;
            policy.ServiceId = policy.Service?.Id;
            policy.VolumeName = input.Target == BackupTarget.Volume ? input.VolumeName!.Trim() : null;
            db.BackupPolicies.Add(policy);
        }

        string? privateKey = null;
        if (input.Encrypt == true && policy.EncryptionPublicKey is null)
        {
            var key = BackupEncryption.Create();
            (policy.EncryptionPublicKey, policy.EncryptionKeyId, privateKey) = (key.PublicKey, key.KeyId, key.PrivateKey);
        }
        else if (input.Encrypt == false)
        {
            (policy.EncryptionPublicKey, policy.EncryptionKeyId) = (null, null);
        }

        policy.DestinationId = destination.Id;
        policy.Destination = destination;
        policy.Schedule = schedule;
        policy.TimeZone = timeZone;
        policy.Compression = input.Compression ?? policy.Compression;
        policy.KeepLast = input.KeepLast ?? policy.KeepLast;
        policy.KeepDaily = input.KeepDaily ?? policy.KeepDaily;
        policy.KeepWeekly = input.KeepWeekly ?? policy.KeepWeekly;
        policy.KeepMonthly = input.KeepMonthly ?? policy.KeepMonthly;
        policy.VerifyAfterBackup = input.VerifyAfterBackup ?? policy.VerifyAfterBackup;
        policy.TimeoutMinutes = input.TimeoutMinutes ?? policy.TimeoutMinutes;
        policy.PauseDuringBackup = input.PauseDuringBackup ?? policy.PauseDuringBackup;
        policy.Enabled = input.Enabled ?? policy.Enabled;
        audit.Add(actor, AuditActions.BackupPolicySaved, policy.SubjectName);
        await db.SaveChangesAsync(cancellationToken);
        queue.Schedule(policy);
        return Outcome<PolicySaved>.Ok(new PolicySaved(View(policy, null), privateKey));
    }

    public async Task<Outcome<bool>> DeleteAsync(Guid id, Actor actor, CancellationToken cancellationToken)
    {
        var policy = await db.BackupPolicies.FirstOrDefaultAsync(p => p.Id == id, cancellationToken);
        if (policy is null)
        {
            return Outcome<bool>.NotFound("This backup policy does not exist.");
        }

        queue.Unschedule(id);
        db.BackupPolicies.Remove(policy);
        audit.Add(actor, AuditActions.BackupPolicyDeleted, policy.SubjectName, "stored backups stay at the destination");
        await db.SaveChangesAsync(cancellationToken);
        return Outcome<bool>.Ok(true);
    }

    /// <summary>"Back up now": a manual run, queued; retention applies to it as to scheduled ones.</summary>
    public async Task<Outcome<BackupRunView>> BackUpNowAsync(Guid id, Actor actor, CancellationToken cancellationToken)
    {
        var policy = await db.BackupPolicies.FirstOrDefaultAsync(p => p.Id == id, cancellationToken);
        if (policy is null)
        {
            return Outcome<BackupRunView>.NotFound("This backup policy does not exist.");
        }

        var run = await runner.CreateAsync(id, BackupTrigger.Manual, cancellationToken);
        audit.Add(actor, AuditActions.BackupStarted, policy.SubjectName);
        await db.SaveChangesAsync(cancellationToken);
        queue.EnqueueRun(run.Id);
        return Outcome<BackupRunView>.Ok(BackupRunView.Of(run));
    }

    public async Task<IReadOnlyList<BackupRunView>> RunsAsync(Guid policyId, int limit, CancellationToken cancellationToken) =>
        (await db.BackupRuns.Where(r => r.PolicyId == policyId).OrderByDescending(r => r.StartedAt).Take(limit).ToListAsync(cancellationToken))
        .Select(BackupRunView.Of).ToList();

    public async Task<BackupRunView?> RunAsync(Guid runId, CancellationToken cancellationToken) =>
        await db.BackupRuns.FirstOrDefaultAsync(r => r.Id == runId, cancellationToken) is { } run ? BackupRunView.Of(run) : null;

    private IQueryable<BackupPolicy> Query() =>
        db.BackupPolicies.Include(p => p.Destination).Include(p => p.Service).ThenInclude(s => s!.Project);

    private async Task<Outcome<(Service?, string)>> SubjectAsync(PolicyInput input, CancellationToken cancellationToken)
    {
        switch (input.Target)
        {
            case BackupTarget.Database:
                var service = await db.Services.Include(s => s.Project)
                    .FirstOrDefaultAsync(s => s.Id == input.ServiceId && s.Kind == ServiceKind.Database, cancellationToken);
                return service is null
                    ? Outcome<(Service?, string)>.Invalid("Choose the database to back up.")
                    : Outcome<(Service?, string)>.Ok((service, $"{service.Project!.Name}/{service.Name}"));
            case BackupTarget.Volume:
                return string.IsNullOrWhiteSpace(input.VolumeName)
                    ? Outcome<(Service?, string)>.Invalid("Give the name of the volume to back up.")
                    : Outcome<(Service?, string)>.Ok((null, $"volume {input.VolumeName.Trim()}"));
            default:
                return await db.BackupPolicies.AnyAsync(p => p.Target == BackupTarget.Panel, cancellationToken)
                    ? Outcome<(Service?, string)>.Conflict("The panel has a backup policy already: change that one.")
                    : Outcome<(Service?, string)>.Ok((null, "the panel"));
        }
    }

    private PolicyView View(BackupPolicy p, BackupRun? last) => new(p.Id, p.Target, p.SubjectName, p.ServiceId, p.VolumeName, p.DestinationId,
        p.Destination?.Name ?? "", p.Schedule, p.TimeZone, BackupSchedule.Describe(p.Schedule, p.TimeZone),
        p.Schedule is null || !p.Enabled ? null : BackupSchedule.Next(p.Schedule, p.TimeZone, clock.GetUtcNow()), p.Compression,
        p.EncryptionKeyId, p.KeepLast, p.KeepDaily, p.KeepWeekly, p.KeepMonthly, p.VerifyAfterBackup, p.TimeoutMinutes, p.PauseDuringBackup,
        p.Enabled, last is null ? null : BackupRunView.Of(last));
}
