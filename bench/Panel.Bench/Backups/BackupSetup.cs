using System.Diagnostics;
using System.Globalization;
using DropIt.Panel.Bench.Databases;
using DropIt.Panel.TestSupport;

namespace DropIt.Panel.Bench.Backups;

/// <summary>
/// The panel under measure, its filled database (id, Swarm service name, running container, size), the S3 server and
/// the backup policy that stores there.
/// </summary>
internal sealed record BackupContext(DatabaseContext Setup, BackupClient Backups, Guid DatabaseId, string Host, string Container,
    DatabaseSize Size, S3Server S3, Guid DestinationId, Guid PolicyId);

/// <summary>
/// Prepares what the backups mode needs beside the panel and its project (started as the databases mode starts them),
/// registering each thing with the <see cref="Teardown"/>: s3rver with a bucket <c>bench</c>, a PostgreSQL 15
/// database created through the API and filled to the target size, an S3 destination and a policy without verification.
/// </summary>
internal static class BackupSetup
{
    /// <summary>The user and database the panel creates in every PostgreSQL database.</summary>
    public const string DatabaseUser = "app";
    public const string DatabaseName = "app";
    public const string Bucket = "bench";

    /// <param name="setup">The panel and project, started by <see cref="DatabaseSetup.StartAsync"/>.</param>
    /// <param name="targetBytes">The size of table data to fill the database to.</param>
    /// <param name="teardown">Where each started thing is registered.</param>
    public static async Task<BackupContext> PrepareAsync(DatabaseContext setup, long targetBytes, Teardown teardown)
    {
        var s3 = await S3Server.StartAsync(Bucket);
        teardown.Add($"S3 server and its folder {s3.DataFolder}", () =>
        {
            s3.Dispose();
            return Task.CompletedTask;
        });
        Console.WriteLine($"  s3rver {S3Server.Version} on {s3.Endpoint}, bucket {Bucket}, objects under {s3.DataFolder}");

        var clock = Stopwatch.StartNew();
        var (id, host) = await setup.Databases.CreatePostgresAsync(setup.ProjectId, "main");
        teardown.Add($"database {host} and its volume", async () => await setup.Databases.DeleteWithVolumeAsync(id));
        var deployed = await setup.Databases.WaitSucceededAsync(id, previous: null, clock);
        var container = await EngineTimes.RunningContainerAsync(host);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  database {host} (PostgreSQL 15) ready after {deployed.Polled.Live.TotalSeconds:0.0} s; container {container[..12]}"));

        Console.WriteLine($"Filling {host} to {SampleData.Mb(targetBytes):0} MB of table data...");
        var size = await SampleData.FillAsync(container, targetBytes);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  pg_database_size {SampleData.Mb(size.DatabaseBytes):0.0} MB, table t {SampleData.Mb(size.TableBytes):0.0} MB, {size.Rows:N0} rows"));

        var backups = new BackupClient(setup.Panel.Api);
        var destination = await backups.CreateS3DestinationAsync("bench-s3", s3.Endpoint, Bucket);
        teardown.Add("backup destination bench-s3", async () => await backups.DeleteDestinationAsync(destination));
        var (reached, message) = await backups.TestDestinationAsync(destination);
        if (!reached)
        {
            throw new InvalidOperationException($"The panel cannot use the S3 destination {s3.Endpoint}: {message}");
        }

        var policy = await backups.CreatePolicyAsync(id, destination, verifyAfterBackup: false);
        teardown.Add("backup policy", async () => await backups.DeletePolicyAsync(policy));
        return new BackupContext(setup, backups, id, host, container, size, s3, destination, policy);
    }
}
