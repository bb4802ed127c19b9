using static DropIt.Panel.Core.Tests.Compose.ComposeFiles;

namespace DropIt.Panel.Core.Tests.Compose;

public sealed class ComposeRefusalTests
{
    [Theory]
    [InlineData("container_name: web", "container_name is refused: Swarm names the tasks itself")]
    [InlineData("network_mode: host", "network_mode is refused: a service on the host network")]
    [InlineData("network_mode: \"service:db\"", "network_mode is refused: a service on the host network, or in another container's network")]
    [InlineData("privileged: true", "privileged is refused")]
    [InlineData("devices: [\"/dev/fuse:/dev/fuse\"]", "devices is refused")]
    [InlineData("pid: host", "pid is refused")]
    [InlineData("ipc: host", "ipc is refused")]
    [InlineData("cap_add: [NET_ADMIN]", "cap_add is refused: added capabilities widen what the container can do on the host. Swarm services run with Docker's default capabilities; cap_drop is allowed")]
    [InlineData("extends: { service: base }", "extends is refused")]
    [InlineData("links: [db]", "links is refused: every service of the file reaches the others by their service name")]
    [InlineData("mem_limit: 512m", "mem_limit is refused: set the limits under deploy.resources.limits")]
    [InlineData("cpus: 0.5", "cpus is refused: set the limits under deploy.resources.limits")]
    [InlineData("env_file: .env", "env_file is refused")]
    [InlineData("profiles: [debug]", "profiles is refused")]
    [InlineData("develop: { watch: [] }", "develop is not a key the panel can deploy")]
    [InlineData("volumes: [\"/srv/data:/data\"]", "host path '/srv/data': a host path ties the service to one machine and escapes the panel's backups. Use a named volume")]
    [InlineData("volumes: [\"/var/run/docker.sock:/var/run/docker.sock\"]", "'/var/run/docker.sock' gives the container control of the Docker engine")]
    [InlineData("volumes: [\"../../outside:/data\"]", "'../../outside' leaves the repository")]
    [InlineData("volumes: [\"data:/data\"]", "volume 'data' is not declared")]
    [InlineData("ports: [\"127.0.0.1:8080:80\"]", "port '127.0.0.1:8080:80' binds a host address: Swarm publishes a port on every address of the host")]
    [InlineData("restart: sometimes", "restart 'sometimes' is unknown")]
    [InlineData("depends_on: { db: { condition: service_ready } }", "depends_on condition 'service_ready' is unknown")]
    [InlineData("healthcheck: { test: [CMD, true], start_delay: 5s }", "healthcheck start_delay is unknown")]
    [InlineData("deploy: { replicas: 2, rollout: fast }", "deploy.rollout is unknown to Docker 20.10")]
    [InlineData("networks: [backend]", "network 'backend' is not declared")]
    [InlineData("secrets: [api_key]", "secret 'api_key' is not declared")]
    public void Read_RefusedServiceKey_IsNamedWithItsReasonLineAndService(string line, string message)
    {
        var error = ReadRefused($"""
            services:
              db:
                image: postgres
              web:
                image: nginx
                {line}
            """);

        Assert.Contains(message, error.Message, StringComparison.Ordinal);
        Assert.Equal(("web", 6), (error.Service, error.Line));
    }

    [Fact]
    public void Read_BuildPasted_IsRefusedAskingForARepository()
    {
        var error = ReadRefused("""
            services:
              api:
                build: .
            """, Pasted());

        Assert.Equal(("api", 3), (error.Service, error.Line));
        Assert.StartsWith("build: is refused: a pasted or uploaded file cannot carry files: take the compose file from a Git repository", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_RelativeBindPasted_IsRefusedAskingForARepository()
    {
        var error = ReadRefused("""
            services:
              db:
                image: postgres
                volumes: [ "./data:/var/lib/postgresql/data" ]
            """, Pasted());

        Assert.Contains("take the compose file from a Git repository, or use a named volume", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("build: ./missing", "build context './missing' is not a folder of the repository (missing)")]
    [InlineData("build: { context: ., dockerfile: nope/Dockerfile }", "dockerfile 'nope/Dockerfile' is not a file of the repository (nope/Dockerfile)")]
    [InlineData("build: ..", "build context '..' leaves the repository")]
    [InlineData("build: { context: ., dockerfile: apps/api/Dockerfile, cache_from: [x] }", "build.cache_from is not supported")]
    public void Read_BuildOutsideTheRepository_IsRefused(string line, string message)
    {
        var error = ReadRefused($"""
            services:
              api:
                {line}
            """);

        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_SecretFileMissingFromTheRepository_IsRefused()
    {
        var error = ReadRefused("""
            services:
              api: { image: nginx, secrets: [key] }
            secrets:
              key: { file: ./secrets/key.pem }
            """);

        Assert.Equal(4, error.Line);
        Assert.Contains("secret 'key': './secrets/key.pem' is not a file of the repository", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_UnclosedBracket_IsRefusedWithItsLine()
    {
        var error = ReadRefused("""
            services:
              web:
                image: nginx
                environment: [ "A=1"
              db:
                image: postgres
            """);

        Assert.StartsWith("the file is not valid YAML: a list or mapping written in brackets", error.Message, StringComparison.Ordinal);
        Assert.Equal(4, error.Line);
    }

    [Fact]
    public void Read_BadIndentation_IsRefusedWithItsLine()
    {
        var error = ReadRefused("""
            services:
              web:
                image: nginx
                command: echo
               ports: []
            """);

        Assert.StartsWith("the file is not valid YAML: ", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("Line:", error.Message, StringComparison.Ordinal);
        Assert.Equal(5, error.Line);
    }

    [Fact]
    public void Read_DuplicateKey_IsRefusedWithItsLine()
    {
        var error = ReadRefused("""
            services:
              web:
                image: nginx
                image: caddy
            """);

        Assert.StartsWith("the file is not valid YAML: ", error.Message, StringComparison.Ordinal);
        Assert.Equal(4, error.Line);
    }

    [Theory]
    [InlineData("", "the file is empty")]
    [InlineData("volumes: { data: {} }", "the file has no services")]
    [InlineData("services: {}", "the file has no services")]
    public void Read_NoServices_IsRefused(string yaml, string message)
    {
        var error = ReadRefused(yaml);

        Assert.StartsWith(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_UnknownTopLevelKey_IsRefusedWithItsLine()
    {
        var error = ReadRefused("""
            services:
              web: { image: nginx }
            include: [ other.yml ]
            """);

        Assert.Equal(3, error.Line);
        Assert.StartsWith("'include' is not a top-level key of a compose file", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_ServiceNotAMapping_IsRefused()
    {
        var error = ReadRefused("""
            services:
              web: nginx
            """);

        Assert.Equal(("web", 2), (error.Service, error.Line));
        Assert.StartsWith("a service must be a mapping", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_ServiceWithoutImageOrBuild_IsRefused()
    {
        var error = ReadRefused("""
            services:
              web:
                environment: [ A=1 ]
            """);

        Assert.Equal(("web", 2), (error.Service, error.Line));
        Assert.StartsWith("the service has neither image: nor build:", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_DependsOnUnknownService_IsRefusedWithItsLine()
    {
        var error = ReadRefused("""
            services:
              web:
                image: nginx
                depends_on: [ db ]
            """);

        Assert.Equal(("web", 4), (error.Service, error.Line));
        Assert.Equal("depends_on names 'db', which is not a service of this file.", error.Message);
    }

    [Fact]
    public void Read_DependsOnCycle_IsRefusedNamingTheCycle()
    {
        var error = ReadRefused("""
            services:
              a: { image: busybox, depends_on: [ b ] }
              b: { image: busybox, depends_on: { c: { condition: service_healthy } } }
              c: { image: busybox, depends_on: [ a ] }
            """);

        Assert.Contains("depends_on makes a cycle (a -> b -> c -> a)", error.Message, StringComparison.Ordinal);
        Assert.Equal(("a", 2), (error.Service, error.Line));
    }
}
