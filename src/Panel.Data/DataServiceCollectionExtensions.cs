using DropIt.Panel.Core.Backups;
using DropIt.Panel.Core.Common;
using DropIt.Panel.Data.PanelArchive;
using DropIt.Panel.Data.Embedded;
using DropIt.Panel.Data.Protection;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace DropIt.Panel.Data;

public static class DataServiceCollectionExtensions
{
    public const string ConnectionStringName = "Panel";

    /// <summary>The embedded cluster: its folder under the data path and its database.</summary>
    public const string EmbeddedFolder = "postgres";
    public const string EmbeddedDatabase = "panel";

    /// <summary>
    /// The panel's database: ConnectionStrings:Panel when set, else an embedded cluster under the data path.
    /// </summary>
    public static IHostApplicationBuilder AddPanelData(this IHostApplicationBuilder builder)
    {
        var connectionString = builder.Configuration.GetConnectionString(ConnectionStringName);
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            var dataPath = PanelPaths.ResolveDataPath(builder.Configuration, builder.Environment);
            var cluster = EmbeddedPostgres.Start(Path.Combine(dataPath, EmbeddedFolder),
                builder.Configuration[PostgresBinaries.BinPathKey], builder.Configuration[EmbeddedPostgres.OsUserKey]);
            builder.Services.AddSingleton(cluster);
            builder.Services.AddHostedService<EmbeddedPostgresLifetime>();
            connectionString = cluster.ConnectionString(EmbeddedDatabase);
            builder.Configuration[$"ConnectionStrings:{ConnectionStringName}"] = connectionString;
        }

        DatabaseCreator.EnsureExists(connectionString);
        builder.Services.AddDbContext<PanelDbContext>(options => options.UseNpgsql(connectionString));
        builder.Services.AddScoped<IPanelDbContext>(sp => sp.GetRequiredService<PanelDbContext>());
        builder.Services.AddSingleton(sp => new PanelMasterKey(
            MasterKeyFile.Resolve(sp.GetRequiredService<IConfiguration>(), sp.GetRequiredService<DataDirectory>().Root)));
        builder.Services.AddSingleton<IPanelArchive>(sp => new PanelArchiveBackup(connectionString, sp.GetRequiredService<DataDirectory>().Root,
            sp.GetRequiredService<PanelMasterKey>(), PanelArchiveBackup.Version, TimeProvider.System));
        builder.Services.AddHostedService<DatabaseMigrator>();
        // After the migrations, before anything uses Data Protection: the key ring is stored encrypted (decision 031).
        builder.Services.AddHostedService<KeyRingProtection>();
        builder.Services.AddDataProtection().SetApplicationName("DropIt.Panel").PersistKeysToDbContext<PanelDbContext>().ProtectKeysWithMasterKey();
        return builder;
    }
}
