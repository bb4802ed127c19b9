using DropIt.Panel.Core.Alerts;
using DropIt.Panel.Core.ApiTokens;
using DropIt.Panel.Core.Audit;
using DropIt.Panel.Core.Backups;
using DropIt.Panel.Core.Certificates;
using DropIt.Panel.Core.Deployments;
using DropIt.Panel.Core.Identity;
using DropIt.Panel.Core.Projects;
using DropIt.Panel.Core.Routing;
using DropIt.Panel.Core.Settings;
using DropIt.Panel.Core.StaticSites;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Infrastructure;

namespace DropIt.Panel.Core.Common;

public interface IPanelDbContext
{
    DbSet<Project> Projects { get; }
    DbSet<Service> Services { get; }
    DbSet<Domain> Domains { get; }
    DbSet<EnvironmentVariable> EnvironmentVariables { get; }
    DbSet<Deployment> Deployments { get; }
    DbSet<StaticRelease> StaticReleases { get; }
    DbSet<Certificate> Certificates { get; }
    DbSet<AcmeChallenge> AcmeChallenges { get; }
    DbSet<ApiToken> ApiTokens { get; }
    DbSet<AuditEvent> AuditEvents { get; }
    DbSet<PanelSettings> PanelSettings { get; }
    DbSet<PanelUser> Users { get; }
    DbSet<UserInvitation> UserInvitations { get; }
    DbSet<BackupDestination> BackupDestinations { get; }
    DbSet<BackupPolicy> BackupPolicies { get; }
    DbSet<BackupRun> BackupRuns { get; }
    DbSet<AlertChannel> AlertChannels { get; }
    DbSet<AlertRoute> AlertRoutes { get; }
    DbSet<AlertDelivery> AlertDeliveries { get; }
    DbSet<ScheduledJobs.ScheduledJob> ScheduledJobs { get; }
    DbSet<ScheduledJobs.ScheduledJobRun> ScheduledJobRuns { get; }
    DbSet<Cluster.ServerSshKey> ServerSshKeys { get; }
    DbSet<Cluster.ServerHostKey> ServerHostKeys { get; }
    DbSet<Registry.RegistrySettings> RegistrySettings { get; }
    DatabaseFacade Database { get; }
    ChangeTracker ChangeTracker { get; }

    Task<int> SaveChangesAsync(CancellationToken cancellationToken = default);
}
