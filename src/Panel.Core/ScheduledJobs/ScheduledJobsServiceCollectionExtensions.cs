using DropIt.Panel.Core.Deployments;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace DropIt.Panel.Core.ScheduledJobs;

public static class ScheduledJobsServiceCollectionExtensions
{
    public static IServiceCollection AddPanelScheduledJobs(this IServiceCollection services)
    {
        services.AddOptions<ScheduledJobsOptions>().BindConfiguration(ScheduledJobsOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<ScheduledJobsOptions>, ScheduledJobsOptionsValidator>();
        // The runner of one-off tasks, shared with release commands (ReleaseCommand).
        services.AddSingleton<OneOffTask>();
        services.AddSingleton<JobRunEvents>();
        services.AddSingleton<JobScheduler>();
        services.AddScoped<JobRunner>();
        services.AddScoped<JobRunRecorder>();
        services.AddScoped<JobRecovery>();
        services.AddScoped<JobCatalog>();
        services.AddHostedService<JobsBackground>();
        return services;
    }
}
