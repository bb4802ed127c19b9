using System.Globalization;
using DropIt.Panel.Bench.Databases;
using DropIt.Panel.Core.Common;

namespace DropIt.Panel.Bench.Backups;

/// <summary>
/// Mode "backups": a backup of a PostgreSQL database (1 GB of table data by default) through the panel to a local S3
/// server, timed against a bare <c>pg_dump -Fc | cat &gt; /dev/null</c> of the same database in the same run, and the
/// panel's RSS growth during it. <c>--size-mb N</c> sets the table size (1024), <c>--runs N</c> the runs (3),
/// <c>--verify</c> adds one backup by a second policy with its test restore. Prints a report; exits 0 whatever the
/// figures, 1 when it could not measure (a backup or deployment failed, Docker, s3rver or the panel did not answer).
/// </summary>
internal static class BackupBench
{
    private const string Usage = "Usage: dotnet run --project bench/Panel.Bench -c Release -- backups [--size-mb N] [--runs N] [--verify]";

    public static async Task<int> RunAsync(string[] args)
    {
        if (!TryParse(args, out var sizeMb, out var runs, out var verify))
        {
            await Console.Error.WriteLineAsync(Usage);
            return 2;
        }

        var teardown = new Teardown();
        DatabaseContext? setup = null;
        try
        {
            Console.WriteLine("Starting PostgreSQL, the panel and s3rver...");
            setup = await DatabaseSetup.StartAsync(teardown);
            var context = await BackupSetup.PrepareAsync(setup, sizeMb * 1024L * 1024L, teardown);

            Console.WriteLine($"{runs} run(s): the bare dump ({BackupRuns.BaselineCommand}), then a backup through the panel to S3");
            var timed = await BackupRuns.RunAsync(context, runs);

            MeasuredBackup? verified = null;
            if (verify)
            {
                Console.WriteLine("One more backup, by a second policy with verifyAfterBackup, followed to the end of its test restore");
                var policy = await context.Backups.CreatePolicyAsync(context.DatabaseId, context.DestinationId, verifyAfterBackup: true);
                teardown.Add("backup policy with verification", async () => await context.Backups.DeletePolicyAsync(policy));
                verified = await BackupRuns.MeasureAsync(context, () => context.Backups.RunPolicyAsync(policy), untilVerified: true);
                Console.WriteLine($"  verification {verified.Result.Verification}: {verified.Result.VerificationDetail}");
            }

            Console.WriteLine();
            BackupReport.Print(context.Size, timed, verified, args);
            return 0;
        }
        catch (Exception e) when (e is BackupFailedException or DeploymentFailedException)
        {
            await Console.Error.WriteLineAsync($"The benchmark could not measure: {e.Message}");
            return 1;
        }
        catch (Exception e) when (e is InvalidOperationException or TimeoutException or HttpRequestException or IOException
            or TaskCanceledException or PanelStartupException)
        {
            await Console.Error.WriteLineAsync($"The benchmark could not measure: {e.Message}");
            if (setup is not null)
            {
                await Console.Error.WriteLineAsync($"Last lines of the panel's output:\n{setup.Panel.Process.OutputTail()}");
            }

            return 1;
        }
        finally
        {
            Console.WriteLine("Removing the backup policies and destination, the database and its volume, the S3 server and its folder, " +
                "stopping the panel, removing the cluster and the temporary folders...");
            await teardown.RunAsync();
        }
    }

    private static bool TryParse(string[] args, out int sizeMb, out int runs, out bool verify)
    {
        (sizeMb, runs, verify) = (1024, 3, false);
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i..])
            {
                case ["--size-mb", var value, ..] when int.TryParse(value, CultureInfo.InvariantCulture, out sizeMb) && sizeMb > 0:
                    i++;
                    break;
                case ["--runs", var value, ..] when int.TryParse(value, CultureInfo.InvariantCulture, out runs) && runs > 0:
                    i++;
                    break;
                case ["--verify", ..]:
                    verify = true;
                    break;
                default:
                    return false;
            }
        }

        return true;
    }
}
