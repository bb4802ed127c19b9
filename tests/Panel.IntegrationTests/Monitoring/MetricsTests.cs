using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using DropIt.Panel.Core.Backups;
using DropIt.Panel.Core.Certificates;
using DropIt.Panel.Core.Identity;
using DropIt.Panel.Data;
using DropIt.Panel.IntegrationTests.Deployments;
using DropIt.Panel.IntegrationTests.Network;
using DropIt.Panel.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace DropIt.Panel.IntegrationTests.Monitoring;

/// <summary>GET /metrics on a real panel: the Prometheus text of a deployed service, and who may read it.</summary>
[Collection(DockerNetworks.Name)]
public sealed class MetricsTests : PanelTest<MonitoredPanel>
{
    private readonly List<Guid> applications = [];

    public override async ValueTask DisposeAsync()
    {
        foreach (var app in applications)
        {
            await Panel.Api().DeleteAsync($"/api/services/{app}", CancellationToken.None);
        }

        await base.DisposeAsync();
    }

    [Fact]
    public async Task ReadToken_GetsParsableTextWithTheDeployedServiceSeries()
    {
        await NetworkProbes.EnsureImageAsync();
        var client = new DeployClient(Panel.Api());
        var project = await client.CreateProjectAsync("metrics");
        var app = await client.CreateApplicationAsync(project, NetworkProbes.Application("web"));
        applications.Add(app);
        await client.DeploySucceededAsync(app);
        var (policy, certificate) = await AddBackupAndCertificateAsync();
        var reader = Panel.CreateApiClient(await Panel.CreateTokenAsync("prometheus", Access.Read));

        string[] web = ["metrics", "web", "application"];
        var text = await Eventually.MatchesAsync(async () =>
            {
                var response = await reader.GetAsync("/metrics", Ct);
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                Assert.Equal("text/plain; version=0.0.4; charset=utf-8", response.Content.Headers.ContentType?.ToString());
                return await response.Content.ReadAsStringAsync(Ct);
            },
            t => MetricsText.Parse(t) is var f
                && Value(f, "dropit_service_containers", web) == 1 && Value(f, "dropit_service_memory_used_bytes", web) > 0,
            TimeSpan.FromSeconds(30), "the web service's containers and memory in the metrics", TimeSpan.FromMilliseconds(500));
        var families = MetricsText.Parse(text);

        Assert.Equal(1, Value(families, "dropit_service_containers", web));
        Assert.True(Value(families, "dropit_service_memory_used_bytes", web) > 0);
        Assert.True(Value(families, "dropit_service_memory_limit_bytes", web) > 0);
        Assert.NotNull(Value(families, "dropit_service_cpu_ratio", web));
        Assert.NotNull(Value(families, "dropit_service_network_receive_bytes_per_second", web));
        Assert.NotNull(Value(families, "dropit_service_network_transmit_bytes_per_second", web));
        Assert.Equal(0, Value(families, "dropit_service_restarts", web));
        Assert.Equal(1, Value(families, "dropit_service_status", [.. web, "running"]));
        Assert.Equal(0, Value(families, "dropit_service_status", [.. web, "failed"]));
        Assert.Equal(1, Value(families, "dropit_service_deployments", [.. web, "succeeded"]));
        Assert.True(Value(families, "dropit_service_deployments_duration_seconds", [.. web, "succeeded"]) > 0);
        Assert.True(Value(families, "dropit_service_deployment_max_duration_seconds", [.. web, "succeeded"]) > 0);

        string[] backup = [policy.ToString(), "the panel", "panel"];
        Assert.InRange(Value(families, "dropit_backup_age_seconds", backup) ?? -1, 3500, 3700);
        Assert.Equal(1, Value(families, "dropit_backup_last_outcome", [.. backup, "succeeded"]));
        Assert.Equal(0, Value(families, "dropit_backup_last_outcome", [.. backup, "failed"]));
        Assert.InRange(Value(families, "dropit_certificate_expiry_seconds", [certificate.ToString(), "metrics.dropit.test", "acme"]) ?? 0,
            TimeSpan.FromDays(59).TotalSeconds, TimeSpan.FromDays(61).TotalSeconds);

        Assert.True(families["dropit_disk_size_bytes"].Samples.Single().Value > 0);
        Assert.True(families["dropit_host_memory_total_bytes"].Samples.Single().Value > 0);
        Assert.True(families["dropit_panel_gc_heap_bytes"].Samples.Single().Value > 0);
        Assert.True(families["dropit_panel_threadpool_threads"].Samples.Single().Value > 0);
        Assert.True(families["process_working_set_bytes"].Samples.Single().Value > 0);
        Assert.All(families.Values.Where(f => f.Name.StartsWith("dropit_", StringComparison.Ordinal)), f => Assert.Equal("gauge", f.Type));
    }

    [Fact]
    public async Task WithoutAReadToken_IsRefused()
    {
        var client = new DeployClient(Panel.Api());
        var project = await client.CreateProjectAsync("mine");

        var anonymous = await Panel.CreateBrowserClient().GetAsync("/metrics", Ct);
        var unknown = await Panel.CreateApiClient("not-a-token").GetAsync("/metrics", Ct);
        var scoped = await Panel.CreateApiClient(await Panel.CreateTokenAsync("mine only", Access.Read, project)).GetAsync("/metrics", Ct);

        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal("Bearer", anonymous.Headers.WwwAuthenticate.ToString());
        Assert.Contains("Authorization: Bearer", (await anonymous.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("detail").GetString());
        Assert.Equal(HttpStatusCode.Unauthorized, unknown.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, scoped.StatusCode);
        Assert.Contains("limited to the project \"mine\"", (await scoped.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("detail").GetString());
        Assert.Equal(HttpStatusCode.OK, (await Panel.Api().GetAsync("/metrics", Ct)).StatusCode);
    }

    /// <summary>The value of the series of <paramref name="family"/> whose label values are <paramref name="labels"/>, in order.</summary>
    private static double? Value(Dictionary<string, MetricsFamily> families, string family, string[] labels) =>
        families.TryGetValue(family, out var f)
            ? f.Samples.SingleOrDefault(s => s.Labels.Values.SequenceEqual(labels))?.Value
            : null;

    /// <summary>A panel backup policy whose last run succeeded an hour ago, and a certificate valid for 60 more days.</summary>
    private Task<(Guid Policy, Guid Certificate)> AddBackupAndCertificateAsync() => Panel.WithScopeAsync(async sp =>
    {
        var db = sp.GetRequiredService<PanelDbContext>();
        var now = DateTimeOffset.UtcNow;
        var destination = new BackupDestination
        {
            Id = Guid.CreateVersion7(), Name = "local", Kind = DestinationKind.Local, LocalPath = Path.Combine(Panel.DataPath, "backups"),
            CreatedAt = now,
        };
        var policy = new BackupPolicy
        {
            Id = Guid.CreateVersion7(), Target = BackupTarget.Panel, SubjectName = "the panel", DestinationId = destination.Id,
            CreatedAt = now,
        };
        var certificate = new Certificate
        {
            Id = Guid.CreateVersion7(), Names = ["metrics.dropit.test"], Source = CertificateSource.Acme, State = CertificateState.Valid,
            NotBefore = now.AddDays(-30), NotAfter = now.AddDays(60), CreatedAt = now, UpdatedAt = now,
        };
        db.AddRange(destination, policy, certificate);
        db.BackupRuns.Add(new BackupRun
        {
            Id = Guid.CreateVersion7(), PolicyId = policy.Id, Status = BackupStatus.Succeeded, StartedAt = now.AddHours(-1).AddMinutes(-1),
            FinishedAt = now.AddHours(-1), ObjectKey = "panel/one.tar.zst", Verification = VerificationStatus.Verified,
        });
        await db.SaveChangesAsync(Ct);
        return (policy.Id, certificate.Id);
    });
}
