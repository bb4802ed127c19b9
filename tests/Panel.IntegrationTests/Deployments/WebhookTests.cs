using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using DropIt.Panel.Core.Deployments;
using DropIt.Panel.Data;
using DropIt.Panel.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace DropIt.Panel.IntegrationTests.Deployments;

/// <summary>Push webhooks: signed by GitHub, GitLab or Gitea, filtered by branch; a bad signature deploys nothing.</summary>
public sealed class WebhookTests(WebhookTests.NoRunPanel panel) : SharedPanelTest<WebhookTests.NoRunPanel>(panel)
{
    /// <summary>Queued deployments are not run: these tests check what the webhook queues, not the deploy.</summary>
    public sealed class NoRunPanel : BootstrappedPanel
    {
        protected override void ConfigureWebHost(Microsoft.AspNetCore.Hosting.IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.ConfigureServices(s => s.AddSingleton<IDeploymentQueue, RecordingQueue>());
        }
    }

    public sealed class RecordingQueue : IDeploymentQueue
    {
        public List<Guid> Queued { get; } = [];

        public void Enqueue(Guid deploymentId) => Queued.Add(deploymentId);
    }

    private DeployClient client = null!;
    private HttpClient anonymous = null!;
    private Guid serviceId;
    private string secret = "";

    public override async ValueTask InitializeAsync()
    {
        await base.InitializeAsync();
        client = new DeployClient(Panel.Api());
        anonymous = Panel.CreateApiClient(null);
        var project = await client.CreateProjectAsync("hooks-" + Guid.NewGuid().ToString("N")[..6]);
        serviceId = await client.CreateGitApplicationAsync(project, "api", new Uri("https://git.example.com/team/app.git"));
        var created = await client.Api.PostAsync($"/api/services/{serviceId}/webhook-secret", null, Ct);
        secret = JsonDocument.Parse(await created.Content.ReadAsStringAsync(Ct)).RootElement.GetProperty("secret").GetString()!;
    }

    private static string Push(string branch) => JsonSerializer.Serialize(new
    {
        @ref = $"refs/heads/{branch}",
        after = "3f2a9c1d5b7e8f90a1b2c3d4e5f60718293a4b5c",
        head_commit = new { message = "Fix the login page\n\nDetails" },
        commits = new[] { new { id = "3f2a9c1d5b7e8f90a1b2c3d4e5f60718293a4b5c", message = "Fix the login page" } },
    });

    private static string Hmac(string key, string body) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(key), Encoding.UTF8.GetBytes(body)));

    private async Task<HttpResponseMessage> SendAsync(string body, params (string Name, string Value)[] headers)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/webhooks/{serviceId}")
        {
            Content = new StringContent(body, Encoding.UTF8, "application/json"),
        };
        foreach (var (name, value) in headers)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        return await anonymous.SendAsync(request, Ct);
    }

    private Task<int> DeploymentCountAsync() =>
        Panel.WithScopeAsync(sp => sp.GetRequiredService<PanelDbContext>().Deployments.CountAsync(d => d.ServiceId == serviceId));

    [Fact]
    public async Task GitHubPush_WithGoodSignature_QueuesAWebhookDeployment()
    {
        var body = Push("main");
        var response = await SendAsync(body, ("X-GitHub-Event", "push"), ("X-Hub-Signature-256", $"sha256={Hmac(secret, body)}"));

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var id = (await response.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("deploymentId").GetGuid();
        var deployment = await client.GetDeploymentAsync(id);
        Assert.Equal(("webhook", "queued"), (deployment.GetProperty("trigger").GetString(), deployment.GetProperty("status").GetString()));
    }

    [Fact]
    public async Task GitHubPush_WithBadSignature_Gets401AndDeploysNothing()
    {
        var body = Push("main");
        var response = await SendAsync(body, ("X-GitHub-Event", "push"), ("X-Hub-Signature-256", $"sha256={Hmac("wrong-secret", body)}"));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal(0, await DeploymentCountAsync());
        Assert.DoesNotContain(secret, await response.Content.ReadAsStringAsync(Ct));
    }

    [Fact]
    public async Task Push_WithoutSignature_Gets401AndDeploysNothing()
    {
        var response = await SendAsync(Push("main"), ("X-GitHub-Event", "push"));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal(0, await DeploymentCountAsync());
    }

    [Fact]
    public async Task GitHubPush_ToAnotherBranch_IsIgnoredWithTheReason()
    {
        var body = Push("feature/login");
        var response = await SendAsync(body, ("X-GitHub-Event", "push"), ("X-Hub-Signature-256", $"sha256={Hmac(secret, body)}"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("deploys pushes to main", await response.Content.ReadAsStringAsync(Ct));
        Assert.Equal(0, await DeploymentCountAsync());
    }

    [Fact]
    public async Task GitLabPush_WithToken_QueuesAndWithWrongTokenGets401()
    {
        var body = Push("main");
        var wrong = await SendAsync(body, ("X-Gitlab-Event", "Push Hook"), ("X-Gitlab-Token", secret + "x"));
        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        Assert.Equal(0, await DeploymentCountAsync());

        var right = await SendAsync(body, ("X-Gitlab-Event", "Push Hook"), ("X-Gitlab-Token", secret));
        Assert.Equal(HttpStatusCode.Accepted, right.StatusCode);
        Assert.Equal(1, await DeploymentCountAsync());
    }

    [Fact]
    public async Task GiteaPush_WithGoodSignature_QueuesAndWithBadSignatureGets401()
    {
        var body = Push("main");
        var bad = await SendAsync(body, ("X-Gitea-Event", "push"), ("X-Gitea-Signature", Hmac(secret, body + " ")));
        Assert.Equal(HttpStatusCode.Unauthorized, bad.StatusCode);
        Assert.Equal(0, await DeploymentCountAsync());

        var good = await SendAsync(body, ("X-Gitea-Event", "push"), ("X-Gitea-Signature", Hmac(secret, body)));
        Assert.Equal(HttpStatusCode.Accepted, good.StatusCode);
        Assert.Equal(1, await DeploymentCountAsync());
    }

    [Fact]
    public async Task TwoPushes_InQuickSuccession_QueueOneDeployment()
    {
        var body = Push("main");
        var signature = ("X-Hub-Signature-256", $"sha256={Hmac(secret, body)}");
        var first = await SendAsync(body, ("X-GitHub-Event", "push"), signature);
        var second = await SendAsync(body, ("X-GitHub-Event", "push"), signature);

        Assert.Equal((HttpStatusCode.Accepted, HttpStatusCode.Accepted), (first.StatusCode, second.StatusCode));
        Assert.Equal(1, await DeploymentCountAsync());
    }

    [Fact]
    public async Task Webhook_ForServiceWithoutSecret_Gets404()
    {
        var project = await client.CreateProjectAsync("no-secret");
        var other = await client.CreateGitApplicationAsync(project, "web", new Uri("https://git.example.com/team/web.git"));
        var response = await anonymous.PostAsync($"/api/webhooks/{other}", new StringContent(Push("main")), Ct);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }
}
