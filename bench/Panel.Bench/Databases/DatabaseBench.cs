using System.Diagnostics;
using System.Globalization;
using DropIt.Panel.Core.Common;

namespace DropIt.Panel.Bench.Databases;

/// <summary>
/// Mode "databases": create-to-ready of a PostgreSQL database through the panel next to <c>docker run</c> of the same
/// image, and the downtime a stop-first redeploy costs a client that queries it by name from the panel's network.
/// <c>--only create|downtime</c> runs one part; <c>--runs N</c> sets the runs of each (5). Prints a report; exits 0
/// whatever the figures, 1 when it could not measure (a deployment failed, Docker or the panel did not answer).
/// </summary>
internal static class DatabaseBench
{
    private const string Usage = "Usage: dotnet run --project bench/Panel.Bench -c Release -- databases [--only create|downtime] [--runs N]";

    public static async Task<int> RunAsync(string[] args)
    {
        if (!TryParse(args, out var only, out var runs))
        {
            await Console.Error.WriteLineAsync(Usage);
            return 2;
        }

        var teardown = new Teardown();
        DatabaseContext? context = null;
        try
        {
            Console.WriteLine("Starting PostgreSQL and the panel...");
            context = await DatabaseSetup.StartAsync(teardown);

            // The database the redeploys change; its first start is also the panel's untimed warm-up.
            var clock = Stopwatch.StartNew();
            var (id, host) = await context.Databases.CreatePostgresAsync(context.ProjectId, "redeploy");
            teardown.Add($"database {host}", async () => await context.Databases.DeleteWithVolumeAsync(id));
            var first = await context.Databases.WaitSucceededAsync(id, previous: null, clock);
            Console.WriteLine($"Warm-up: database {host} ready after {first.Polled.Live.TotalSeconds:0.00} s (untimed).");

            List<CreateRun>? create = null;
            if (only is "" or "create")
            {
                Console.WriteLine($"1. Create-to-ready: {runs} runs, panel and docker run side by side, each deleted with its volume");
                create = await CreateToReady.RunAsync(context, runs, teardown);
            }

            List<DowntimeRun>? downtime = null;
            ProbeSummary? probe = null;
            if (only is "" or "downtime")
            {
                Console.WriteLine($"2. Downtime: {runs} stop-first redeploys of {host} while a probe on {DatabaseSetup.Network} queries it by name");
                (downtime, probe) = await RedeployDowntime.RunAsync(context, id, host, first.Id, runs, teardown);
            }

            Console.WriteLine();
            DatabaseReport.Print(create, downtime, probe, args);
            return 0;
        }
        catch (DeploymentFailedException e)
        {
            await Console.Error.WriteLineAsync($"The benchmark could not measure: the panel failed a deployment.\n{e.Message}");
            return 1;
        }
        catch (Exception e) when (e is InvalidOperationException or TimeoutException or HttpRequestException or IOException
            or TaskCanceledException or PanelStartupException)
        {
            await Console.Error.WriteLineAsync($"The benchmark could not measure: {e.Message}");
            if (context is not null)
            {
                await Console.Error.WriteLineAsync($"Last lines of the panel's output:\n{context.Panel.Process.OutputTail()}");
            }

            return 1;
        }
        finally
        {
            Console.WriteLine("Removing the probe, the databases and their volumes, stopping the panel, removing the cluster and the temporary folders...");
            await teardown.RunAsync();
        }
    }

    private static bool TryParse(string[] args, out string only, out int runs)
    {
        (only, runs) = ("", 5);
        for (var i = 0; i < args.Length; i += 2)
        {
            switch (args[i..])
            {
                case ["--only", "create" or "downtime", ..]:
                    only = args[i + 1];
                    break;
                case ["--runs", var value, ..] when int.TryParse(value, CultureInfo.InvariantCulture, out runs) && runs > 0:
                    break;
                default:
                    return false;
            }
        }

        return true;
    }
}
