using DropIt.Panel.Core.Compose;

namespace DropIt.Panel.Core.Tests.Compose;

/// <summary>Compose files and read options shared by the compose tests.</summary>
internal static class ComposeFiles
{
    public const string Password = "s3cr3t-Value-9f2";

    /// <summary>Shaped like a production file of ours: a built API, PostgreSQL with data and an init script, Redis.</summary>
    public const string Production = """
        services:
          api:
            build: { context: ., dockerfile: apps/api/Dockerfile }
            environment:
              DATABASE_URL: postgres://app:${DB_PASSWORD}@postgres:5432/app
            healthcheck: { test: ["CMD", "wget", "-qO-", "http://localhost:3000/health"], interval: 5s, start_interval: 1s }
            depends_on: { postgres: { condition: service_healthy }, redis: { condition: service_started } }
            labels: ["traefik.enable=true", "traefik.http.routers.api.rule=Host(`api.dropit-app.fr`)", "traefik.http.services.api.loadbalancer.server.port=3000"]
            restart: unless-stopped
          postgres:
            image: postgres:16-alpine
            environment: { POSTGRES_PASSWORD_FILE: /run/secrets/db_password }
            volumes: [ "./data/postgres:/var/lib/postgresql/data", "./init-db.sql:/docker-entrypoint-initdb.d/init.sql:ro" ]
            secrets: [ db_password ]
            healthcheck: { test: ["CMD-SHELL", "pg_isready -U app"], interval: 2s }
          redis: { image: redis:7-alpine }
        secrets: { db_password: { environment: DB_PASSWORD } }
        """;

    public static ComposeReadOptions Repository(IReadOnlyDictionary<string, string>? environment = null) => new(
        FromRepository: true,
        ComposeFolder: "",
        PathKind: path => path switch
        {
            "" or "apps" or "apps/api" => SourcePathKind.Folder,
            "apps/api/Dockerfile" or "init-db.sql" or "nginx.conf" => SourcePathKind.File,
            _ => SourcePathKind.Missing,
        },
        Environment: environment ?? new Dictionary<string, string> { ["DB_PASSWORD"] = Password });

    public static ComposeReadOptions Pasted() => new(FromRepository: false, Environment: new Dictionary<string, string>());

    public static ComposeCheck ReadValid(string yaml, ComposeReadOptions? options = null)
    {
        var check = ComposeDocument.Read(yaml, options ?? Repository());
        Assert.True(check.Succeeded, string.Join("\n", check.Errors));
        return check;
    }

    /// <summary>Reads a file that must be refused, and returns its only error.</summary>
    public static ComposeProblem ReadRefused(string yaml, ComposeReadOptions? options = null)
    {
        var check = ComposeDocument.Read(yaml, options ?? Repository());
        Assert.False(check.Succeeded);
        Assert.Null(check.Document);
        return Assert.Single(check.Errors);
    }
}
