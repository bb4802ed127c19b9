using System.Data.Common;
using DropIt.Panel.Core.Backups;
using DropIt.Panel.Core.Certificates;
using DropIt.Panel.Core.Deployments;
using Prometheus;

namespace DropIt.Panel.Core.Monitoring;

public sealed partial class PanelMetrics
{
    private readonly RecordFamilies records;

    private static readonly string[] Outcomes = ["succeeded", "unverified", "failed"];

    /// <summary>Deployments by service and status, with their durations (the grouped result set).</summary>
    private async Task RefreshDeploymentsAsync(DbDataReader reader, Dictionary<Guid, string[]> services, CancellationToken cancellationToken)
    {
        while (await reader.ReadAsync(cancellationToken))
        {
            if (!services.TryGetValue(reader.GetGuid(0), out var service) || NameOf<DeploymentStatus>(reader, 1) is not { } status)
            {
                continue;
            }

            string[] labels = [.. service, status];
            records.Deployments.Set(reader.GetInt32(2), labels);
            records.DeploymentSeconds.Set(reader.GetDouble(3), labels);
            records.DeploymentMaxSeconds.Set(reader.GetDouble(4), labels);
        }

        records.Deployments.Sweep();
        records.DeploymentSeconds.Sweep();
        records.DeploymentMaxSeconds.Sweep();
    }

    /// <summary>Per backup policy: the last finished run's outcome and the age of the last good backup.</summary>
    private async Task RefreshBackupsAsync(DbDataReader reader, DateTimeOffset now, CancellationToken cancellationToken)
    {
        while (await reader.ReadAsync(cancellationToken))
        {
            string[] labels = [reader.GetGuid(0).ToString(), reader.GetString(1), NameOf<BackupTarget>(reader, 2) ?? "unknown"];
            records.BackupEnabled.Set(reader.GetBoolean(3) ? 1 : 0, labels);
            if (!reader.IsDBNull(6))
            {
                var at = reader.GetFieldValue<DateTimeOffset>(6);
                records.BackupAge.Set(Math.Max(0, (now - at).TotalSeconds), labels);
                records.BackupTimestamp.Set(at.ToUnixTimeMilliseconds() / 1000d, labels);
            }

            if (Outcome(NameOf<BackupStatus>(reader, 4), NameOf<VerificationStatus>(reader, 5)) is { } outcome)
            {
                foreach (var name in Outcomes)
                {
                    records.BackupOutcome.Set(name == outcome ? 1 : 0, [.. labels, name]);
                }
            }
        }

        records.BackupEnabled.Sweep();
        records.BackupAge.Sweep();
        records.BackupTimestamp.Sweep();
        records.BackupOutcome.Sweep();
    }

    /// <summary>A backup whose test restore failed is "unverified": written, but not proven to restore. Null: no run yet.</summary>
    private static string? Outcome(string? status, string? verification) => (status, verification) switch
    {
        (null, _) => null,
        ("failed", _) => "failed",
        (_, "failed") => "unverified",
        _ => "succeeded",
    };

    /// <summary>Seconds until each certificate's not-after (negative once expired).</summary>
    private async Task RefreshCertificatesAsync(DbDataReader reader, DateTimeOffset now, CancellationToken cancellationToken)
    {
        while (await reader.ReadAsync(cancellationToken))
        {
            string[] labels = [reader.GetGuid(0).ToString(), reader.GetString(1), NameOf<CertificateSource>(reader, 2) ?? "unknown"];
            var notAfter = reader.GetFieldValue<DateTimeOffset>(4);
            records.CertificateExpiry.Set((notAfter - now).TotalSeconds, labels);
            records.CertificateNotAfter.Set(notAfter.ToUnixTimeMilliseconds() / 1000d, labels);
            records.CertificateFailing.Set(NameOf<CertificateState>(reader, 3) == "failing" ? 1 : 0, labels);
        }

        records.CertificateExpiry.Sweep();
        records.CertificateNotAfter.Sweep();
        records.CertificateFailing.Sweep();
    }

    private sealed class RecordFamilies(IMetricFactory factory)
    {
        private static readonly string[] DeploymentLabels = [.. ServiceLabels, "status"];
        private static readonly string[] PolicyLabels = ["policy", "subject", "target"];
        private static readonly string[] CertificateLabels = ["certificate", "domain", "source"];

        public MetricsGaugeFamily Deployments { get; } = new(factory, "dropit_service_deployments",
            "Deployments of the service kept in the panel's history, by status.", DeploymentLabels);

        public MetricsGaugeFamily DeploymentSeconds { get; } = new(factory, "dropit_service_deployments_duration_seconds",
            "Time the service's finished deployments of this status took, added up (divide by dropit_service_deployments for the mean).",
            DeploymentLabels);

        public MetricsGaugeFamily DeploymentMaxSeconds { get; } = new(factory, "dropit_service_deployment_max_duration_seconds",
            "The longest finished deployment of the service with this status.", DeploymentLabels);

        public MetricsGaugeFamily BackupEnabled { get; } = new(factory, "dropit_backup_policy_enabled",
            "1 when the backup policy runs on its schedule, 0 when it is paused.", PolicyLabels);

        public MetricsGaugeFamily BackupAge { get; } = new(factory, "dropit_backup_age_seconds",
            "Seconds since the policy's last successful backup finished; absent before the first.", PolicyLabels);

        public MetricsGaugeFamily BackupTimestamp { get; } = new(factory, "dropit_backup_last_success_timestamp_seconds",
            "When the policy's last successful backup finished, in Unix time.", PolicyLabels);

        public MetricsGaugeFamily BackupOutcome { get; } = new(factory, "dropit_backup_last_outcome",
            "The outcome of the policy's last finished backup: 1 for it, 0 for the others (unverified: its test restore failed).",
            [.. PolicyLabels, "outcome"]);

        public MetricsGaugeFamily CertificateExpiry { get; } = new(factory, "dropit_certificate_expiry_seconds",
            "Seconds until the certificate's not-after; negative once it has expired.", CertificateLabels);

        public MetricsGaugeFamily CertificateNotAfter { get; } = new(factory, "dropit_certificate_not_after_timestamp_seconds",
            "The certificate's not-after, in Unix time.", CertificateLabels);

        public MetricsGaugeFamily CertificateFailing { get; } = new(factory, "dropit_certificate_renewal_failing",
            "1 when the last attempt to issue or renew the certificate failed.", CertificateLabels);
    }
}
