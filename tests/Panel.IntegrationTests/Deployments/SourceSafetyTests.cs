using System.Net.Http.Json;
using DropIt.Panel.TestSupport;

namespace DropIt.Panel.IntegrationTests.Deployments;

/// <summary>A panel whose deployment logs are capped at 256 KB, so a test build can pass the cap quickly.</summary>
public sealed class SmallLogPanel : BootstrappedPanel
{
    public const int LogMaxBytes = 256 * 1024;

    public SmallLogPanel() => Settings["Deployments:LogMaxBytes"] = LogMaxBytes.ToString(System.Globalization.CultureInfo.InvariantCulture);
}

/// <summary>What a repository or its settings cannot make the panel do: read through links, pass credentials, flood the log.</summary>
[Collection(DockerDeployments.Name)]
public sealed class SourceSafetyTests : PanelTest<SmallLogPanel>
{
    private GitServer git = null!;
    private DeployClient client = null!;

    public override async ValueTask InitializeAsync()
    {
        await base.InitializeAsync();
        await TestImages.EnsureBusyboxAsync();
        git = await GitServer.StartAsync();
        client = new DeployClient(Panel.Api());
    }

    [Fact]
    public async Task Deploy_DockerfileThatIsASymbolicLinkToEtcPasswd_FailsNamingThePathAndTheOldVersionKeepsServing()
    {
        var repo = await git.CreateRepositoryAsync("linked", SampleApp.Files("1"));
        var serviceId = await client.CreateGitApplicationAsync(await client.CreateProjectAsync("p-linked"), "api", repo.CloneUri);
        await client.DeploySucceededAsync(serviceId);
        await repo.CommitAsync(new Dictionary<string, string>(), "Dockerfile becomes a link",
            symbolicLinks: new Dictionary<string, string> { ["Dockerfile"] = "/etc/passwd" });

        var failed = await client.WaitFinishedAsync(await client.DeployAsync(serviceId));

        Assert.Equal("failed", failed.GetProperty("status").GetString());
        Assert.Contains("The Dockerfile path \"Dockerfile\" is a symbolic link in the repository", failed.GetProperty("error").GetString());
        Assert.Contains("version 1", await client.FetchLiveAsync(serviceId, "/index.html"));
        await DeleteAsync(serviceId);
    }

    [Fact]
    public async Task Create_GitUrlWithCredentials_IsRefusedPointingToTheTokenField()
    {
        var project = await client.CreateProjectAsync("p-credentials");

        var response = await client.Api.PostAsJsonAsync($"/api/projects/{project}/services", new
        {
            name = "api",
            kind = "application",
            source = new { type = "git", url = "https://deploy:ghp_tokenInTheUrl@git.example.com/team/api.git", branch = "main" },
            port = SampleApp.Port,
        }, Ct);

        var text = await response.Content.ReadAsStringAsync(Ct);
        Assert.Equal(400, (int)response.StatusCode);
        Assert.Contains("use the token field", System.Text.Json.JsonDocument.Parse(text).RootElement.GetProperty("detail").GetString());
        Assert.DoesNotContain("ghp_tokenInTheUrl", text);
    }

    [Fact]
    public async Task SetBuildArguments_DockerHost_IsRefusedNamingTheVariable()
    {
        var repo = await git.CreateRepositoryAsync("build-args", SampleApp.Files("1"));
        var serviceId = await client.CreateGitApplicationAsync(await client.CreateProjectAsync("p-build-args"), "api", repo.CloneUri);

        var response = await client.Api.PutAsJsonAsync($"/api/services/{serviceId}/env",
            new { variables = new Dictionary<string, string>(), buildArguments = new Dictionary<string, string> { ["DOCKER_HOST"] = "tcp://10.0.0.9:2375" } }, Ct);

        Assert.Equal(400, (int)response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>(Ct);
        Assert.Contains("The build argument \"DOCKER_HOST\" is refused", problem.GetProperty("detail").GetString());
        Assert.DoesNotContain("DOCKER_HOST", await client.Api.GetStringAsync($"/api/services/{serviceId}/env", Ct));
        await DeleteAsync(serviceId);
    }

    [Fact]
    public async Task Deploy_BuildPrintingALongLineAndMoreThanTheCap_ShowsBothMarkersAndTheLogStaysUnderTheCap()
    {
        var files = new Dictionary<string, string>(SampleApp.Files("1"))
        {
            ["Dockerfile"] = $"""
                FROM {TestImages.Busybox}
                COPY site/ /www/
                RUN echo "build {Guid.NewGuid():N}"
                RUN printf 'long-line-start '; head -c 20000 /dev/zero | tr '\0' a; echo
                RUN head -c 150000 /dev/zero | tr '\0' b | fold -w 100
                RUN head -c 150000 /dev/zero | tr '\0' c | fold -w 100
                RUN head -c 150000 /dev/zero | tr '\0' d | fold -w 100
                EXPOSE {SampleApp.Port}
                CMD ["httpd", "-f", "-p", "{SampleApp.Port}", "-h", "/www"]

                """,
        };
        var repo = await git.CreateRepositoryAsync("noisy", files);
        var serviceId = await client.CreateGitApplicationAsync(await client.CreateProjectAsync("p-noisy"), "api", repo.CloneUri);

        var deploymentId = await client.DeploySucceededAsync(serviceId);

        var log = await client.LogAsync(deploymentId);
        Assert.Contains("a [line cut: ", log);
        Assert.DoesNotContain(new string('a', 16 * 1024 + 1), log);
        Assert.Contains($"log truncated at {SmallLogPanel.LogMaxBytes} bytes: later output is dropped", log);
        Assert.Matches(@"log truncated: \d+ bytes dropped", log);
        Assert.InRange(new FileInfo(Path.Combine(Panel.DataPath, "logs", "deployments", $"{deploymentId}.log")).Length, 1, SmallLogPanel.LogMaxBytes);
        Assert.Contains("version 1", await client.FetchLiveAsync(serviceId, "/index.html"));
        await DeleteAsync(serviceId);
    }

    private async Task DeleteAsync(Guid serviceId) =>
        Assert.Equal(204, (int)(await client.Api.DeleteAsync($"/api/services/{serviceId}", Ct)).StatusCode);

    public override async ValueTask DisposeAsync()
    {
        await git.DisposeAsync();
        await base.DisposeAsync();
    }
}
