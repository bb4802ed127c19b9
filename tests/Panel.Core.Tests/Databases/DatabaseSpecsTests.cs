using System.Text;
using DropIt.Panel.Core.Databases;
using DropIt.Panel.Core.Docker;
using DropIt.Panel.Core.Projects;

namespace DropIt.Panel.Core.Tests.Databases;

public sealed class DatabaseSpecsTests
{
    private const string Password = "pw-0123456789abcdefghijklmnopqrstuvwxyzABCD";

    private static Service Database(DatabaseEngine engine, string version, params ServerSetting[] settings) => new()
    {
        Id = Guid.CreateVersion7(),
        ProjectId = Guid.CreateVersion7(),
        Project = new Project { Name = "shop", NormalizedName = "SHOP" },
        Name = "db",
        Kind = ServiceKind.Database,
        Database = new DatabaseSettings
        {
            Engine = engine, Version = version, Image = DatabaseEngines.Of(engine).DefaultImage(version), DatabaseName = "app",
            Username = "app", VolumeName = "shop-db-data", ServerSettings = [.. settings],
            InitScripts = engine == DatabaseEngine.Redis ? [] : [new InitScript { Name = "init.sql", Content = "SELECT 1;" }],
        },
    };

    [Theory]
    [InlineData(DatabaseEngine.Postgres, "16")]
    [InlineData(DatabaseEngine.MySql, "8")]
    [InlineData(DatabaseEngine.MariaDb, "11")]
    [InlineData(DatabaseEngine.Redis, "7")]
    public void Build_AnyEngine_IsOneStopFirstReplicaWithThePasswordOnlyInASecret(DatabaseEngine engine, string version)
    {
        var spec = DatabaseSpecs.Build(Database(engine, version), "shop-db", Password, engine is DatabaseEngine.MySql or DatabaseEngine.MariaDb ? "root-pw-0123456789" : null);

        Assert.Equal((1, UpdateOrder.StopFirst, TimeSpan.FromSeconds(30)), (spec.Service.Replicas, spec.Service.UpdateOrder, spec.Service.StopGracePeriod));
        var everythingVisible = string.Join(' ', spec.Service.Environment.Concat(spec.Service.Args ?? []).Concat(spec.Service.Entrypoint ?? [])
            .Append(spec.Service.HealthCheck!.ShellCommand).Concat(spec.Files.Select(f => f.Name)));
        Assert.DoesNotContain(Password, everythingVisible);
        Assert.Contains(spec.Files, f => f.IsSecret && Encoding.UTF8.GetString(f.Content).Contains(Password));
        Assert.All(spec.Files.Where(f => Encoding.UTF8.GetString(f.Content).Contains(Password)), f => Assert.True(f.IsSecret));
        Assert.All(spec.Files, f => Assert.True(f.Name.Length <= 64, f.Name));
        Assert.Equal(DatabaseEngines.Of(engine).VolumePath, Assert.Single(spec.Service.Volumes).Target);
    }

    [Fact]
    public void Build_Postgres_PassesSettingsAsArgumentsAndTheInitScriptBetweenThePanelsMarkers()
    {
        var spec = DatabaseSpecs.Build(Database(DatabaseEngine.Postgres, "16", new ServerSetting { Name = "max_connections", Value = "200" }),
            "shop-db", Password, null);

        Assert.Equal(["postgres", "-c", "max_connections=200"], spec.Service.Args);
        Assert.Equal(["sh", "/dropit/first-start.sh", "/var/lib/postgresql/data", "docker-entrypoint.sh"], spec.Service.Entrypoint);
        Assert.Contains("POSTGRES_PASSWORD_FILE=/run/secrets/db-password", spec.Service.Environment);
        var init = spec.Service.Files.Where(f => f.Path.StartsWith("/docker-entrypoint-initdb.d/", StringComparison.Ordinal)).Select(f => f.Path).ToList();
        Assert.Equal(["/docker-entrypoint-initdb.d/00-dropit-initialising.sh", "/docker-entrypoint-initdb.d/01-init.sql",
            "/docker-entrypoint-initdb.d/99-dropit-initialised.sh"], init);
        Assert.StartsWith("pg_isready -q -h 127.0.0.1", spec.Service.HealthCheck!.ShellCommand);
    }

    [Fact]
    public void Build_Redis_PutsRequirepassAndAppendOnlyInItsSecretConfig()
    {
        var spec = DatabaseSpecs.Build(Database(DatabaseEngine.Redis, "7", new ServerSetting { Name = "maxmemory", Value = "256mb" }), "shop-db",
            Password, null);

        Assert.Equal(["redis-server", "/run/secrets/redis.conf"], spec.Service.Args);
        var config = Encoding.UTF8.GetString(spec.Files.Single(f => f.Name.Contains("redis-conf", StringComparison.Ordinal)).Content);
        Assert.Contains($"requirepass {Password}", config);
        Assert.Contains("appendonly yes", config);
        Assert.Contains("maxmemory 256mb", config);
    }

    [Fact]
    public void Build_AfterTheFirstStart_PinsTheServiceToTheNodeOfItsVolume()
    {
        var service = Database(DatabaseEngine.Postgres, "16");
        service.Database!.NodeId = "node-1";

        Assert.Equal(["node.id==node-1"], DatabaseSpecs.Build(service, "shop-db", Password, null).Service.Constraints);
    }
}
