using DropIt.Panel.Data.Embedded;

namespace DropIt.Panel.TestSupport;

/// <summary>One real PostgreSQL cluster for the whole test run, from the local binaries; one database per test class.</summary>
public static class PostgresCluster
{
    private static readonly Lazy<EmbeddedPostgres> Cluster = new(Start);

    public static string ConnectionString(string database) => Cluster.Value.ConnectionString(database);

    private static EmbeddedPostgres Start()
    {
        var folder = Directory.CreateTempSubdirectory("dropit-pg-").FullName;
        var cluster = EmbeddedPostgres.Start(folder, null, null, maxConnections: 1000);
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            cluster.Stop();
            Directory.Delete(folder, recursive: true);
        };
        return cluster;
    }
}
