using System.Buffers;
using System.IO.Pipelines;
using System.Text;
using DropIt.Panel.Core.Databases;
using DropIt.Panel.Core.Docker;

namespace DropIt.Panel.Core.Backups.Engines;

/// <summary>
/// PostgreSQL: <c>pg_dump -Fc -Z0</c> (custom format, left uncompressed for the panel's own compression) in the snapshot
/// a held transaction exports, so the row counts taken in that same snapshot are exactly what the dump holds.
/// </summary>
public sealed class PostgresBackup(IContainerOperations containers, ContainerCommands commands, PostgresCommands postgres,
    ScratchServers servers) : IBackupEngine
{
    public string Extension => ".pgdump";

    public async Task<IReadOnlyDictionary<string, long>> DumpAsync(BackupSource source, Stream output, CancellationToken cancellationToken)
    {
        var settings = source.Database;
        var container = source.ContainerId!;
        var input = new Pipe();
        var printed = new Pipe();
        using var holdCancel = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var holder = containers.ExecAsync(container, Psql(settings), input.Reader.AsStream(), printed.Writer.AsStream(), holdCancel.Token)
            .ContinueWith(async t =>
            {
                await printed.Writer.CompleteAsync();
                return await t;
            }, TaskScheduler.Default).Unwrap();
        try
        {
            await input.Writer.WriteAsync(Encoding.UTF8.GetBytes(
                "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY;\nSELECT pg_export_snapshot();\n"), cancellationToken);
            var snapshot = await ReadLineAsync(printed.Reader, cancellationToken);
            if (snapshot is null)
            {
                var result = await holder;
                throw new BackupException($"psql could not open a snapshot (exit code {result.ExitCode}): {result.ErrorTail.Trim()}");
            }

            var counts = await postgres.CountRowsAsync(container, settings, cancellationToken, snapshot);
            await commands.RunAsync(container, "pg_dump",
                ["pg_dump", "-Fc", "-Z0", $"--snapshot={snapshot}", "-U", settings.Username!, "-d", settings.DatabaseName!],
                null, output, cancellationToken);
            await input.Writer.WriteAsync(Encoding.UTF8.GetBytes("COMMIT;\n"), cancellationToken);
            await input.Writer.CompleteAsync();
            await holder;
            return counts;
        }
        finally
        {
            await input.Writer.CompleteAsync();
            await holdCancel.CancelAsync();
            await holder.ContinueWith(_ => { }, TaskScheduler.Default);
        }
    }

    public async Task<string> VerifyAsync(BackupSource source, IReadOnlyDictionary<string, long> expected, Stream dump,
        CancellationToken cancellationToken)
    {
        var settings = source.Database;
        await using var server = await servers.StartAsync(new ScratchContainer(settings.Image,
            ["POSTGRES_HOST_AUTH_METHOD=trust", $"POSTGRES_USER={settings.Username}", $"POSTGRES_DB={settings.DatabaseName}"],
            null, null, [], "verify"), ["pg_isready", "-q", "-h", "127.0.0.1", "-U", settings.Username!, "-d", settings.DatabaseName!],
            cancellationToken);
        await RestoreAsync(server.Id, settings, dump, replace: false, cancellationToken);
        var restored = await postgres.CountRowsAsync(server.Id, settings, cancellationToken);
        var differences = ContainerCommands.Differences(expected, restored);
        if (differences.Length > 0)
        {
            throw new BackupException($"The test restore differs from the database at backup time: {differences}.");
        }

        return $"pg_restore into a throwaway {settings.Image} succeeded; {restored.Count} table(s), " +
            $"{restored.Values.Sum()} row(s), every count equal to the dump's.";
    }

    /// <summary>
    /// <c>pg_restore</c> from the stream into the container's database; <paramref name="replace"/> drops what the dump
    /// holds first, all in one transaction, so a failure leaves the database as it was.
    /// </summary>
    public Task RestoreAsync(string containerId, DatabaseSettings settings, Stream dump, bool replace, CancellationToken cancellationToken)
    {
        List<string> command = ["pg_restore", "--exit-on-error", "--no-owner", "--role", settings.Username!, "-U", settings.Username!,
            "-d", settings.DatabaseName!];
        if (replace)
        {
            command.AddRange(["--clean", "--if-exists", "--single-transaction"]);
        }

        return commands.RunAsync(containerId, "pg_restore", command, dump, null, cancellationToken);
    }

    private static List<string> Psql(DatabaseSettings settings) =>
        ["psql", "-X", "-q", "-t", "-A", "-v", "ON_ERROR_STOP=1", "-U", settings.Username!, "-d", settings.DatabaseName!];

    private static async Task<string?> ReadLineAsync(PipeReader reader, CancellationToken cancellationToken)
    {
        while (true)
        {
            var read = await reader.ReadAsync(cancellationToken);
            var buffer = read.Buffer;
            var end = buffer.PositionOf((byte)'\n');
            if (end is not null)
            {
                var line = Encoding.UTF8.GetString(buffer.Slice(0, end.Value)).Trim();
                reader.AdvanceTo(buffer.GetPosition(1, end.Value));
                return line;
            }

            if (read.IsCompleted)
            {
                return null;
            }

            reader.AdvanceTo(buffer.Start, buffer.End);
        }
    }
}
