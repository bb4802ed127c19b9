using DropIt.Panel.Core.Backups;
using DropIt.Panel.Core.Certificates;
using DropIt.Panel.Core.Deployments;
using DropIt.Panel.Data;
using Hangfire;
using Hangfire.Dashboard;
using Hangfire.PostgreSql;
using Hangfire.PostgreSql.Factories;

namespace DropIt.Panel.Web.Jobs;

public static class JobsExtensions
{
    /// <summary>Hangfire's tables live in this schema of the panel's database.</summary>
    public const string Schema = "hangfire";

    /// <summary>Hangfire on the panel's PostgreSQL (schema "hangfire"), its server inside the panel.</summary>
    public static WebApplicationBuilder AddPanelJobs(this WebApplicationBuilder builder)
    {
        var connectionString = builder.Configuration.GetConnectionString(DataServiceCollectionExtensions.ConnectionStringName)!;
        // The storage is this host's own singleton, never Hangfire's static JobStorage.Current: two panels in one
        // process (tests) would otherwise race for it and send jobs to each other's database.
        builder.Services.AddSingleton<JobStorage>(_ =>
        {
            GlobalConfiguration.Configuration
                .SetDataCompatibilityLevel(CompatibilityLevel.Version_180)
                .UseSimpleAssemblyNameTypeSerializer()
                .UseRecommendedSerializerSettings();
            var options = new PostgreSqlStorageOptions { SchemaName = Schema, PrepareSchemaIfNecessary = true };
            return new PostgreSqlStorage(new NpgsqlConnectionFactory(connectionString, options), options);
        });
        builder.Services.AddHangfire(_ => { });
        builder.Services.AddSingleton<IHostedService, DeploymentRecoveryStartup>();
        builder.Services.AddHangfireServer(o =>
        {
            o.WorkerCount = builder.Configuration.GetValue("Panel:Jobs:WorkerCount", 4);
            o.Queues = [DeployJob.Queue, BackupJobs.Queue, "default"];
        });
        builder.Services.AddTransient<AuditRetentionJob>();
        builder.Services.AddTransient<DeployJob>();
        builder.Services.AddSingleton<IDeploymentQueue, HangfireDeploymentQueue>();
        builder.Services.AddHostedService<DeploymentQueueWatchdog>();
        builder.Services.AddTransient<CertificateJobs>();
        builder.Services.AddSingleton<ICertificateQueue, HangfireCertificateQueue>();
        builder.Services.AddHostedService<RecurringJobsRegistration>();
        builder.Services.AddTransient<CleanupJob>();
        builder.Services.AddTransient<BackupJobs>();
        builder.Services.AddSingleton<IBackupQueue, HangfireBackupQueue>();
        builder.Services.AddHostedService<CleanupJobRegistration>();
        return builder;
    }

    /// <summary>The dashboard at /hangfire, for signed-in people with the admin role only.</summary>
    public static void MapPanelJobs(this IEndpointRouteBuilder app)
    {
        app.MapHangfireDashboard("/hangfire", new DashboardOptions
        {
            Authorization = [new SignedInDashboardFilter()],
            DisplayStorageConnectionString = false,
            AppPath = "/",
            DashboardTitle = "DropIt Panel jobs",
        }).RequireAuthorization(Auth.AccessPolicies.Admin);
    }

    private sealed class SignedInDashboardFilter : IDashboardAuthorizationFilter
    {
        public bool Authorize(DashboardContext context) =>
            context.GetHttpContext().User.Identity?.IsAuthenticated == true;
    }
}
