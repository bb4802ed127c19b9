using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using DropIt.Panel.TestSupport;

namespace DropIt.Panel.IntegrationTests.Certificates;

public sealed class CustomCertificateTests : PanelTest<BootstrappedPanel>
{
    private static (string Chain, string Key) SelfSigned(string host, DateTimeOffset notAfter) =>
        TestCertificates.SelfSigned(host, notAfter.AddDays(-30), notAfter);

    [Fact]
    public async Task Upload_PemChainAndKey_IsValidStoredAndStopsAcmeForTheService()
    {
        var client = new DeployClient(Panel.Api());
        var project = await client.CreateProjectAsync("custom-tls");
        var serviceId = await client.CreateApplicationAsync(project, new
        {
            name = "web", kind = "application", source = new { type = "image", image = "example/web:1" }, port = 8080,
        });
        var (chain, key) = SelfSigned("shop.dropit.test", DateTimeOffset.UtcNow.AddDays(60));

        var response = await client.Api.PutAsJsonAsync($"/api/services/{serviceId}/certificate",
            new { certificatePem = chain, privateKeyPem = key }, ApiJson.Options, Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var certificate = await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.Equal(("valid", "custom", "shop.dropit.test"), (certificate.GetProperty("state").GetString(),
            certificate.GetProperty("source").GetString(), certificate.GetProperty("names")[0].GetString()));
        var folder = Path.Combine(Panel.DataPath, "certs", certificate.GetProperty("id").GetGuid().ToString());
        Assert.Equal(chain, await File.ReadAllTextAsync(Path.Combine(folder, "fullchain.pem"), Ct));
        Assert.DoesNotContain("PRIVATE KEY", await response.Content.ReadAsStringAsync(Ct));

        var acme = await client.Api.PostAsync($"/api/services/{serviceId}/certificate", null, Ct);
        Assert.Equal(HttpStatusCode.Conflict, acme.StatusCode);
    }

    [Fact]
    public async Task Upload_KeyOfAnotherCertificateOrExpired_IsRefusedWithTheReason()
    {
        var client = new DeployClient(Panel.Api());
        var project = await client.CreateProjectAsync("custom-bad");
        var serviceId = await client.CreateApplicationAsync(project, new
        {
            name = "web", kind = "application", source = new { type = "image", image = "example/web:1" }, port = 8080,
        });
        var (chain, _) = SelfSigned("a.dropit.test", DateTimeOffset.UtcNow.AddDays(60));
        var (_, otherKey) = SelfSigned("b.dropit.test", DateTimeOffset.UtcNow.AddDays(60));
        var (expiredChain, expiredKey) = SelfSigned("old.dropit.test", DateTimeOffset.UtcNow.AddDays(-1));

        var mismatch = await client.Api.PutAsJsonAsync($"/api/services/{serviceId}/certificate",
            new { certificatePem = chain, privateKeyPem = otherKey }, ApiJson.Options, Ct);
        var expired = await client.Api.PutAsJsonAsync($"/api/services/{serviceId}/certificate",
            new { certificatePem = expiredChain, privateKeyPem = expiredKey }, ApiJson.Options, Ct);

        Assert.Equal((HttpStatusCode.BadRequest, HttpStatusCode.BadRequest), (mismatch.StatusCode, expired.StatusCode));
        Assert.Contains("could not be read together", (await ApiJson.ReadAsync<ApiJson.Problem>(mismatch)).Detail);
        Assert.Contains("expired", (await ApiJson.ReadAsync<ApiJson.Problem>(expired)).Detail);
    }
}
