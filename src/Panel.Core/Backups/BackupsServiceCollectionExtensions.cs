using DropIt.Panel.Core.Backups.Engines;
using DropIt.Panel.Core.Backups.Storage;
using DropIt.Panel.Core.Docker;
using Microsoft.Extensions.DependencyInjection;

namespace DropIt.Panel.Core.Backups;

public static class BackupsServiceCollectionExtensions
{
    public static IServiceCollection AddPanelBackups(this IServiceCollection services)
    {
        services.AddOptions<BackupOptions>().BindConfiguration(BackupOptions.Section);
        services.AddSingleton<IScratchContainers, ScratchContainers>();
        services.AddSingleton<IBackupStoreFactory, BackupStoreFactory>();
        services.AddSingleton<BackupActivity>();
        services.AddSingleton<BackupLocks>();
        services.AddSingleton<ContainerCommands>();
        services.AddSingleton<ScratchServers>();
        services.AddSingleton<PostgresBackup>();
        services.AddSingleton<MariaDbBackup>();
        services.AddSingleton<RedisBackup>();
        services.AddSingleton<VolumeBackup>();
        services.AddSingleton<BackupSources>();
        services.AddScoped<DatabaseRestores>();
        services.AddScoped<BackupRetention>();
        services.AddScoped<BackupVerifier>();
        services.AddScoped<BackupRunner>();
        services.AddScoped<BackupRestorer>();
        services.AddScoped<BackupDestinations>();
        services.AddScoped<BackupPolicies>();
        services.AddScoped<BackupRecovery>();
        services.AddSingleton<BackupWork>();
        return services;
    }
}
