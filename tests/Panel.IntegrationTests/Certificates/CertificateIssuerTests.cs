using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using DropIt.Panel.Core.Certificates;
using DropIt.Panel.Data;
using DropIt.Panel.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace DropIt.Panel.IntegrationTests.Certificates;

/// <summary>
/// The panel orders certificates from real pebble: the CA fetches the HTTP-01 answer from the panel itself
/// (listening on pebble's challenge port), the PEM files are written, and renewals and removals follow.
/// </summary>
public sealed class CertificateIssuerTests : IAsyncLifetime
{
    private Pebble pebble = null!;
    private BootstrappedPanel panel = null!;
    private HttpClient api = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        pebble = await Pebble.StartAsync(nonceRejectPercent: 5);
        panel = new BootstrappedPanel();
        panel.Settings["Acme:TrustedCaCertificatePath"] = pebble.TlsCertificatePath;
        panel.Settings["Acme:Enabled"] = "true";
        panel.UseKestrel(pebble.HttpChallengePort);
        panel.StartServer();
        api = new HttpClient(new SocketsHttpHandler { UseProxy = false }) { BaseAddress = new Uri($"http://127.0.0.1:{pebble.HttpChallengePort}") };
        api.DefaultRequestHeaders.Authorization = new("Bearer", BootstrappedPanel.Token);
        await panel.WithScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<PanelDbContext>();
            var settings = await db.PanelSettings.FirstAsync(Ct);
            settings.AcmeDirectoryUrl = pebble.DirectoryUrl.ToString();
            settings.AcmeContactEmail = "ops@dropit.test";
            return await db.SaveChangesAsync(Ct);
        });
    }

    private async Task<Guid> ServiceWithDomainsAsync(params string[] hosts)
    {
        var client = new DeployClient(api);
        var project = await client.CreateProjectAsync("tls-" + Guid.NewGuid().ToString("N")[..6]);
        var serviceId = await client.CreateApplicationAsync(project, new
        {
            name = "web", kind = "application", source = new { type = "image", image = "example/web:1" }, port = 8080,
        });
        foreach (var host in hosts)
        {
            (await api.PostAsJsonAsync($"/api/services/{serviceId}/domains", new { host }, ApiJson.Options, Ct)).EnsureSuccessStatusCode();
        }

        return serviceId;
    }

    private async Task<JsonElement> IssueAsync(Guid serviceId)
    {
        var response = await api.PostAsync($"/api/services/{serviceId}/certificate", null, Ct);
        var text = await response.Content.ReadAsStringAsync(Ct);
        Assert.True(response.IsSuccessStatusCode, text + "\n" + pebble.Log);
        return JsonDocument.Parse(text).RootElement;
    }

    [Fact]
    public async Task Issue_TwoHttpsNames_OneCertificateCoversBothAndItsFilesAreWritten()
    {
        var serviceId = await ServiceWithDomainsAsync("a.dropit.test", "b.dropit.test");

        var certificate = await IssueAsync(serviceId);

        Assert.Equal("valid", certificate.GetProperty("state").GetString());
        var id = certificate.GetProperty("id").GetGuid();
        var folder = Path.Combine(panel.DataPath, "certs", id.ToString());
        var leaf = X509Certificate2.CreateFromPem(await File.ReadAllTextAsync(Path.Combine(folder, "fullchain.pem"), Ct));
        var names = leaf.Extensions.OfType<X509SubjectAlternativeNameExtension>().Single().EnumerateDnsNames().Order().ToList();
        Assert.Equal(["a.dropit.test", "b.dropit.test"], names);
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(folder, "privkey.pem")));
        }

        Assert.Contains("Pebble", certificate.GetProperty("issuer").GetString());
    }

    [Fact]
    public async Task Renew_GivesANewCertificateAndRemovingTheDomainRevokesAndDeletesIt()
    {
        var serviceId = await ServiceWithDomainsAsync("renew.dropit.test");
        var first = await IssueAsync(serviceId);
        var id = first.GetProperty("id").GetGuid();
        var chain = Path.Combine(panel.DataPath, "certs", id.ToString(), "fullchain.pem");
        var firstSerial = X509Certificate2.CreateFromPem(await File.ReadAllTextAsync(chain, Ct)).SerialNumber;

        var renewed = await api.PostAsync($"/api/certificates/{id}/renew", null, Ct);
        Assert.Equal(HttpStatusCode.OK, renewed.StatusCode);
        Assert.NotEqual(firstSerial, X509Certificate2.CreateFromPem(await File.ReadAllTextAsync(chain, Ct)).SerialNumber);

        var domains = await api.GetFromJsonAsync<JsonElement>($"/api/services/{serviceId}/domains", ApiJson.Options, Ct);
        await api.DeleteAsync($"/api/services/{serviceId}/domains/{domains[0].GetProperty("id").GetGuid()}", Ct);
        var removed = await panel.WithScopeAsync(sp => sp.GetRequiredService<CertificateIssuer>().RemoveUnusedAsync(Ct));

        Assert.Equal(1, removed);
        Assert.False(File.Exists(chain));
        Assert.Contains("revoke", pebble.Log, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Renew_AfterAFailedAttempt_OrdersAtOnceButStillWaitsWhenTheCaAskedTo()
    {
        var serviceId = await ServiceWithDomainsAsync("retry.dropit.test");
        var id = (await IssueAsync(serviceId)).GetProperty("id").GetGuid();

        // The last attempt failed, and the panel's own pause runs for a while yet: Renew through the API, as on the page, does not wait for it.
        await FailLastAttemptAsync(id, "urn:ietf:params:acme:error:connection: the CA could not connect");
        var renewed = await api.PostAsync($"/api/certificates/{id}/renew", null, Ct);
        var text = await renewed.Content.ReadAsStringAsync(Ct);
        Assert.True(renewed.StatusCode == HttpStatusCode.OK, text + "\n" + pebble.Log);
        Assert.Equal("valid", JsonDocument.Parse(text).RootElement.GetProperty("state").GetString());

        // A wait the CA itself asked for is kept, and the refusal says until when.
        await FailLastAttemptAsync(id, "urn:ietf:params:acme:error:rateLimited: too many certificates");
        var refused = await api.PostAsync($"/api/certificates/{id}/renew", null, Ct);
        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        Assert.Contains("The CA asked to wait until", (await ApiJson.ReadAsync<ApiJson.Problem>(refused)).Detail);
    }

    private Task<int> FailLastAttemptAsync(Guid certificateId, string error) => panel.WithScopeAsync(async sp =>
    {
        var db = sp.GetRequiredService<PanelDbContext>();
        var certificate = await db.Certificates.SingleAsync(c => c.Id == certificateId, Ct);
        certificate.State = CertificateState.Failing;
        certificate.LastError = error;
        certificate.RetryAfter = DateTimeOffset.UtcNow.AddMinutes(15);
        return await db.SaveChangesAsync(Ct);
    });

    [Fact]
    public async Task Issue_ChallengeThatCannotBeAnswered_IsFailingWithTheCasOwnError()
    {
        await panel.WithScopeAsync(async sp =>
        {
            // Every answer is stored wrong, as if another server answered for this host.
            var db = sp.GetRequiredService<PanelDbContext>();
            await db.Database.ExecuteSqlRawAsync(
                "CREATE OR REPLACE FUNCTION spoil_challenge() RETURNS trigger AS $$ BEGIN NEW.\"KeyAuthorization\" := 'wrong'; RETURN NEW; END $$ LANGUAGE plpgsql;" +
                "CREATE TRIGGER spoiled_challenges BEFORE INSERT ON \"AcmeChallenges\" FOR EACH ROW EXECUTE FUNCTION spoil_challenge();", Ct);
            return 0;
        });
        var serviceId = await ServiceWithDomainsAsync("broken.dropit.test");

        // Adding the domain already queued an order: this one fails too, or is told to wait for the CA's retry time.
        var response = await api.PostAsync($"/api/services/{serviceId}/certificate", null, Ct);

        Assert.Contains(response.StatusCode, new[] { HttpStatusCode.BadRequest, HttpStatusCode.Conflict });
        Assert.Contains("urn:ietf:params:acme:error", (await ApiJson.ReadAsync<ApiJson.Problem>(response)).Detail);
        var list = await api.GetFromJsonAsync<JsonElement>("/api/certificates", ApiJson.Options, Ct);
        var failing = list.EnumerateArray().Single(c => c.GetProperty("names")[0].GetString() == "broken.dropit.test");
        Assert.Equal("failing", failing.GetProperty("state").GetString());
        Assert.Contains("urn:ietf:params:acme:error", failing.GetProperty("lastError").GetString());
        Assert.NotEqual(JsonValueKind.Null, failing.GetProperty("retryAfter").ValueKind);
    }

    [Fact]
    public async Task AccountKeyRollover_ThenTheNextOrderWorksWithTheNewKey()
    {
        var serviceId = await ServiceWithDomainsAsync("rollover.dropit.test");
        await IssueAsync(serviceId);
        var keyBefore = await panel.WithScopeAsync(sp => sp.GetRequiredService<PanelDbContext>().PanelSettings
            .Select(s => s.AcmeAccountKeyEncrypted).FirstAsync(Ct));

        var rollover = await api.PostAsync("/api/certificates/account/key-rollover", null, Ct);

        Assert.Equal(HttpStatusCode.NoContent, rollover.StatusCode);
        var keyAfter = await panel.WithScopeAsync(sp => sp.GetRequiredService<PanelDbContext>().PanelSettings
            .Select(s => s.AcmeAccountKeyEncrypted).FirstAsync(Ct));
        Assert.NotEqual(keyBefore, keyAfter);
        Assert.Equal("valid", (await IssueAsync(serviceId)).GetProperty("state").GetString());
    }

    [Fact]
    public async Task PanelDomain_GetsItsCertificateAndThePanelRouteUsesIt()
    {
        await panel.WithScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<PanelDbContext>();
            (await db.PanelSettings.FirstAsync(Ct)).PanelDomain = "panel.dropit.test";
            return await db.SaveChangesAsync(Ct);
        });

        var outcome = await panel.WithScopeAsync(sp => sp.GetRequiredService<CertificateIssuer>().IssueAsync(CertificateIssuer.PanelCertificate, Ct));
        Assert.True(outcome.Succeeded, outcome.Error + "\n" + pebble.Log);
        Assert.Null(outcome.Value!.ServiceId);
        await panel.WithScopeAsync(sp => sp.GetRequiredService<DropIt.Panel.Core.Routing.RoutingReconciler>().ReconcileAsync(Ct));

        var panelFile = await File.ReadAllTextAsync(Path.Combine(panel.DataPath, "traefik", "dynamic", "dropit-panel.yml"), Ct);
        Assert.Contains("Host(`panel.dropit.test`)", panelFile);
        Assert.Contains(Path.Combine(panel.DataPath, "certs", outcome.Value.Id.ToString(), "fullchain.pem"), panelFile);
    }

    public async ValueTask DisposeAsync()
    {
        api.Dispose();
        await panel.DisposeAsync();
        await pebble.DisposeAsync();
    }
}
