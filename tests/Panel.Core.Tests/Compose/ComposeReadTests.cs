using DropIt.Panel.Core.Compose;
using static DropIt.Panel.Core.Tests.Compose.ComposeFiles;

namespace DropIt.Panel.Core.Tests.Compose;

public sealed class ComposeReadTests
{
    [Fact]
    public void Read_ProductionFile_PlansTheThreeServices()
    {
        var plan = ReadValid(Production).Plan!;

        Assert.Equal(["api", "postgres", "redis"], plan.Services.Select(s => s.Name));
        var api = plan.Find("api")!;
        Assert.Null(api.Image);
        Assert.Equal(("", "apps/api/Dockerfile", null), (api.Build!.Context, api.Build.Dockerfile, api.Build.Target));
        Assert.Empty(api.Build!.Arguments);
        Assert.Equal(["postgres", "redis"], api.DependsOn);
        Assert.Equal(["postgres"], api.DependsOnHealthy);
        Assert.Equal([3000], api.Ports);
        Assert.True(api.HasHealthCheck);
        Assert.False(api.Stateful);

        var postgres = plan.Find("postgres")!;
        Assert.Equal("postgres:16-alpine", postgres.Image);
        Assert.Equal(["data-postgres"], postgres.Volumes);
        Assert.True(postgres.Stateful);
        Assert.Equal([new ComposeFileMount("init-db.sql", "/docker-entrypoint-initdb.d/init.sql")], postgres.Files);
        Assert.Equal(1, postgres.Replicas);

        Assert.Equal(["data-postgres"], plan.Volumes);
        Assert.Equal(["default"], plan.Networks);
        Assert.Equal([new ComposeSecretPlan("db_password", "DB_PASSWORD")], plan.Secrets);
    }

    [Fact]
    public void Read_ProductionFile_StartsDatabasesBeforeTheApi()
    {
        var plan = ReadValid(Production).Plan!;

        var groups = plan.StartGroups();

        Assert.Equal(2, groups.Count);
        Assert.Equal(["postgres", "redis"], groups[0]);
        Assert.Equal(["api"], groups[1]);
    }

    [Fact]
    public void Read_ProductionFile_OffersTheTraefikHostAsADomainAndWarns()
    {
        var check = ReadValid(Production);

        Assert.Equal([new ComposeLabelDomain("api", "api.dropit-app.fr", "/", 3000, false)], check.Plan!.LabelDomains);
        var warning = Assert.Single(check.Warnings, w => w.Message.StartsWith("Traefik labels are not used", StringComparison.Ordinal));
        Assert.Equal(("api", 8), (warning.Service, warning.Line));
    }

    [Fact]
    public void Read_ProductionFile_WarnsOfStartIntervalAndTheFolderBecomingAVolume()
    {
        var check = ReadValid(Production);

        var startInterval = Assert.Single(check.Warnings, w => w.Message.Contains("start_interval", StringComparison.Ordinal));
        Assert.Equal(("api", 6), (startInterval.Service, startInterval.Line));
        var folder = Assert.Single(check.Warnings, w => w.Message.Contains("becomes the named volume 'data-postgres'", StringComparison.Ordinal));
        Assert.Equal(("postgres", 13), (folder.Service, folder.Line));
    }

    [Fact]
    public void Read_VariableMissingFromTheEnv_WarnsWithItsNameAndLineButNoValue()
    {
        var environment = new Dictionary<string, string> { ["OTHER"] = Password };

        var check = ReadValid(Production, Repository(environment));

        var warning = Assert.Single(check.Warnings, w => w.Message.StartsWith("${DB_PASSWORD}", StringComparison.Ordinal));
        Assert.Equal(5, warning.Line);
        Assert.Contains(check.Warnings, w => w.Message.Contains("secret 'db_password' takes its value from DB_PASSWORD", StringComparison.Ordinal));
        Assert.DoesNotContain(check.Warnings.Concat(check.Errors), p => p.ToString().Contains(Password, StringComparison.Ordinal));
    }

    [Fact]
    public void Read_VariablesSetOrWithDefaults_AreNotWarnedOf()
    {
        var check = ReadValid("""
            services:
              web:
                image: nginx:${TAG:-1.27}
                environment: [ "A=${DB_PASSWORD}", "B=$DB_PASSWORD", "C=$$NOT_A_VARIABLE", "D=${E-x}" ]
            """);

        Assert.Empty(check.Warnings);
    }

    [Fact]
    public void Read_PlusModifier_IsRefusedBecauseDocker2010CannotReplaceIt()
    {
        var error = ReadRefused("""
            services:
              web:
                image: nginx
                command: ["echo", "${DEBUG:+--verbose}"]
            """);

        Assert.Equal(4, error.Line);
        Assert.Contains("'${DEBUG:+--verbose}' is not a variable Docker 20.10 can replace", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_NoVersionListsAnchorsAndExtensions_AreAccepted()
    {
        var check = ReadValid("""
            version: "3.8"
            x-defaults: &defaults
              restart: always
              logging: { driver: json-file, options: { max-size: 10m } }
            services:
              worker:
                <<: *defaults
                image: busybox
                x-note: kept out
                depends_on: [ cache ]
                environment: [ "MODE=worker" ]
                labels: { com.example.team: core }
                healthcheck: { disable: true }
                expose: [ "8080", "9090/tcp" ]
                deploy: { replicas: 3, resources: { limits: { cpus: "0.5", memory: 256M } } }
              cache:
                image: redis
                ports: [ { target: 6379, published: 6379, mode: host } ]
            """);

        var worker = check.Plan!.Find("worker")!;
        Assert.False(worker.HasHealthCheck);
        Assert.Equal(3, worker.Replicas);
        Assert.Equal([8080, 9090], worker.Ports);
        Assert.Equal([6379], check.Plan.Find("cache")!.Ports);
        Assert.Contains(check.Warnings, w => w.Service == "cache" && w.Message.Contains("bypasses Traefik", StringComparison.Ordinal));
    }

    [Fact]
    public void Read_LabelsWithTlsAndPathPrefix_OfferAnHttpsDomainWithItsPath()
    {
        var check = ReadValid("""
            services:
              web:
                image: nginx
                labels:
                  traefik.http.routers.web.rule: Host(`shop.example.com`) && PathPrefix(`/api`)
                  traefik.http.routers.web.tls.certresolver: le
                  traefik.http.services.web.loadbalancer.server.port: "8080"
            """);

        Assert.Equal([new ComposeLabelDomain("web", "shop.example.com", "/api", 8080, true)], check.Plan!.LabelDomains);
    }

    [Fact]
    public void Read_BuildInASubfolder_ResolvesPathsFromTheRepositoryRoot()
    {
        var options = Repository() with
        {
            ComposeFolder = "deploy",
            PathKind = path => path is "apps/api" ? SourcePathKind.Folder : SourcePathKind.File,
        };

        var check = ReadValid("""
            services:
              api:
                build: { context: ../apps/api, args: { NODE_ENV: production }, target: runtime }
                image: registry.example.com/api
            """, options);

        var build = check.Plan!.Find("api")!.Build!;
        Assert.Equal(("apps/api", "apps/api/Dockerfile", "runtime"), (build.Context, build.Dockerfile, build.Target));
        Assert.Equal("production", build.Arguments["NODE_ENV"]);
        Assert.Equal("registry.example.com/api", check.Plan.Find("api")!.Image);
    }

    [Fact]
    public void Read_PastedFileWithImagesAndNamedVolumes_IsAccepted()
    {
        var check = ReadValid("""
            services:
              db:
                image: postgres:16
                volumes: [ { type: volume, source: pgdata, target: /var/lib/postgresql/data } ]
                ports: [ { target: 5432 } ]
              cache:
                image: redis:7
            volumes:
              pgdata:
            """, Pasted());

        var db = check.Plan!.Find("db")!;
        Assert.Equal(["pgdata"], db.Volumes);
        Assert.True(db.Stateful);
        Assert.Equal([5432], db.Ports);
        Assert.True(check.Plan.Find("cache")!.HasHealthCheck);
        Assert.Equal(["pgdata"], check.Plan.Volumes);
        Assert.Empty(check.Warnings);
    }

    [Fact]
    public void Read_SecretAndConfigFilesOfTheRepository_ArePlannedForTheDeployer()
    {
        var check = ReadValid("""
            services:
              web:
                image: nginx
                secrets: [ tls_key ]
                configs: [ { source: site, target: /etc/nginx/nginx.conf } ]
            secrets:
              tls_key: { file: ./init-db.sql }
            configs:
              site: { file: ./nginx.conf }
            """);

        Assert.Equal([new ComposeSecretFile("tls_key", "init-db.sql")], check.Plan!.SecretFiles);
        Assert.Empty(check.Plan.Secrets);
        Assert.Equal([new ComposeFileMount("nginx.conf", "/etc/nginx/nginx.conf")], check.Plan.Find("web")!.Files);
    }
}
