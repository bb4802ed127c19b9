using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using DropIt.Panel.Core.Common;
using DropIt.Panel.Core.Deployments;
using DropIt.Panel.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace DropIt.Panel.IntegrationTests.Alerts;

/// <summary>Events reaching channels: a failing deployment by mail, grouping of a storm, "resolved", retries of a failing channel.</summary>
public sealed class AlertDeliveryTests : PanelTest<AlertsPanel>
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task FailedDeployment_EmailChannel_SmtpServerReceivesAMailNamingTheServiceAndWhatToDo()
    {
        using var smtp = await SmtpServer.StartAsync();
        var api = Panel.Api();
        await AlertChannelTests.CreateAsync(api, new
        {
            name = "mail", kind = "email", events = new[] { "deployment.failed" },
            settings = new Dictionary<string, string>
            {
                ["host"] = "127.0.0.1", ["port"] = smtp.Port.ToString(), ["security"] = "none",
                ["from"] = "panel@dropit.test", ["to"] = "admin@dropit.test",
            },
        });
        var client = new DeployClient(api);
        var project = await client.CreateProjectAsync("shop");
        var service = await client.CreateApplicationAsync(project, new
        {
            name = "api", kind = "application", source = new { type = "image", image = "registry.invalid/dropit/missing:1" }, port = 80,
        });

        var deployment = await client.DeployAsync(service);
        Assert.Equal("failed", (await client.WaitFinishedAsync(deployment)).GetProperty("status").GetString());

        var mail = Assert.Single(await smtp.WaitForAsync(m => m.Subject?.Contains("failed", StringComparison.Ordinal) == true, Patience));
        Assert.Equal("[DropIt] Deployment of api failed", mail.Subject);
        Assert.Equal("deployment.failed", mail.Headers["X-DropIt-Event"]);
        Assert.Contains("project shop", mail.TextBody);
        Assert.Contains("deploy again", mail.TextBody);
        Assert.Contains($"https://panel.dropit.test/deployments/{deployment}", mail.TextBody);
    }

    [Fact]
    public async Task StormOf50Failures_OneService_GivesOneMessageThenOneSummaryAndASuccessGivesResolved()
    {
        using var receiver = new AlertReceiver();
        var api = Panel.Api();
        await AlertChannelTests.CreateAsync(api, new
        {
            name = "hook", kind = "webhook", settings = new Dictionary<string, string> { ["url"] = receiver.Url },
            events = new[] { "deployment.failed", "deployment.succeeded" },
        });
        var client = new DeployClient(api);
        var service = await client.CreateApplicationAsync(await client.CreateProjectAsync("storm"), new
        {
            name = "worker", kind = "application", source = new { type = "image", image = "registry.invalid/worker:1" }, port = 80,
        });

        for (var i = 0; i < 50; i++)
        {
            await EndDeploymentAsync(service, DeploymentStatus.Failed, $"exit code 1 (crash {i + 1})");
        }

        var arrived = await receiver.WaitForAsync(r => r.Count >= 2, Patience, "the first message and the summary");
        var first = Json(arrived[0]);
        Assert.Equal("alert", first.GetProperty("type").GetString());
        Assert.Equal("deployment.failed", first.GetProperty("event").GetString());
        Assert.Equal("worker", first.GetProperty("service").GetString());
        var summary = Json(arrived[1]);
        Assert.Equal("summary", summary.GetProperty("type").GetString());
        Assert.Equal(49, summary.GetProperty("count").GetInt32());
        Assert.Contains("49 more times", summary.GetProperty("title").GetString());
        Assert.Contains("crash 50", summary.GetProperty("message").GetString());

        await EndDeploymentAsync(service, DeploymentStatus.Succeeded, null);
        var all = await receiver.WaitForAsync(r => r.Count >= 3, Patience, "the resolved message");
        var resolved = Json(all[2]);
        Assert.Equal("resolved", resolved.GetProperty("type").GetString());
        Assert.Equal("deployment.failed", resolved.GetProperty("event").GetString());
        Assert.StartsWith("Resolved: worker", resolved.GetProperty("title").GetString());

        // Nothing more: the success was told as "resolved", and the storm's period closed without repeats.
        await Task.Delay(AlertsPanel.GroupingPeriod * 2, Ct);
        Assert.Equal(3, receiver.Requests.Count);
    }

    [Fact]
    public async Task ChannelAnswering500_RetriesWithGrowingWaitsThenGivesUpAndShowsItsLastError()
    {
        using var receiver = new AlertReceiver { Status = HttpStatusCode.InternalServerError, Body = "{\"error\":\"upstream down\"}" };
        var api = Panel.Api();
        var channel = await AlertChannelTests.CreateAsync(api, new
        {
            name = "flaky", kind = "webhook", settings = new Dictionary<string, string> { ["url"] = receiver.Url }, events = new[] { "deployment.failed" },
        });
        var client = new DeployClient(api);
        var service = await client.CreateApplicationAsync(await client.CreateProjectAsync("retry"), new
        {
            name = "api", kind = "application", source = new { type = "image", image = "registry.invalid/api:1" }, port = 80,
        });

        await EndDeploymentAsync(service, DeploymentStatus.Failed, "exit code 2");

        var attempts = await receiver.WaitForAsync(r => r.Count >= 4, Patience, "four attempts");
        var gaps = attempts.Zip(attempts.Skip(1), (a, b) => (b.At - a.At).TotalSeconds).ToList();
        Assert.True(gaps[0] >= 0.9 && gaps[1] >= 1.9 && gaps[2] >= 2.9, $"waits between attempts: {string.Join(", ", gaps)}");
        var deliveries = await Eventually.MatchesAsync(
            () => api.GetFromJsonAsync<JsonElement>($"/api/alert-deliveries?channelId={channel}", Ct),
            d => d.GetArrayLength() == 4 && d.EnumerateArray().All(x => x.GetProperty("status").GetString() == "failed"),
            Patience, "four failed attempts recorded");
        Assert.Equal([4, 3, 2, 1], deliveries.EnumerateArray().Select(d => d.GetProperty("attempt").GetInt32()));
        Assert.Contains("HTTP 500", deliveries[0].GetProperty("answer").GetString());
        await Task.Delay(TimeSpan.FromSeconds(4), Ct);
        Assert.Equal(4, receiver.Requests.Count);

        var shown = await api.GetFromJsonAsync<JsonElement>($"/api/alert-channels/{channel}", Ct);
        Assert.Equal("The webhook refused the message: HTTP 500 Internal Server Error: {\"error\":\"upstream down\"}",
            shown.GetProperty("lastError").GetString());

        receiver.Status = HttpStatusCode.OK;
        Assert.True((await (await api.PostAsync($"/api/alert-channels/{channel}/test", null, Ct)).Content
            .ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("delivered").GetBoolean());
        shown = await api.GetFromJsonAsync<JsonElement>($"/api/alert-channels/{channel}", Ct);
        Assert.Equal(JsonValueKind.Null, shown.GetProperty("lastError").ValueKind);
    }

    /// <summary>A deployment of the service ends as the runner ends one: the row saved, then the change published.</summary>
    private Task EndDeploymentAsync(Guid serviceId, DeploymentStatus status, string? error) =>
        Panel.WithScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<IPanelDbContext>();
            var now = DateTimeOffset.UtcNow;
            var deployment = new Deployment
            {
                Id = Guid.NewGuid(), ServiceId = serviceId, Status = status, Trigger = DeploymentTrigger.Api, CreatedAt = now,
                StartedAt = now, FinishedAt = now, Error = error,
            };
            db.Deployments.Add(deployment);
            await db.SaveChangesAsync(Ct);
            sp.GetRequiredService<DeploymentEvents>().Publish(new DeploymentChanged(deployment.Id, serviceId, status, null, false));
            return deployment.Id;
        });

    private static JsonElement Json(ReceivedRequest request) => JsonDocument.Parse(request.Body).RootElement.Clone();
}
