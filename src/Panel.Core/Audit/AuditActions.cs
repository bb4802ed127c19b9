namespace DropIt.Panel.Core.Audit;

public static class AuditActions
{
    public const string SetupCompleted = "setup.completed";
    public const string SetupRefused = "setup.refused";
    public const string SignedIn = "auth.signed-in";
    public const string SignInFailed = "auth.sign-in-failed";
    public const string LockedOut = "auth.locked-out";
    public const string SignedOut = "auth.signed-out";
    public const string TwoFactorEnabled = "auth.2fa-enabled";
    public const string TwoFactorDisabled = "auth.2fa-disabled";
    public const string RecoveryCodesRegenerated = "auth.recovery-codes-regenerated";
    public const string PasswordChanged = "auth.password-changed";
    public const string ProjectCreated = "project.created";
    public const string ProjectUpdated = "project.updated";
    public const string ProjectDeleted = "project.deleted";
    public const string TokenCreated = "api-token.created";
    public const string TokenRevoked = "api-token.revoked";
    public const string SettingsUpdated = "settings.updated";
    public const string ServiceCreated = "service.created";
    public const string ServiceUpdated = "service.updated";
    public const string ServiceDeleted = "service.deleted";
    public const string ServiceStarted = "service.started";
    public const string ServiceStopped = "service.stopped";
    public const string ServiceRestarted = "service.restarted";
    public const string VariablesUpdated = "service.variables-updated";
    public const string SourceUploaded = "service.source-uploaded";
    public const string DeployKeyCreated = "service.deploy-key-created";
    public const string WebhookSecretCreated = "service.webhook-secret-created";
    public const string WebhookRejected = "webhook.rejected";
    public const string CertificateUploaded = "certificate.uploaded";
    public const string ReleaseUploaded = "static-site.release-uploaded";
    public const string ReleaseRefused = "static-site.release-refused";
    public const string ReleaseActivated = "static-site.release-activated";
    public const string ReleaseDeleted = "static-site.release-deleted";
    public const string DomainAdded = "domain.added";
    public const string DomainRemoved = "domain.removed";
    public const string DeploymentQueued = "deployment.queued";
    public const string DatabaseCredentialsShown = "database.credentials-shown";
    public const string DatabasePasswordRotated = "database.password-rotated";
    public const string DatabaseUpgradeStarted = "database.upgrade-started";
    public const string DatabaseVolumeDeleted = "database.volume-deleted";
    public const string DeploymentRolledBack = "deployment.rollback";
    public const string DeploymentCancelled = "deployment.cancelled";
}
