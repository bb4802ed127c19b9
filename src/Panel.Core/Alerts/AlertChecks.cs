using DropIt.Panel.Core.Backups;
using DropIt.Panel.Core.Certificates;
using DropIt.Panel.Core.Common;
using DropIt.Panel.Core.Monitoring;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace DropIt.Panel.Core.Alerts;

/// <summary>
/// What is looked at on a timer: the data folder's disk, certificates (failing renewals, expiry soon) and the backups
/// that ended since the last look. Conditions are raised while they hold and resolved when they end.
/// </summary>
public sealed class AlertChecks(IPanelDbContext db, DataDirectory data, IOptions<AlertOptions> options, TimeProvider clock)
{
    public const string DiskKey = "data";

    /// <summary>The alerts to raise and resolve now; <paramref name="backupsSince"/> moves to the newest backup seen.</summary>
    public async Task<(List<AlertEvent> Raise, List<AlertRecovery> Resolve)> RunAsync(Ref<DateTimeOffset> backupsSince,
        CancellationToken cancellationToken)
    {
        var raise = new List<AlertEvent>();
        var resolve = new List<AlertRecovery>();
        Disk(DiskUsage.FileSystemOf(data.Root), raise, resolve);
        await CertificatesAsync(raise, resolve, cancellationToken);
        await BackupsAsync(backupsSince, raise, resolve, cancellationToken);
        return (raise, resolve);
    }

    public void Disk(FileSystemUsage? disk, List<AlertEvent> raise, List<AlertRecovery> resolve)
    {
        if (disk is null || disk.TotalBytes <= 0)
        {
            return;
        }

        var now = clock.GetUtcNow();
        var percent = (int)Math.Round(100.0 * disk.UsedBytes / disk.TotalBytes);
        var threshold = options.Value.DiskThresholdPercent;
        if (percent > threshold)
        {
            raise.Add(new AlertEvent(AlertEventKinds.DiskFull, null, null, null, $"Disk {percent}% full",
                $"The filesystem of the panel's data folder ({disk.Path}) is {percent}% full, over the {threshold}% threshold; "
                + $"{disk.FreeBytes / 1_000_000_000.0:0.#} GB are free. Run a cleanup (Server → Clean up) or remove old images, "
                + "releases and backups before deployments and databases run out of space.", "/server", now)
            { Key = DiskKey, IsCondition = true });
        }
        else
        {
            resolve.Add(new AlertRecovery(AlertEventKinds.DiskFull, DiskKey, $"Resolved: disk {percent}% full",
                $"The data folder's filesystem is back under the {threshold}% threshold ({percent}%).", "/server", now));
        }
    }

    private async Task CertificatesAsync(List<AlertEvent> raise, List<AlertRecovery> resolve, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var soon = now.AddDays(options.Value.CertificateWarningDays);
        foreach (var certificate in await db.Certificates.AsNoTracking().ToListAsync(cancellationToken))
        {
            var name = certificate.Names.FirstOrDefault() ?? "the panel";
            var key = certificate.Id.ToString();
            if (certificate.State == CertificateState.Failing)
            {
                raise.Add(new AlertEvent(AlertEventKinds.CertificateFailing, certificate.ServiceId, null, null,
                    $"Certificate for {name} cannot be renewed", $"Renewing the certificate for {string.Join(", ", certificate.Names)} "
                    + $"fails: {certificate.LastError ?? "the CA gave no reason"}. Check that the domain's DNS points at this server "
                    + "and that port 80 reaches it, then press Retry on the Certificates page.", "/certificates", now)
                { Key = key, IsCondition = true });
            }
            else if (certificate.State == CertificateState.Valid)
            {
                resolve.Add(new AlertRecovery(AlertEventKinds.CertificateFailing, key, $"Resolved: certificate for {name} renewed",
                    $"The certificate for {string.Join(", ", certificate.Names)} is valid until {certificate.NotAfter:yyyy-MM-dd}.",
                    "/certificates", now));
            }

            if (certificate.NotAfter is { } notAfter && notAfter < soon)
            {
                var days = Math.Max(0, (int)Math.Floor((notAfter - now).TotalDays));
                raise.Add(new AlertEvent(AlertEventKinds.CertificateExpiring, certificate.ServiceId, null, null,
                    $"Certificate for {name} expires in {days} days", $"The certificate for {string.Join(", ", certificate.Names)} "
                    + $"expires on {notAfter:yyyy-MM-dd HH:mm} UTC. Renew it on the Certificates page (or upload a new one if it is your own).",
                    "/certificates", now)
                { Key = key, IsCondition = true });
            }
            else if (certificate.NotAfter is not null)
            {
                resolve.Add(new AlertRecovery(AlertEventKinds.CertificateExpiring, key, $"Resolved: certificate for {name} renewed",
                    $"The certificate for {string.Join(", ", certificate.Names)} is valid until {certificate.NotAfter:yyyy-MM-dd}.",
                    "/certificates", now));
            }
        }
    }

    private async Task BackupsAsync(Ref<DateTimeOffset> since, List<AlertEvent> raise, List<AlertRecovery> resolve,
        CancellationToken cancellationToken)
    {
        var from = since.Value;
        var runs = await db.BackupRuns.AsNoTracking().Include(r => r.Policy)
            .Where(r => r.FinishedAt != null && (r.FinishedAt > from || r.VerifiedAt > from) && r.Status != BackupStatus.Running)
            .ToListAsync(cancellationToken);
        foreach (var run in runs.OrderBy(r => r.VerifiedAt ?? r.FinishedAt))
        {
            if (run.Status == BackupStatus.Succeeded && run.Verification is VerificationStatus.NotRun or VerificationStatus.Running)
            {
                continue; // looked at again once its test restore has ended
            }

            var seen = run.VerifiedAt is { } verified && verified > run.FinishedAt!.Value ? verified : run.FinishedAt!.Value;
            since.Value = seen > since.Value ? seen : since.Value;
            var subject = run.Policy?.SubjectName ?? "a database";
            var path = run.Policy?.ServiceId is { } serviceId ? $"/databases/{serviceId}" : "/backups";
            var key = run.PolicyId.ToString();
            if (run.Status == BackupStatus.Failed || run.Verification == VerificationStatus.Failed)
            {
                var why = run.Status == BackupStatus.Failed
                    ? $"failed: {run.Error ?? "no reason was recorded"}"
                    : $"was written but its test restore failed: {run.VerificationDetail ?? "no detail was recorded"}";
                raise.Add(new AlertEvent(AlertEventKinds.BackupFailed, run.Policy?.ServiceId, subject, null,
                    $"Backup of {subject} {(run.Status == BackupStatus.Failed ? "failed" : "unverified")}",
                    $"The backup of {subject} {why}. Until a backup is verified, the last verified one is what a restore gives. "
                    + "Check the destination (Backups → destinations → Test) and the backup's log, then run it again.", path,
                    run.FinishedAt!.Value) { Key = key });
            }
            else if (run.Status == BackupStatus.Succeeded && run.Verification == VerificationStatus.Verified)
            {
                resolve.Add(new AlertRecovery(AlertEventKinds.BackupFailed, key, $"Resolved: backup of {subject} verified",
                    $"A backup of {subject} succeeded and its test restore passed.", path, clock.GetUtcNow()));
            }
        }
    }
}

/// <summary>A value a caller keeps between calls (a cursor).</summary>
public sealed class Ref<T>(T value)
{
    public T Value { get; set; } = value;
}
