using DropIt.Panel.TestSupport;
using Npgsql;

namespace DropIt.Panel.IntegrationTests.Backup;

/// <summary>The panel's program run with a verb, as an operator runs it (<c>dotnet Panel.Web.dll backup ...</c>), with the panel's configuration in the environment.</summary>
internal static class PanelCommand
{
    /// <param name="database">A database of the test cluster; null: no connection string, so the embedded cluster under the data folder.</param>
    /// <param name="dataPath">Panel:DataPath.</param>
    /// <param name="args">The verb and its arguments.</param>
    public static async Task<ChildResult> RunAsync(string? database, string dataPath, params string[] args)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(TimeSpan.FromMinutes(3));
        return await ChildProcess.RunAsync("dotnet", [Path.Combine(AppContext.BaseDirectory, "Panel.Web.dll"), .. args],
            new Dictionary<string, string>
            {
                ["ASPNETCORE_ENVIRONMENT"] = "Production",
                ["ConnectionStrings__Panel"] = database is null ? "" : ConnectionString(database),
                ["Panel__DataPath"] = dataPath,
                // As PanelFactory places it: in the data folder, whatever /etc/dropit this machine has.
                ["Panel__MasterKeyPath"] = Path.Combine(dataPath, "master.key"),
            }, timeout.Token);
    }

    /// <summary>The test cluster's connection string, with a password the server never asks for: it must never be printed.</summary>
    public static string ConnectionString(string database) =>
        new NpgsqlConnectionStringBuilder(PostgresCluster.ConnectionString(database)) { Password = ConnectionPassword }.ConnectionString;

    public const string ConnectionPassword = "conn-string-Secret-7731";

    public static string NewDatabaseName() => "t_" + Guid.NewGuid().ToString("N")[..16];
}
