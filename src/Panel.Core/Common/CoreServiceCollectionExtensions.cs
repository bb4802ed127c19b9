using DropIt.Panel.Core.Alerts;
using DropIt.Panel.Core.ApiTokens;
using DropIt.Panel.Core.Applications;
using DropIt.Panel.Core.Audit;
using DropIt.Panel.Core.Backups;
using DropIt.Panel.Core.Certificates;
using DropIt.Panel.Core.Cleanup;
using DropIt.Panel.Core.Cluster;
using DropIt.Panel.Core.Compose;
using DropIt.Panel.Core.Databases;
using DropIt.Panel.Core.Deployments;
using DropIt.Panel.Core.Docker;
using DropIt.Panel.Core.Identity;
using DropIt.Panel.Core.Monitoring;
using DropIt.Panel.Core.Logs;
using DropIt.Panel.Core.Projects;
using DropIt.Panel.Core.Registry;
using DropIt.Panel.Core.Routing;
using DropIt.Panel.Core.ScheduledJobs;
using DropIt.Panel.Core.Secrets;
using DropIt.Panel.Core.Settings;
using DropIt.Panel.Core.StaticSites;
using DropIt.Panel.Core.Webhooks;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace DropIt.Panel.Core.Common;

public static class CoreServiceCollectionExtensions
{
    public static IServiceCollection AddPanelCore(this IServiceCollection services)
    {
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton(sp => new DataDirectory(PanelPaths.ResolveDataPath(
            sp.GetRequiredService<IConfiguration>(), sp.GetRequiredService<IHostEnvironment>())));
        // One gate per service that must run alone in this panel: OneAtATime<RoutingReconciler>, ...
        services.AddSingleton(typeof(OneAtATime<>));
        services.AddPanelAudit();
        services.AddPanelProjects();
        services.AddPanelApiTokens();
        services.AddPanelSettings();
        services.AddPanelIdentity();
        services.AddPanelSecrets();

        services.AddPanelEngine();
        services.AddPanelNetworks();
        services.AddPanelDeployments();
        services.AddPanelApplications();
        services.AddPanelWebhooks();
        services.AddPanelCertificates();
        services.AddPanelStaticSites();
        services.AddPanelRouting();
        services.AddPanelMonitoring();
        services.AddPanelLogs();
        services.AddPanelCleanup();
        services.AddPanelDatabases();
        services.AddPanelCompose();
        services.AddPanelBackups();
        services.AddPanelAlerts();
        services.AddPanelScheduledJobs();
        services.AddPanelServers();
        services.AddPanelServerJoins();
        services.AddPanelRegistry();
        return services;
    }
}
