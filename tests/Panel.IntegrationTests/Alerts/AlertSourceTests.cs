using System.Text.Json;
using DropIt.Panel.Core.Certificates;
using DropIt.Panel.Core.Common;
using DropIt.Panel.Core.Monitoring;
using DropIt.Panel.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace DropIt.Panel.IntegrationTests.Alerts;

/// <summary>Events from the engine's states and from the timed checks reach a channel, and their recoveries say "resolved".</summary>
public sealed class AlertSourceTests : PanelTest<AlertsPanel>
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task CrashLoopThenRunning_SendsKeepsCrashingOnceThenResolved()
    {
        using var receiver = new AlertReceiver();
        var api = Panel.Api();
        await AlertChannelTests.CreateAsync(api, new
        {
            name = "hook", kind = "webhook", settings = new Dictionary<string, string> { ["url"] = receiver.Url }, events = new[] { "service.crash-loop" },
        });
        var client = new DeployClient(api);
        var service = await client.CreateApplicationAsync(await client.CreateProjectAsync("loop"), new
        {
            name = "api", kind = "application", source = new { type = "image", image = "registry.invalid/api:1" }, port = 80,
        });
        var states = Panel.Services.GetRequiredService<ServiceStateEvents>();

        states.Publish(new ServiceStateChanged(service, ServiceEngineState.CrashLoop, "3 crashes in 5 min, last exit code 137"));
        states.Publish(new ServiceStateChanged(service, ServiceEngineState.CrashLoop, "4 crashes in 5 min, last exit code 137"));
        var first = await receiver.WaitForAsync(r => r.Count >= 1, Patience, "the crash-loop alert");
        Assert.Equal("api keeps crashing", Json(first[0]).GetProperty("title").GetString());
        Assert.Contains("exit code 137", Json(first[0]).GetProperty("message").GetString());
        Assert.Equal($"https://panel.dropit.test/services/{service}", Json(first[0]).GetProperty("url").GetString());

        states.Publish(new ServiceStateChanged(service, ServiceEngineState.Running, null));
        var all = await receiver.WaitForAsync(r => r.Count >= 2, Patience, "the resolved message");
        Assert.Equal("resolved", Json(all[1]).GetProperty("type").GetString());
        Assert.Equal("Resolved: api runs again", Json(all[1]).GetProperty("title").GetString());
        await Task.Delay(AlertsPanel.GroupingPeriod * 2, Ct);
        Assert.Equal(2, receiver.Requests.Count);
    }

    [Fact]
    public async Task CertificateExpiringIn5Days_IsToldOnceAndResolvedWhenRenewed()
    {
        using var receiver = new AlertReceiver();
        await AlertChannelTests.CreateAsync(Panel.Api(), new
        {
            name = "hook", kind = "webhook", settings = new Dictionary<string, string> { ["url"] = receiver.Url }, events = new[] { "certificate.expiring" },
        });
        var id = Guid.NewGuid();
        await Panel.WithScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<IPanelDbContext>();
            db.Certificates.Add(new Certificate
            {
                Id = id, Names = ["shop.dropit.test"], Source = CertificateSource.Custom, State = CertificateState.Valid,
                NotBefore = DateTimeOffset.UtcNow.AddDays(-85), NotAfter = DateTimeOffset.UtcNow.AddDays(5).AddHours(1),
                CreatedAt = DateTimeOffset.UtcNow, UpdatedAt = DateTimeOffset.UtcNow,
            });
            return await db.SaveChangesAsync(Ct);
        });

        var first = await receiver.WaitForAsync(r => r.Count >= 1, Patience, "the expiry alert");
        Assert.Equal("Certificate for shop.dropit.test expires in 5 days", Json(first[0]).GetProperty("title").GetString());
        Assert.Equal("warning", Json(first[0]).GetProperty("severity").GetString());
        await Task.Delay(TimeSpan.FromSeconds(3), Ct);
        Assert.Single(receiver.Requests);

        await Panel.WithScopeAsync(sp => sp.GetRequiredService<IPanelDbContext>().Certificates.Where(c => c.Id == id)
            .ExecuteUpdateAsync(c => c.SetProperty(x => x.NotAfter, DateTimeOffset.UtcNow.AddDays(90)), Ct));
        var all = await receiver.WaitForAsync(r => r.Count >= 2, Patience, "the resolved message");
        Assert.Equal("Resolved: certificate for shop.dropit.test renewed", Json(all[1]).GetProperty("title").GetString());
    }

    [Fact]
    public async Task PanelStartsAgain_SameDatabase_ChannelHearsThatThePanelRestarted()
    {
        using var receiver = new AlertReceiver();
        await AlertChannelTests.CreateAsync(Panel.Api(), new
        {
            name = "hook", kind = "webhook", settings = new Dictionary<string, string> { ["url"] = receiver.Url }, events = new[] { "panel.restarted" },
        });
        var database = Panel.DatabaseName;
        var keyPath = Panel.Settings["Panel:MasterKeyPath"];
        await Panel.DisposeAsync();
        Assert.Empty(receiver.Requests);

        await using var again = new AlertsPanel { DatabaseName = database };
        again.Settings["Panel:MasterKeyPath"] = keyPath;
        _ = again.Server;

        var told = await receiver.WaitForAsync(r => r.Count >= 1, Patience, "the restart message");
        Assert.Equal("panel.restarted", Json(told[0]).GetProperty("event").GetString());
        Assert.Equal("DropIt Panel started", Json(told[0]).GetProperty("title").GetString());
    }

    private static JsonElement Json(ReceivedRequest request) => JsonDocument.Parse(request.Body).RootElement.Clone();
}
