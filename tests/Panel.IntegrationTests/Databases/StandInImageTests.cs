using System.Diagnostics;
using System.Globalization;
using System.Runtime.Versioning;
using DropIt.Panel.TestSupport;

namespace DropIt.Panel.IntegrationTests.Databases;

/// <summary>
/// The local stand-ins for the official database images (<see cref="DatabaseImages"/>) keep the official images'
/// contract, run on the real Docker engine the way the panel will run them: secrets as <c>*_FILE</c>, init
/// scripts in <c>/docker-entrypoint-initdb.d</c>, server options as arguments, clients in a second container on
/// a user-defined bridge network, and the server as PID 1 so <c>docker stop</c> ends it cleanly.
/// </summary>
[SupportedOSPlatform("linux")]
public sealed class StandInImageTests : IAsyncLifetime
{
    private static readonly TimeSpan ReadyTimeout = TimeSpan.FromMinutes(2);
    private static readonly TimeSpan StopLimit = TimeSpan.FromSeconds(10);

    private readonly string network = $"dropit-db-net-{Guid.NewGuid():N}"[..26];
    private readonly List<string> containers = [];
    private readonly DirectoryInfo files = Directory.CreateTempSubdirectory("dropit-db-test-");

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        // The servers run as their own users: the mounted secrets and init scripts must be readable by them.
        File.SetUnixFileMode(files.FullName, (UnixFileMode)0b111_101_101);
        await DatabaseImages.EnsureAsync();
        await TestImages.DockerAsync("network", "create", network);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var name in containers)
        {
            await ChildProcess.RunAsync(TestImages.DockerCli, ["rm", "--force", "--volumes", name]);
        }

        await ChildProcess.RunAsync(TestImages.DockerCli, ["network", "rm", network]);
        files.Delete(recursive: true);
    }

    [Fact]
    public async Task Postgres15_PasswordFileUserDatabaseInitSqlAndArgs_ServesThemOverTcp()
    {
        var password = WriteFile("pg-password", "pg-s3cret\n");
        var init = WriteInitFolder("pg-init", "10-extensions.sql",
            "CREATE EXTENSION IF NOT EXISTS \"uuid-ossp\";\nCREATE EXTENSION IF NOT EXISTS pgcrypto;\n");
        var name = await StartAsync(DatabaseImages.Postgres15,
            ["--env", "POSTGRES_PASSWORD_FILE=/run/secrets/pg-password", "--env", "POSTGRES_USER=shop",
             "--env", "POSTGRES_DB=orders", "--volume", $"{password}:/run/secrets/pg-password:ro",
             "--volume", $"{init}:/docker-entrypoint-initdb.d:ro"],
            ["-c", "max_connections=200"]);
        // Over TCP: the entrypoint's temporary server listens on the socket only, so this waits for the real one.
        await WaitUntilAsync(name, ["pg_isready", "--host", "127.0.0.1", "--username", "shop", "--dbname", "orders"]);

        var maxConnections = await PsqlAsync(name, "shop", "orders", "SHOW max_connections");
        var extensions = await PsqlAsync(name, "shop", "orders",
            "SELECT string_agg(extname, ',' ORDER BY extname) FROM pg_extension WHERE extname IN ('uuid-ossp', 'pgcrypto')");
        string[] query =
        [
            "psql", "--host", name, "--username", "shop", "--dbname", "orders", "--no-psqlrc", "--tuples-only", "--no-align",
            "--command", "SELECT current_user || ' ' || length(digest('x', 'sha256')) || ' ' || (uuid_generate_v4() IS NOT NULL)",
        ];
        var withPassword = await ClientAsync(DatabaseImages.Postgres15, query, "PGPASSWORD=pg-s3cret");
        var withWrongPassword = await ClientAsync(DatabaseImages.Postgres15, query, "PGPASSWORD=not-the-password");

        Assert.Equal("200", maxConnections);
        Assert.Equal("pgcrypto,uuid-ossp", extensions);
        Assert.True(withPassword.Succeeded, withPassword.Error);
        Assert.Equal("shop 32 true", withPassword.Output.Trim());
        Assert.False(withWrongPassword.Succeeded);
        Assert.Contains("password authentication failed for user \"shop\"", withWrongPassword.Error);
        await AssertServerIsPidOneAsync(name, "postgres");
        await AssertStopsCleanlyAsync(name);
    }

    [Fact]
    public async Task Postgres15_InitSqlWithSyntaxError_ExitsNonZeroWithPostgresError()
    {
        var init = WriteInitFolder("pg-broken-init", "10-broken.sql", "CREAT TABLE broken (id int);\n");
        var name = await StartAsync(DatabaseImages.Postgres15,
            ["--env", "POSTGRES_PASSWORD=pg-s3cret", "--volume", $"{init}:/docker-entrypoint-initdb.d:ro"], []);

        var exitCode = await WaitForExitAsync(name);
        var logs = await LogsAsync(name);

        Assert.NotEqual(0, exitCode);
        Assert.Contains("syntax error at or near \"CREAT\"", logs);
        Assert.DoesNotContain("PostgreSQL init process complete", logs);
    }

    [Fact]
    public async Task Postgres17_FirstStart_InitialisesAndRunsVersion17()
    {
        var name = await StartAsync(DatabaseImages.Postgres17, ["--env", "POSTGRES_PASSWORD=pg17-s3cret"], []);
        await WaitUntilAsync(name, ["pg_isready", "--host", "127.0.0.1", "--username", "postgres"]);

        var version = await PsqlAsync(name, "postgres", "postgres", "SELECT version()");
        var logs = await LogsAsync(name);

        Assert.StartsWith("PostgreSQL 17.", version);
        Assert.Contains("PostgreSQL init process complete; ready for start up.", logs);
        await AssertServerIsPidOneAsync(name, "postgres");
        await AssertStopsCleanlyAsync(name);
    }

    [Fact]
    public async Task MariaDb11_RootPasswordFileUserDatabaseAndInitSql_UserQueriesOverTcp()
    {
        var rootPassword = WriteFile("maria-root-password", "r00t-s3cret\n");
        var userPassword = WriteFile("maria-user-password", "sh0p-s3cret\n");
        var init = WriteInitFolder("maria-init", "10-greetings.sql",
            "CREATE TABLE greetings (text VARCHAR(40));\nINSERT INTO greetings VALUES ('hello from init');\n");
        var name = await StartAsync(DatabaseImages.MariaDb11,
            ["--env", "MARIADB_ROOT_PASSWORD_FILE=/run/secrets/root-password", "--env", "MARIADB_DATABASE=orders",
             "--env", "MARIADB_USER=shop", "--env", "MARIADB_PASSWORD_FILE=/run/secrets/user-password",
             "--volume", $"{rootPassword}:/run/secrets/root-password:ro",
             "--volume", $"{userPassword}:/run/secrets/user-password:ro",
             "--volume", $"{init}:/docker-entrypoint-initdb.d:ro"],
            ["--max_connections=200"]);
        // Over TCP: the entrypoint's temporary server has networking off, so this waits for the real one.
        await WaitUntilAsync(name, ["mariadb-admin", "--host=127.0.0.1", "--user=shop", "ping"], "MYSQL_PWD=sh0p-s3cret");

        string[] query =
        [
            "mariadb", "--host", name, "--user", "shop", "--database", "orders", "--batch", "--skip-column-names",
            "--execute", "SELECT text FROM greetings; SELECT @@max_connections;",
        ];
        var asUser = await ClientAsync(DatabaseImages.MariaDb11, query, "MYSQL_PWD=sh0p-s3cret");
        var asRoot = await ClientAsync(DatabaseImages.MariaDb11,
            ["mariadb", "--host", name, "--user", "root", "--batch", "--skip-column-names", "--execute", "SELECT CURRENT_USER()"],
            "MYSQL_PWD=r00t-s3cret");
        var withWrongPassword = await ClientAsync(DatabaseImages.MariaDb11, query, "MYSQL_PWD=not-the-password");

        Assert.True(asUser.Succeeded, asUser.Error);
        Assert.Equal(["hello from init", "200"], Lines(asUser.Output));
        Assert.True(asRoot.Succeeded, asRoot.Error);
        Assert.Equal("root@%", asRoot.Output.Trim());
        Assert.False(withWrongPassword.Succeeded);
        Assert.Contains("Access denied for user 'shop'", withWrongPassword.Error);
        await AssertServerIsPidOneAsync(name, "mariadbd");
        await AssertStopsCleanlyAsync(name);
    }

    [Fact]
    public async Task Redis7_ConfFileWithRequirepassAndAppendonly_RequiresAuthAndKeepsKeysAcrossRestart()
    {
        // No RDB snapshots: the key can only come back from the append-only file.
        var config = WriteFile("redis.conf", "requirepass r3dis-s3cret\nappendonly yes\nsave \"\"\ndir /data\n");
        const string auth = "REDISCLI_AUTH=r3dis-s3cret";
        var name = await StartAsync(DatabaseImages.Redis7, ["--volume", $"{config}:/run/secrets/redis.conf:ro"],
            ["redis-server", "/run/secrets/redis.conf"]);
        await WaitUntilAsync(name, ["redis-cli", "PING"], auth);

        var withoutAuth = await ClientAsync(DatabaseImages.Redis7, ["redis-cli", "-h", name, "PING"]);
        var withAuth = await ClientAsync(DatabaseImages.Redis7, ["redis-cli", "-h", name, "PING"], auth);
        var set = await ExecAsync(name, ["redis-cli", "SET", "greeting", "kept across restarts"], auth);

        Assert.Contains("NOAUTH", withoutAuth.Output + withoutAuth.Error);
        Assert.True(withAuth.Succeeded, withAuth.Error);
        Assert.Equal("PONG", withAuth.Output.Trim());
        Assert.Equal("OK", set.Output.Trim());
        await AssertServerIsPidOneAsync(name, "redis-server");
        await AssertStopsCleanlyAsync(name);

        await TestImages.DockerAsync("start", name);
        await WaitUntilAsync(name, ["redis-cli", "PING"], auth);
        var value = await ExecAsync(name, ["redis-cli", "GET", "greeting"], auth);
        var appendOnlyFiles = await ExecAsync(name, ["ls", "/data/appendonlydir"]);

        Assert.Equal("kept across restarts", value.Output.Trim());
        Assert.Contains("appendonly.aof.1.incr.aof", appendOnlyFiles.Output);
    }

    private string WriteFile(string fileName, string content)
    {
        var path = Path.Combine(files.FullName, fileName);
        File.WriteAllText(path, content);
        return path;
    }

    private string WriteInitFolder(string folderName, string fileName, string content)
    {
        var folder = Directory.CreateDirectory(Path.Combine(files.FullName, folderName));
        File.WriteAllText(Path.Combine(folder.FullName, fileName), content);
        return folder.FullName;
    }

    /// <summary>Starts a detached container of <paramref name="image"/> on the test network; removed on dispose.</summary>
    private async Task<string> StartAsync(string image, string[] options, string[] command)
    {
        var name = NewContainerName();
        await TestImages.DockerAsync(["run", "--detach", "--name", name, "--network", network, .. options, image, .. command]);
        return name;
    }

    /// <summary>Runs <paramref name="command"/> in a second container of <paramref name="image"/> on the test network.</summary>
    private async Task<ChildResult> ClientAsync(string image, string[] command, params string[] environment)
    {
        List<string> args = ["run", "--rm", "--name", NewContainerName(), "--network", network];
        foreach (var variable in environment)
        {
            args.AddRange(["--env", variable]);
        }

        return await ChildProcess.RunAsync(TestImages.DockerCli, [.. args, image, .. command], null, Ct);
    }

    private static async Task<ChildResult> ExecAsync(string container, string[] command, params string[] environment)
    {
        List<string> args = ["exec"];
        foreach (var variable in environment)
        {
            args.AddRange(["--env", variable]);
        }

        return await ChildProcess.RunAsync(TestImages.DockerCli, [.. args, container, .. command], null, Ct);
    }

    /// <summary>A query over the server's socket inside its container, one value out.</summary>
    private static async Task<string> PsqlAsync(string container, string user, string database, string sql)
    {
        var result = await ExecAsync(container,
            ["psql", "--username", user, "--dbname", database, "--no-psqlrc", "--tuples-only", "--no-align", "--command", sql]);
        Assert.True(result.Succeeded, $"{sql}: {result.Error}");
        return result.Output.Trim();
    }

    private static async Task<string> LogsAsync(string container)
    {
        var logs = await ChildProcess.RunAsync(TestImages.DockerCli, ["logs", container], null, Ct);
        return logs.Output + logs.Error;
    }

    /// <summary>Polls <paramref name="probe"/> in the container until it succeeds; fails early when the container exits.</summary>
    private static async Task WaitUntilAsync(string container, string[] probe, params string[] environment)
    {
        (bool Ready, bool Running, string Answer) state;
        try
        {
            state = await Eventually.MatchesAsync(
                async () =>
                {
                    var result = await ExecAsync(container, probe, environment);
                    var running = await TestImages.DockerAsync("inspect", "--format", "{{.State.Running}}", container);
                    return (Ready: result.Succeeded, Running: running.Trim() == "true", Answer: (result.Output + result.Error).Trim());
                },
                s => s.Ready || !s.Running, ReadyTimeout, $"{container} to answer {string.Join(' ', probe)}");
        }
        catch (TimeoutException timeout)
        {
            throw new TimeoutException($"{timeout.Message}\nLogs:\n{await LogsAsync(container)}", timeout);
        }

        Assert.True(state.Ready, $"{container} exited before it was ready ({state.Answer}). Logs:\n{await LogsAsync(container)}");
    }

    private static async Task<int> WaitForExitAsync(string container)
    {
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        limit.CancelAfter(ReadyTimeout);
        var wait = await ChildProcess.RunAsync(TestImages.DockerCli, ["wait", container], null, limit.Token);
        Assert.True(wait.Succeeded, wait.Error);
        return int.Parse(wait.Output.Trim(), CultureInfo.InvariantCulture);
    }

    /// <summary>The server itself is PID 1 (no shell in between to swallow the stop signal) and not root.</summary>
    private static async Task AssertServerIsPidOneAsync(string container, string processName)
    {
        var status = await ExecAsync(container, ["cat", "/proc/1/status"]);
        Assert.True(status.Succeeded, status.Error);
        var fields = status.Output.Split('\n').Select(l => l.Split(':', 2)).Where(p => p.Length == 2)
            .ToDictionary(p => p[0], p => p[1].Trim());
        Assert.Equal(processName, fields["Name"]);
        Assert.All(fields["Uid"].Split('\t', StringSplitOptions.RemoveEmptyEntries), uid => Assert.NotEqual("0", uid));
    }

    /// <summary><c>docker stop</c> (kill after 10 s) ends the server by its stop signal: quickly and with exit code 0.</summary>
    private static async Task AssertStopsCleanlyAsync(string container)
    {
        var clock = Stopwatch.StartNew();
        await TestImages.DockerAsync("stop", "--time", "10", container);
        clock.Stop();
        var exitCode = (await TestImages.DockerAsync("inspect", "--format", "{{.State.ExitCode}}", container)).Trim();

        Assert.True(clock.Elapsed < StopLimit, $"docker stop took {clock.Elapsed.TotalSeconds:F1} s");
        Assert.Equal("0", exitCode);
    }

    private string NewContainerName()
    {
        var name = $"dropit-db-{Guid.NewGuid():N}"[..26];
        containers.Add(name);
        return name;
    }

    private static string[] Lines(string text) => text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
