using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;
using DropIt.Panel.Core.Registry;
using DropIt.Panel.IntegrationTests.Deployments;
using DropIt.Panel.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace DropIt.Panel.IntegrationTests.Registry;

/// <summary>
/// The panel's own registry (decision 062) on the machine's single-node swarm (Docker 20.10): started from the API, trusted
/// by the engine through the CA the global job wrote, answering only to its credentials, with no secret in
/// <c>docker service inspect</c>. Everything it made is removed after.
/// </summary>
[Collection(DockerDeployments.Name)]
public sealed class PanelRegistryTests : PanelTest<RegistryPanel>
{
    private HttpClient api = null!;

    public override async ValueTask InitializeAsync()
    {
        await TestImages.EnsureBusyboxAsync();
        await DatabaseImages.EnsureAsync();
        await base.InitializeAsync();
        api = Panel.Api();
    }

    [Fact]
    public async Task StartPanelRegistry_SingleNodeSwarm_AnswersOnlyItsCredentialsAndTheEngineTrustsIt()
    {
        var started = await api.PostAsync("/api/registry/panel", null, Ct);

        Assert.Equal(HttpStatusCode.Accepted, started.StatusCode);
        var registry = await ReadyAsync();
        Assert.Equal(Panel.Address, registry.GetProperty("panel").GetProperty("address").GetString());
        Assert.Equal("panel", registry.GetProperty("mode").GetString());
        var target = await CurrentTargetAsync();
        Assert.Equal(Panel.Address, target!.Address);
        Assert.Equal("dropit", target.Username);

        // The CA the global job copied to the node is the one the registry's certificate chains to.
        var ca = await File.ReadAllTextAsync(Path.Combine(Panel.TrustFolder, "ca.crt"), Ct);
        using var client = TrustingClient(ca);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync($"https://{Panel.Address}/v2/", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await GetV2Async(client, target.Username, target.Password)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await GetV2Async(client, target.Username, target.Password + "x")).StatusCode);

        // Docker itself pushes there: it trusts the CA in certs.d and signs in with the credentials.
        await PushAsync(target);

        var inspect = await TestImages.DockerAsync("service", "inspect", Panel.ServiceName);
        Assert.Contains("REGISTRY_AUTH=htpasswd", inspect, StringComparison.Ordinal);
        Assert.Contains("node.id==", inspect, StringComparison.Ordinal);
        Assert.Contains("\"PublishMode\": \"host\"", inspect, StringComparison.Ordinal);
        Assert.DoesNotContain(target.Password, inspect, StringComparison.Ordinal);
        Assert.DoesNotContain("PRIVATE KEY", inspect, StringComparison.Ordinal);
        Assert.DoesNotContain("$2y$", inspect, StringComparison.Ordinal);
        var answer = await api.GetStringAsync("/api/registry", Ct);
        Assert.DoesNotContain(target.Password, answer, StringComparison.Ordinal);

        // Started again (new task, new secrets), it keeps its CA and credentials.
        Assert.Equal(HttpStatusCode.Accepted, (await api.PostAsync("/api/registry/panel", null, Ct)).StatusCode);
        await ReadyAsync();
        Assert.Equal(HttpStatusCode.OK, (await GetV2Async(client, target.Username, target.Password)).StatusCode);
    }

    [Fact]
    public async Task SaveExternal_UnreachableOrRefusedCredentials_IsRefusedWithTheReasonAndNothingSaved()
    {
        var closed = $"127.0.0.1:{FreePorts.Next()}";

        var unreachable = await api.PutAsJsonAsync("/api/registry",
            new { mode = "external", address = closed, username = "ci", password = "wrong-password-1" }, Ct);

        Assert.Equal(HttpStatusCode.BadRequest, unreachable.StatusCode);
        var problem = await unreachable.Content.ReadAsStringAsync(Ct);
        Assert.Contains($"No registry answers at https://{closed}/v2/", problem, StringComparison.Ordinal);
        Assert.DoesNotContain("wrong-password-1", problem, StringComparison.Ordinal);

        // A real registry (the panel's own, whose CA Docker trusts in certs.d) refuses a wrong password.
        Assert.Equal(HttpStatusCode.Accepted, (await api.PostAsync("/api/registry/panel", null, Ct)).StatusCode);
        await ReadyAsync();
        var refused = await api.PutAsJsonAsync("/api/registry",
            new { mode = "external", address = Panel.Address, username = "dropit", password = "wrong-password-2" }, Ct);

        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        var reason = await refused.Content.ReadAsStringAsync(Ct);
        Assert.Contains("refused the user name and password (401)", reason, StringComparison.Ordinal);
        Assert.DoesNotContain("wrong-password-2", reason, StringComparison.Ordinal);
        var registry = await api.GetFromJsonAsync<JsonElement>("/api/registry", ApiJson.Options, Ct);
        Assert.Equal("panel", registry.GetProperty("mode").GetString());

        // With the right password it is saved, and is the target from then on; the password is never answered back.
        var target = await CurrentTargetAsync();
        var saved = await api.PutAsJsonAsync("/api/registry",
            new { mode = "external", address = Panel.Address, username = "dropit", password = target!.Password }, Ct);
        Assert.Equal(HttpStatusCode.OK, saved.StatusCode);
        var body = await saved.Content.ReadAsStringAsync(Ct);
        Assert.DoesNotContain(target.Password, body, StringComparison.Ordinal);
        Assert.Contains("\"hasPassword\":true", body, StringComparison.Ordinal);
        Assert.Equal("external", (await api.GetFromJsonAsync<JsonElement>("/api/registry", ApiJson.Options, Ct)).GetProperty("mode").GetString());
    }

    private async Task<JsonElement> ReadyAsync()
    {
        var registry = await Eventually.MatchesAsync(
            () => api.GetFromJsonAsync<JsonElement>("/api/registry", ApiJson.Options, Ct),
            r => r.GetProperty("panel").GetProperty("state").GetString() is "ready" or "failed",
            TimeSpan.FromSeconds(120), "the panel's registry ready or failed");
        Assert.True(registry.GetProperty("panel").GetProperty("state").GetString() == "ready", registry.ToString());
        return registry;
    }

    private Task<RegistryTarget?> CurrentTargetAsync() =>
        Panel.WithScopeAsync(sp => sp.GetRequiredService<IRegistryTargets>().CurrentAsync(CancellationToken.None));

    private async Task PushAsync(RegistryTarget target)
    {
        var config = Directory.CreateTempSubdirectory("dropit-docker-config-");
        var image = target.ImageFor($"dropit-test/pushed:{Guid.NewGuid().ToString("N")[..8]}");
        try
        {
            await TestImages.DockerAsync("tag", TestImages.Busybox, image);
            // What `docker login` writes without a credential store.
            var auth = Convert.ToBase64String(Encoding.UTF8.GetBytes($"{target.Username}:{target.Password}"));
            await File.WriteAllTextAsync(Path.Combine(config.FullName, "config.json"),
                JsonSerializer.Serialize(new { auths = new Dictionary<string, object> { [target.Address] = new { auth } } }), Ct);
            var push = await ChildProcess.RunAsync(TestImages.DockerCli, ["--config", config.FullName, "push", image], cancellationToken: Ct);
            Assert.True(push.ExitCode == 0, push.Error);
        }
        finally
        {
            config.Delete(recursive: true);
            await TestImages.DockerAsync("image", "rm", "--force", image);
        }
    }

    private static HttpClient TrustingClient(string caPem)
    {
        var ca = X509Certificate2.CreateFromPem(caPem);
        var handler = new SocketsHttpHandler();
        handler.SslOptions.RemoteCertificateValidationCallback = (_, certificate, _, errors) =>
        {
            if (certificate is null || errors.HasFlag(System.Net.Security.SslPolicyErrors.RemoteCertificateNameMismatch))
            {
                return false;
            }

            using var chain = new X509Chain();
            chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
            chain.ChainPolicy.CustomTrustStore.Add(ca);
            chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
            return chain.Build(new X509Certificate2(certificate));
        };
        return new HttpClient(handler);
    }

    private Task<HttpResponseMessage> GetV2Async(HttpClient client, string user, string password)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, $"https://{Panel.Address}/v2/");
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{password}")));
        return client.SendAsync(request, Ct);
    }

    public override async ValueTask DisposeAsync()
    {
        await RegistryLeftovers.RemoveAsync(Panel.ServiceName, Panel.TrustFolder);
        await base.DisposeAsync();
    }
}
