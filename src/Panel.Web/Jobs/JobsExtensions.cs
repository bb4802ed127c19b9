using DropIt.Panel.Core.Backups;
using DropIt.Panel.Core.Certificates;
using DropIt.Panel.Core.Deployments;
using DropIt.Panel.Data;
using DropIt.Panel.Web.Hosting;
using Hangfire;
using Hangfire.AspNetCore;
using Hangfire.Dashboard;
using Hangfire.PostgreSql;
using Hangfire.PostgreSql.Factories;
using Microsoft.Extensions.Options;

namespace DropIt.Panel.Web.Jobs;

public static class JobsExtensions
{
    /// <summary>Hangfire's tables live in this schema of the panel's database.</summary>
    public const string Schema = "hangfire";

    /// <summary>Hangfire on the panel's PostgreSQL (schema "hangfire"), its server inside the panel.</summary>
    public static WebApplicationBuilder AddPanelJobs(this WebApplicationBuilder builder)
    {
        var connectionString = builder.Configuration.GetConnectionString(DataServiceCollectionExtensions.ConnectionStringName)!;
        builder.Services.AddOptions<JobServerOptions>().BindConfiguration(JobServerOptions.Section).ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<JobServerOptions>, JobServerOptionsValidator>();
        // The storage and the job activator are this host's own singletons, never Hangfire's static JobStorage.Current
        // and JobActivator.Current: two panels in one process (tests) would otherwise race for them and run jobs in
        // each other's database and services. Registered before AddHangfire, which only adds what is missing.
        builder.Services.AddSingleton<JobStorage>(_ =>
        {
            var options = new PostgreSqlStorageOptions { SchemaName = Schema, PrepareSchemaIfNecessary = true };
            return new PostgreSqlStorage(new NpgsqlConnectionFactory(connectionString, options), options);
        });
        builder.Services.AddSingleton<JobActivator>(sp => new AspNetCoreJobActivator(sp.GetRequiredService<IServiceScopeFactory>()));
        // Hangfire keeps its serializer settings process-wide: the host's configuration step sets them, once per host,
        // to the same values in every panel (decision 045).
        builder.Services.AddHangfire(configuration => configuration
            .SetDataCompatibilityLevel(CompatibilityLevel.Version_180)
            .UseSimpleAssemblyNameTypeSerializer()
            .UseRecommendedSerializerSettings());
        builder.Services.AddSingleton<IHostedService, DeploymentRecoveryStartup>();
        builder.Services.AddHangfireServer((services, o) =>
        {
            o.WorkerCount = RefusedSettings.ValueOrDefault<JobServerOptions>(services).WorkerCount;
            o.Queues = [DeployJob.Queue, BackupJobs.Queue, "default"];
            o.Activator = services.GetRequiredService<JobActivator>();
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
