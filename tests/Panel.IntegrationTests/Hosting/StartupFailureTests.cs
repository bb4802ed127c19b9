using System.Diagnostics;
using DropIt.Panel.TestSupport;

namespace DropIt.Panel.IntegrationTests.Hosting;

/// <summary>Runs the real panel program, as an operator would, and reads what it says when it cannot start.</summary>
public sealed class StartupFailureTests
{
    [Fact]
    public async Task NoConnectionStringAndNoPostgresBinaries_ExitsNonZeroSayingWhatToInstall()
    {
        var (exitCode, output) = await RunPanelAsync(new()
        {
            ["Panel__Postgres__BinPath"] = "/nonexistent/postgresql/bin",
        });

        Assert.Equal(2, exitCode);
        Assert.Contains("DropIt Panel cannot start", output);
        Assert.Contains("initdb and pg_ctl are not there", output);
        Assert.Contains("/usr/lib/postgresql/15/bin", output);
    }

    [Fact]
    public async Task BootstrapWithWeakPassword_ExitsNonZeroWithTheReason()
    {
        var (exitCode, output) = await RunPanelAsync(new()
        {
            ["ConnectionStrings__Panel"] = PostgresCluster.ConnectionString("t_" + Guid.NewGuid().ToString("N")[..16]),
            ["Panel__Bootstrap__AdminEmail"] = PanelFactory.AdminEmail,
            ["Panel__Bootstrap__AdminPassword"] = "weak",
        });

        Assert.Equal(2, exitCode);
        Assert.Contains("Panel:Bootstrap could not create the admin", output);
        Assert.Contains("at least 12 characters", output);
        Assert.DoesNotContain("weak\"", output);
    }

    [Fact]
    public async Task BootstrapWithInvalidPanelDomain_ExitsNonZeroNamingTheKey()
    {
        var (exitCode, output) = await RunPanelAsync(new()
        {
            ["ConnectionStrings__Panel"] = PostgresCluster.ConnectionString("t_" + Guid.NewGuid().ToString("N")[..16]),
            ["Panel__Bootstrap__PanelDomain"] = "not a domain",
        });

        Assert.Equal(2, exitCode);
        Assert.Contains("Panel:Bootstrap:PanelDomain or Panel:Bootstrap:AcmeEmail is not valid", output);
    }

    [Fact]
    public async Task RefusedSettings_ExitsNonZeroNamingEveryKeyAtOnce()
    {
        var (exitCode, output) = await RunPanelAsync(new()
        {
            ["ConnectionStrings__Panel"] = PostgresCluster.ConnectionString("t_" + Guid.NewGuid().ToString("N")[..16]),
            ["Panel__Jobs__WorkerCount"] = "0",
            ["Panel__Audit__RetentionDays"] = "0",
            ["Panel__Logging__RetainedFileCount"] = "0",
            ["Panel__Bootstrap__AdminEmail"] = PanelFactory.AdminEmail,
            ["Panel__Bootstrap__ApiToken"] = "short",
        });

        Assert.Equal(2, exitCode);
        Assert.Contains("DropIt Panel cannot start", output);
        Assert.Contains("Panel:Jobs:WorkerCount is 0", output);
        Assert.Contains("Panel:Audit:RetentionDays is 0", output);
        Assert.Contains("Panel:Logging:RetainedFileCount is 0", output);
        Assert.Contains("Panel:Bootstrap:ApiToken is too short", output);
    }

    private static async Task<(int ExitCode, string Output)> RunPanelAsync(Dictionary<string, string> environment)
    {
        var info = new ProcessStartInfo("dotnet", ["Panel.Web.dll", "--urls", "http://127.0.0.1:0"])
        {
            WorkingDirectory = AppContext.BaseDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        info.Environment["Panel__DataPath"] = Directory.CreateTempSubdirectory("dropit-start-").FullName;
        info.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        foreach (var (key, value) in environment)
        {
            info.Environment[key] = value;
        }

        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
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
}
