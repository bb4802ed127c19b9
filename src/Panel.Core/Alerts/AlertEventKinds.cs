namespace DropIt.Panel.Core.Alerts;

/// <summary>The events alerts are sent for, as the API and the routing table name them.</summary>
public static class AlertEventKinds
{
    public const string DeploymentFailed = "deployment.failed";
    public const string DeploymentSucceeded = "deployment.succeeded";
    public const string ReleaseFailed = "release.failed";
    public const string ServiceCrashLoop = "service.crash-loop";
    public const string ServiceUnhealthy = "service.unhealthy";
    public const string ServiceOom = "service.oom";
    public const string BackupFailed = "backup.failed";
    public const string CertificateFailing = "certificate.failing";
    public const string CertificateExpiring = "certificate.expiring";
    public const string DiskFull = "disk.full";
    public const string PanelRestarted = "panel.restarted";
    public const string JobFailed = "job.failed";

    /// <summary>Every kind with the words the routing table shows.</summary>
    public static readonly IReadOnlyList<(string Kind, string Label)> All =
    [
        (DeploymentFailed, "Deployment failed"),
        (DeploymentSucceeded, "Deployment succeeded"),
        (ReleaseFailed, "Release command failed"),
        (ServiceCrashLoop, "Service crash-looping"),
        (ServiceUnhealthy, "Service unhealthy"),
        (ServiceOom, "Container killed for memory"),
        (BackupFailed, "Backup failed or unverified"),
        (CertificateFailing, "Certificate renewal failing"),
        (CertificateExpiring, "Certificate expiring within 14 days"),
        (DiskFull, "Disk use over the threshold"),
        (PanelRestarted, "Panel restarted"),
        (JobFailed, "Scheduled job failed"),
    ];

    public static bool IsKnown(string kind) => All.Any(k => k.Kind == kind);

    public static string Label(string kind) => All.FirstOrDefault(k => k.Kind == kind).Label ?? kind;

    /// <summary>Warnings for problems, info for the rest; a webhook's <c>severity</c>.</summary>
    public static string Severity(string kind, AlertMessageType type) =>
        type == AlertMessageType.Resolved || kind is DeploymentSucceeded or PanelRestarted ? "info"
        : kind is CertificateExpiring or DiskFull ? "warning" : "error";
}
