using System.Diagnostics;
using System.Xml.Linq;
using DropIt.Panel.Core.Secrets;
using DropIt.Panel.Data;
using DropIt.Panel.Data.Protection;
using DropIt.Panel.TestSupport;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace DropIt.Panel.IntegrationTests.Hosting;

/// <summary>What the master key tests read and run: the key ring's rows, Data Protection outside the panel, the panel's program.</summary>
internal static class MasterKeyScene
{
    public static string KeyPath(PanelFactory panel) => Path.Combine(panel.DataPath, MasterKeyFile.FileName);

    /// <summary>The key ring as the table holds it: one XML per row.</summary>
    public static async Task<List<string>> KeyRingAsync(string database)
    {
        await using var connection = new NpgsqlConnection(PostgresCluster.ConnectionString(database));
        await connection.OpenAsync(TestContext.Current.CancellationToken);
        await using var command = new NpgsqlCommand("SELECT \"Xml\" FROM \"DataProtectionKeys\" ORDER BY \"Id\"", connection);
        await using var reader = await command.ExecuteReaderAsync(TestContext.Current.CancellationToken);
        var rows = new List<string>();
        while (await reader.ReadAsync(TestContext.Current.CancellationToken))
        {
            rows.Add(reader.GetString(0));
        }

        return rows;
    }

    /// <summary>
    /// The panel's secret protector built by someone holding only <paramref name="keys"/> (a dump's key ring), and the
    /// master key when given: Data Protection with the panel's application name, nothing generated.
    /// </summary>
    public static ISecretProtector ProtectorFrom(IEnumerable<string> keys, MasterKey? masterKey)
    {
        var services = new ServiceCollection();
        if (masterKey is not null)
        {
            services.AddSingleton(new PanelMasterKey("/nonexistent/master.key", masterKey));
        }

        services.AddDataProtection().SetApplicationName("DropIt.Panel").DisableAutomaticKeyGeneration();
        services.Configure<KeyManagementOptions>(o => o.XmlRepository = new FixedKeys([.. keys.Select(XElement.Parse)]));
        return new SecretProtector(services.BuildServiceProvider().GetRequiredService<IDataProtectionProvider>());
    }

    /// <summary>A key ring stored in plain text, as panels before the master key stored it, and a secret protected with it.</summary>
    public static (string KeyXml, string Cipher) PlainKeyRing(string secret)
    {
        var keys = new FixedKeys([]);
        var services = new ServiceCollection();
        services.AddDataProtection().SetApplicationName("DropIt.Panel");
        services.Configure<KeyManagementOptions>(o => o.XmlRepository = keys);
        var cipher = new SecretProtector(services.BuildServiceProvider().GetRequiredService<IDataProtectionProvider>()).Protect(secret);
        return (keys.GetAllElements().Single().ToString(SaveOptions.DisableFormatting), cipher);
    }

    /// <summary>The panel's EF context on <paramref name="database"/>, outside any panel.</summary>
    public static PanelDbContext Open(string database) =>
        new(new DbContextOptionsBuilder<PanelDbContext>().UseNpgsql(PostgresCluster.ConnectionString(database)).Options);

    /// <summary>The panel's program started as an operator starts it; its exit code and everything it printed (killed after 90 s).</summary>
    public static async Task<(int ExitCode, string Output)> RunPanelAsync(PanelFactory panel)
    {
        var info = new ProcessStartInfo("dotnet", ["Panel.Web.dll", "--urls", "http://127.0.0.1:0"])
        {
            WorkingDirectory = AppContext.BaseDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        info.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        info.Environment["ConnectionStrings__Panel"] = PostgresCluster.ConnectionString(panel.DatabaseName);
        info.Environment["Panel__DataPath"] = panel.DataPath;
        info.Environment["Panel__MasterKeyPath"] = KeyPath(panel);
        info.Environment["Acme__Enabled"] = "false";
        info.Environment["Monitoring__Enabled"] = "false";
        using var process = Process.Start(info)!;
        var ct = TestContext.Current.CancellationToken;
        var stdout = process.StandardOutput.ReadToEndAsync(ct);
        var stderr = process.StandardError.ReadToEndAsync(ct);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(90));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        return (process.ExitCode, await stdout + await stderr);
    }

    private sealed class FixedKeys(List<XElement> keys) : IXmlRepository
    {
        public IReadOnlyCollection<XElement> GetAllElements() => keys;

        public void StoreElement(XElement element, string friendlyName) => keys.Add(element);
    }
}
