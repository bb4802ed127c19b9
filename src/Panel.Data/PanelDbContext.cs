using DropIt.Panel.Core.ApiTokens;
using DropIt.Panel.Core.Audit;
using DropIt.Panel.Core.Backups;
using DropIt.Panel.Core.Certificates;
using DropIt.Panel.Core.Common;
using DropIt.Panel.Core.Deployments;
using DropIt.Panel.Core.Identity;
using DropIt.Panel.Core.Projects;
using DropIt.Panel.Core.Routing;
using DropIt.Panel.Core.Settings;
using DropIt.Panel.Core.StaticSites;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;

namespace DropIt.Panel.Data;

public sealed class PanelDbContext(DbContextOptions<PanelDbContext> options)
    : IdentityDbContext<PanelUser, IdentityRole<Guid>, Guid>(options), IPanelDbContext, IDataProtectionKeyContext
{
    public DbSet<Project> Projects => Set<Project>();
    public DbSet<Service> Services => Set<Service>();
    public DbSet<Domain> Domains => Set<Domain>();
    public DbSet<EnvironmentVariable> EnvironmentVariables => Set<EnvironmentVariable>();
    public DbSet<Deployment> Deployments => Set<Deployment>();
    public DbSet<StaticRelease> StaticReleases => Set<StaticRelease>();
    public DbSet<Certificate> Certificates => Set<Certificate>();
    public DbSet<AcmeChallenge> AcmeChallenges => Set<AcmeChallenge>();
    public DbSet<ApiToken> ApiTokens => Set<ApiToken>();
    public DbSet<AuditEvent> AuditEvents => Set<AuditEvent>();
    public DbSet<PanelSettings> PanelSettings => Set<PanelSettings>();
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();
    public DbSet<BackupDestination> BackupDestinations => Set<BackupDestination>();
    public DbSet<BackupPolicy> BackupPolicies => Set<BackupPolicy>();
    public DbSet<BackupRun> BackupRuns => Set<BackupRun>();
    public DbSet<Core.Alerts.AlertChannel> AlertChannels => Set<Core.Alerts.AlertChannel>();
    public DbSet<Core.Alerts.AlertRoute> AlertRoutes => Set<Core.Alerts.AlertRoute>();
    public DbSet<Core.Alerts.AlertDelivery> AlertDeliveries => Set<Core.Alerts.AlertDelivery>();
    public DbSet<UserInvitation> UserInvitations => Set<UserInvitation>();
    public DbSet<Core.ScheduledJobs.ScheduledJob> ScheduledJobs => Set<Core.ScheduledJobs.ScheduledJob>();
    public DbSet<Core.ScheduledJobs.ScheduledJobRun> ScheduledJobRuns => Set<Core.ScheduledJobs.ScheduledJobRun>();
    public DbSet<Core.Cluster.ServerSshKey> ServerSshKeys => Set<Core.Cluster.ServerSshKey>();
    public DbSet<Core.Cluster.ServerHostKey> ServerHostKeys => Set<Core.Cluster.ServerHostKey>();
    public DbSet<Core.Registry.RegistrySettings> RegistrySettings => Set<Core.Registry.RegistrySettings>();

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.ApplyConfigurationsFromAssembly(typeof(PanelDbContext).Assembly);
    }

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        configurationBuilder.Properties<Enum>().HaveConversion<string>().HaveMaxLength(32);
    }
}
