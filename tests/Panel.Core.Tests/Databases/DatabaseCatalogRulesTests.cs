using DropIt.Panel.Core.Databases;
using DropIt.Panel.Core.Projects;

namespace DropIt.Panel.Core.Tests.Databases;

public sealed class DatabaseCatalogRulesTests
{
    private static DatabaseSettings Settings(DatabaseEngine engine = DatabaseEngine.Postgres, string version = "16") => new()
    {
        Engine = engine, Version = version, Image = DatabaseEngines.Of(engine).DefaultImage(version), DatabaseName = "app", Username = "app",
        VolumeName = "shop-db-data",
    };

    [Theory]
    [InlineData("16", "16.4")]
    [InlineData("16.2", "16.4")]
    public void VersionChange_MinorOrPatch_IsARestart(string from, string to) =>
        Assert.Null(DatabaseCatalog.VersionChangeError(Settings(version: from), to));

    [Fact]
    public void VersionChange_PostgresMajor_IsRefusedWithTheDumpAndRestoreWay() =>
        Assert.Contains("dump and restore", DatabaseCatalog.VersionChangeError(Settings(version: "16"), "17"));

    [Theory]
    [InlineData("17", "16")]
    [InlineData("16.4", "16.2")]
    public void VersionChange_Downgrade_IsRefused(string from, string to) =>
        Assert.Contains("downgrade", DatabaseCatalog.VersionChangeError(Settings(version: from), to));

    [Fact]
    public void VersionChange_MariaDbMajor_IsARestart() =>
        Assert.Null(DatabaseCatalog.VersionChangeError(Settings(DatabaseEngine.MariaDb, "10"), "11"));

    [Theory]
    [InlineData("", "app", "database name")]
    [InlineData("app", "1user", "user name")]
    [InlineData("app; DROP", "app", "database name")]
    public void Check_WeakOrEmptyNames_AreRefusedNamingTheField(string database, string user, string field)
    {
        var settings = Settings();
        settings.DatabaseName = database;
        settings.Username = user;

        Assert.Contains(field, DatabaseValidation.Check(settings));
    }

    [Fact]
    public void Check_MariaDbUserRoot_IsRefused()
    {
        var settings = Settings(DatabaseEngine.MariaDb, "11");
        settings.Username = "root";

        Assert.Contains("cannot be root", DatabaseValidation.Check(settings));
    }

    [Theory]
    [InlineData("14", "not offered")]
    [InlineData("latest", "not a version")]
    public void Check_UnofferedVersion_IsRefused(string version, string message)
    {
        var settings = Settings();
        settings.Version = version;

        Assert.Contains(message, DatabaseValidation.Check(settings));
    }

    [Theory]
    [InlineData("listen_addresses", "*")]
    [InlineData("port", "5433")]
    public void Check_SettingThePanelOwns_IsRefused(string name, string value)
    {
        var settings = Settings();
        settings.ServerSettings = [new ServerSetting { Name = name, Value = value }];

        Assert.Contains("sets \"" + name + "\" itself", DatabaseValidation.Check(settings));
    }

    [Theory]
    [InlineData("203.0.113.7", null)]
    [InlineData("198.51.100.0/24", null)]
    [InlineData("2001:db8::/32", null)]
    [InlineData("example.com", "is not an address or range")]
    public void Check_AllowedSources_TakeAddressesAndRanges(string source, string? error)
    {
        var settings = Settings();
        settings.ExternalPort = 15432;
        settings.AllowedSources = [source];

        var result = DatabaseValidation.Check(settings);

        if (error is null)
        {
            Assert.Null(result);
        }
        else
        {
            Assert.Contains(error, result);
        }
    }

    [Fact]
    public void Check_InitScriptWithAnotherExtension_IsRefused()
    {
        var settings = Settings();
        settings.InitScripts = [new InitScript { Name = "init.py", Content = "print(1)" }];

        Assert.Contains("must end in .sql or .sh", DatabaseValidation.Check(settings));
    }

    [Fact]
    public void Resolve_References_GiveTheUrlWithTheCurrentPasswordAndNameAnUnknownDatabase()
    {
        var service = new Service
        {
            Id = Guid.CreateVersion7(), Name = "db", Kind = ServiceKind.Database, Project = new Project { Name = "shop", NormalizedName = "SHOP" },
            Database = Settings(),
        };
        (Service, string)? Find(string name) => name == "db" ? (service, "s3cret") : null;

        Assert.Equal(("postgresql://app:s3cret@shop-db:5432/app?sslmode=disable", null),
            DatabaseUrls.Resolve("DATABASE_URL", "${{ db.url }}?sslmode=disable", Find));
        Assert.Equal(("shop-db:5432", null), DatabaseUrls.Resolve("HOST", "${{db.host}}:${{ db.port }}", Find));
        Assert.Contains("no database named \"cache\"", DatabaseUrls.Resolve("REDIS_URL", "${{ cache.url }}", Find).Error);
    }
}
