using System.Globalization;
using DropIt.Panel.Core.Docker;

namespace DropIt.Panel.Core.Backups.Engines;

/// <summary>
/// Redis: <c>BGSAVE</c> (queued in one transaction with the key count, so both describe the same moment), then its RDB
/// file streamed out. A test restore loads the RDB in a throwaway server of the same image and counts the keys.
/// </summary>
public sealed class RedisBackup(ContainerCommands commands, ScratchServers servers) : IBackupEngine
{
    /// <summary>Prints "keys path" once a new BGSAVE has completed; the password comes from the service's own secret file.</summary>
    private const string SaveScript = """
        set -e
        if [ -r /run/secrets/db-password ]; then REDISCLI_AUTH="$(cat /run/secrets/db-password)"; export REDISCLI_AUTH; fi
        marker() { redis-cli INFO persistence | tr -d '\r' | sed -n "s/^$1://p"; }
        field=rdb_saves; [ -n "$(marker rdb_saves)" ] || { field=rdb_last_save_time; sleep 1; }
        before=$(marker $field)
        out=$(printf 'MULTI\nINFO keyspace\nBGSAVE\nEXEC\n' | redis-cli 2>&1 | tr -d '\r')
        case "$out" in *ERR*|*NOAUTH*|*WRONGPASS*) echo "$out" >&2; exit 1;; esac
        keys=$(printf '%s\n' "$out" | sed -n 's/^db[0-9]*:keys=\([0-9]*\).*/\1/p' | awk '{s+=$1} END {print s+0}')
        while :; do
          if [ "$(marker rdb_bgsave_in_progress)" = 0 ]; then
            [ "$(marker $field)" -gt "$before" ] && break
            if [ "$(marker rdb_last_bgsave_status)" = err ]; then echo "BGSAVE failed: see the server's log (disk full? permissions of the data folder?)" >&2; exit 1; fi
          fi
          sleep 0.2
        done
        dir=$(redis-cli CONFIG GET dir 2>/dev/null | sed -n 2p); file=$(redis-cli CONFIG GET dbfilename 2>/dev/null | sed -n 2p)
        echo "$keys ${dir:-/data}/${file:-dump.rdb}"
        """;

    /// <summary>Counts keys over every logical database of the server (with the service's password when it has one).</summary>
    private const string CountKeys = "if [ -r /run/secrets/db-password ]; then REDISCLI_AUTH=\"$(cat /run/secrets/db-password)\"; export REDISCLI_AUTH; fi; redis-cli INFO keyspace | tr -d '\\r' | sed -n 's/^db[0-9]*:keys=\\([0-9]*\\).*/\\1/p' | awk '{s+=$1} END {print s+0}'";

    public string Extension => ".rdb";

    public async Task<IReadOnlyDictionary<string, long>> DumpAsync(BackupSource source, Stream output, CancellationToken cancellationToken)
    {
        var container = source.ContainerId!;
        var saved = (await commands.ShellAsync(container, "BGSAVE", SaveScript, cancellationToken)).Trim().Split(' ', 2);
        await commands.RunAsync(container, "Reading the RDB file", ["cat", saved[1]], null, output, cancellationToken);
        return new Dictionary<string, long> { ["keys"] = long.Parse(saved[0], CultureInfo.InvariantCulture) };
    }

    public async Task<string> VerifyAsync(BackupSource source, IReadOnlyDictionary<string, long> expected, Stream dump,
        CancellationToken cancellationToken)
    {
        var image = source.Database.Image;
        await using var server = await servers.StartAsync(Idle(image, null), null, cancellationToken);
        await LoadAsync(server.Id, dump, cancellationToken);
        var counts = await CountKeysAsync(server.Id, cancellationToken);
        var keys = counts["keys"];
        var differences = ContainerCommands.Differences(expected, counts);
        if (differences.Length > 0)
        {
            throw new BackupException($"The test restore differs from the database at backup time: {differences}.");
        }

        return $"The RDB loaded in a throwaway {image}; {keys} key(s), as at backup time.";
    }

    /// <summary>The keys the container's server holds now, as a dump counts them ("keys").</summary>
    public async Task<IReadOnlyDictionary<string, long>> CountKeysAsync(string containerId, CancellationToken cancellationToken) =>
        new Dictionary<string, long>
        {
            ["keys"] = long.Parse((await commands.ShellAsync(containerId, "Counting keys", CountKeys, cancellationToken)).Trim(),
                CultureInfo.InvariantCulture),
        };

    /// <summary>Writes the RDB into the container's <c>/data</c> and starts a server on it, waiting until the file is loaded.</summary>
    private async Task LoadAsync(string containerId, Stream dump, CancellationToken cancellationToken)
    {
        await commands.RunAsync(containerId, "Writing the RDB file", ["sh", "-c", "cat > /data/dump.rdb"], dump, null, cancellationToken);
        await commands.RunAsync(containerId, "redis-server",
            ["redis-server", "--dir", "/data", "--dbfilename", "dump.rdb", "--daemonize", "yes", "--save", "", "--appendonly", "no",
                "--logfile", "/data/redis.log"], null, null, cancellationToken);
        if (!await commands.WaitAsync(containerId, ["sh", "-c", "redis-cli INFO persistence | grep -q '^loading:0'"], TimeSpan.FromMinutes(10),
                cancellationToken))
        {
            var log = await commands.ShellAsync(containerId, "Reading the log", "tail -n 5 /data/redis.log || true", CancellationToken.None);
            throw new BackupException($"Redis did not load the RDB file: {log.Trim()}");
        }
    }

    /// <summary>
    /// Puts an RDB into a volume for a database about to start on it. The server of the panel's databases loads its
    /// append-only file, not the RDB, so a server in the helper loads the RDB and rewrites the append-only file from it.
    /// </summary>
    public async Task WriteIntoVolumeAsync(string image, string volume, Stream dump, CancellationToken cancellationToken)
    {
        await using var helper = await servers.StartAsync(Idle(image, volume), null, cancellationToken);
        await commands.RunAsync(helper.Id, "Writing the RDB file into the volume", ["sh", "-c", "cat > /data/dump.rdb.incoming"], dump, null,
            cancellationToken);
        await commands.ShellAsync(helper.Id, "Loading the RDB file", RewriteScript, cancellationToken);
    }

    /// <summary>Replaces the data with the incoming RDB and writes the append-only file from it, then stops that server cleanly.</summary>
    private const string RewriteScript = """
        set -e
        cd /data
        rm -rf appendonlydir appendonly.aof
        mv dump.rdb.incoming dump.rdb
        redis-server --dir /data --dbfilename dump.rdb --appendonly no --save '' --port 6390 --daemonize yes --logfile /tmp/restore.log
        field() { redis-cli -p 6390 INFO persistence 2>/dev/null | tr -d '\r' | sed -n "s/^$1://p"; }
        until [ "$(field loading)" = 0 ]; do sleep 0.2; done
        redis-cli -p 6390 CONFIG SET appendonly yes >/dev/null
        sleep 0.5
        until [ "$(field aof_rewrite_in_progress)" = 0 ] && [ "$(field aof_rewrite_scheduled)" = 0 ]; do sleep 0.2; done
        [ "$(field aof_last_bgrewrite_status)" = ok ] || { tail -n 5 /tmp/restore.log >&2; exit 1; }
        redis-cli -p 6390 SHUTDOWN SAVE >/dev/null 2>&1 || true
        while redis-cli -p 6390 PING >/dev/null 2>&1; do sleep 0.2; done
        chown -R redis /data 2>/dev/null || true
        """;

    /// <summary>A container of the image that does nothing until told (its own server is started on demand).</summary>
    private static ScratchContainer Idle(string image, string? volume) =>
        new(image, [], ["sh", "-c", "mkdir -p /data && exec sleep 86400"], null,
            volume is null ? [] : [new ScratchMount(volume, "/data", ReadOnly: false)], "redis");
}
