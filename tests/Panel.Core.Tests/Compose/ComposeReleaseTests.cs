using DropIt.Panel.Core.Compose;
using DropIt.Panel.Core.Docker;

namespace DropIt.Panel.Core.Tests.Compose;

/// <summary>The release command of a compose stack (decision 044): what it runs with, and what a first start runs before it.</summary>
public sealed class ComposeReleaseTests
{
    private static readonly Dictionary<string, string> Env = new()
    {
        ["DB_PASSWORD"] = ComposeFiles.Password,
        ["EMPTY"] = "",
        ["TAG"] = "1.4",
    };

    [Theory]
    [InlineData("postgres://app:${DB_PASSWORD}@db/app", "postgres://app:" + ComposeFiles.Password + "@db/app")]
    [InlineData("$TAG-$$HOME", "1.4-$HOME")]
    [InlineData("${MISSING:-fallback}/${EMPTY:-empty}/${EMPTY-kept}", "fallback/empty/")]
    [InlineData("${MISSING}${MISSING-x}", "x")]
    [InlineData("no variables", "no variables")]
    public void Interpolation_AsDocker2010_ReplacesVariablesAndDefaults(string text, string expected) =>
        Assert.Equal(expected, ComposeInterpolation.Apply(text, Env));

    [Theory]
    [InlineData("${MISSING:?set it}")]
    [InlineData("${EMPTY:?set it}")]
    [InlineData("${MISSING?}")]
    public void Interpolation_RequiredVariableNotSet_FailsNamingItWithoutValues(string text)
    {
        var error = Assert.Throws<BuildFailedException>(() => ComposeInterpolation.Apply(text, Env));
        Assert.Contains("Add ", error.Message);
        Assert.DoesNotContain(ComposeFiles.Password, error.Message);
    }

    [Fact]
    public void RunOf_BuiltApi_HasTheNewImageInterpolatedEnvironmentStackNetworksAndSecrets()
    {
        var check = ComposeFiles.ReadValid("""
            services:
              api:
                build: { context: ., dockerfile: apps/api/Dockerfile }
                environment:
                  - DATABASE_URL=postgres://app:${DB_PASSWORD}@postgres:5432/app
                  - TAG
                  - UNSET
                networks: [ back, shared ]
                secrets: [ db_password, { source: db_password, target: /etc/db } ]
                depends_on: { postgres: { condition: service_healthy } }
              postgres:
                image: postgres:${TAG}
                networks: [ back ]
                volumes: [ "./data/postgres:/var/lib/postgresql/data" ]
            networks:
              back: {}
              shared: { external: true, name: team-shared }
            secrets: { db_password: { environment: DB_PASSWORD } }
            """, ComposeFiles.Repository(Env));
        var options = new StackFileOptions(new Dictionary<string, string> { ["api"] = "dropit/s-x:d-y" }, new HashSet<string>(), "dropit-p-1",
            new Dictionary<string, string>(), new Dictionary<string, string> { ["db_password"] = "shop-db-password-0123456789ab" },
            new Dictionary<string, string>());

        var run = check.Document!.RunOf("api", "shop", options, Env);

        Assert.Equal("dropit/s-x:d-y", run.Image);
        Assert.Equal(["DATABASE_URL=postgres://app:" + ComposeFiles.Password + "@postgres:5432/app", "TAG=1.4"], run.Environment);
        Assert.Equal(["shop_back", "team-shared"], run.Networks);
        Assert.Equal([new ComposeRunFile("shop-db-password-0123456789ab", "db_password", true), new ComposeRunFile("shop-db-password-0123456789ab", "/etc/db", true)],
            run.Files);
        Assert.Equal("postgres:1.4", check.Document.RunOf("postgres", "shop", options, Env).Image);
        Assert.Equal(["site_default"], ComposeFiles.ReadValid("services:\n  web:\n    image: nginx\n", ComposeFiles.Pasted())
            .Document!.RunOf("web", "site", options, Env).Networks);
    }

    [Fact]
    public void BeforeRelease_ApiWithDatabaseAndCache_StartsTheDatabaseAndWhatItNeedsFirst_NeverWhatNeedsTheApi()
    {
        var plan = ComposeFiles.ReadValid("""
            services:
              api:
                image: api:1
                depends_on: [ postgres ]
              postgres:
                image: postgres:16
                volumes: [ "pg:/var/lib/postgresql/data" ]
                depends_on: [ vault ]
              vault: { image: vault:1 }
              redis: { image: redis:7 }
              worker:
                image: api:1
                depends_on: [ api ]
              search:
                image: search:1
                volumes: [ "idx:/data" ]
                depends_on: [ api ]
            volumes: { pg: {}, idx: {} }
            """, ComposeFiles.Pasted()).Plan!;

        var before = plan.BeforeRelease("api");

        Assert.Equal(["postgres", "vault"], before.Order(StringComparer.Ordinal));
        var groups = plan.StartGroups(before);
        Assert.Equal(["postgres", "vault"], groups[0].Order(StringComparer.Ordinal));
        Assert.DoesNotContain(groups.Skip(1).SelectMany(g => g), before.Contains);
        Assert.Equal(6, groups.SelectMany(g => g).Count());
    }

    [Fact]
    public void BeforeRelease_StatelessStackWithoutDependencies_RunsTheReleaseFirst() =>
        Assert.Empty(ComposeFiles.ReadValid("services:\n  api:\n    image: api:1\n  web:\n    image: web:1\n", ComposeFiles.Pasted())
            .Plan!.BeforeRelease("api"));

    [Theory]
    [InlineData("migrate", null, "Name the compose service")]
    [InlineData("migrate", "api svc", "letters, digits")]
    [InlineData(null, null, null)]
    [InlineData("migrate", "api", null)]
    public void CheckRelease_NeedsTheServiceItRunsIn(string? command, string? service, string? error)
    {
        var settings = new ComposeSettings { StackName = "shop", ReleaseCommand = command, ReleaseService = service };
        var message = ComposeCatalogRules.CheckRelease(settings);
        if (error is null)
        {
            Assert.Null(message);
        }
        else
        {
            Assert.Contains(error, message);
        }
    }
}
