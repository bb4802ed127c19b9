using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using DropIt.Panel.Core.Registry;
using DropIt.Panel.TestSupport;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace DropIt.Panel.IntegrationTests.Registry;

/// <summary>
/// A real registry (the <c>registry:2</c> stand-in, distribution 2.8) with htpasswd auth, as a plain container on
/// 127.0.0.1 (Docker trusts 127.0.0.0/8 without TLS), for the tests that push and pull through it (decision 063).
/// </summary>
public sealed class PushPullRegistry : IAsyncDisposable
{
    public const string Username = "dropit-push";

    private PushPullRegistry(string container, int port, string password)
    {
        Container = container;
        Port = port;
        Password = password;
    }

    public string Container { get; }

    public int Port { get; }

    public string Password { get; }

    public string Address => $"127.0.0.1:{Port}";

    public RegistryTarget Target => new(Address, Username, Password);

    public static async Task<PushPullRegistry> StartAsync()
    {
        var password = Convert.ToHexString(RandomNumberGenerator.GetBytes(16)).ToLowerInvariant();
        var port = FreePorts.Next();
        var name = $"dropit-test-pushpull-{Guid.NewGuid():N}"[..30];
        var htpasswd = $"{Username}:{BCrypt.Net.BCrypt.HashPassword(password)}";
        await TestImages.DockerAsync("run", "-d", "--name", name, "--label", "dropit.test=registry",
            "-p", $"127.0.0.1:{port}:5000",
            "-e", $"HTPASSWD={htpasswd}",
            "-e", "REGISTRY_AUTH=htpasswd", "-e", "REGISTRY_AUTH_HTPASSWD_REALM=dropit-test",
            "-e", "REGISTRY_AUTH_HTPASSWD_PATH=/tmp/htpasswd",
            "--entrypoint", "sh", DatabaseImages.Registry2,
            "-c", "printf '%s\\n' \"$HTPASSWD\" > /tmp/htpasswd && exec registry serve /etc/docker/registry/config.yml");
        var registry = new PushPullRegistry(name, port, password);
        using var http = registry.Client();
        await Eventually.MatchesAsync(async () => await Status(http, "/v2/"), s => s == 200, TimeSpan.FromSeconds(30),
            "the test registry answered /v2/ with its credentials");
        return registry;
    }

    /// <summary>A client of the registry's HTTP API, signed in.</summary>
    public HttpClient Client()
    {
        var http = new HttpClient { BaseAddress = new Uri($"http://{Address}") };
        http.DefaultRequestHeaders.Authorization =
            new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{Username}:{Password}")));
        return http;
    }

    /// <summary>The tags of <paramref name="repository"/>, as <c>GET /v2/&lt;repository&gt;/tags/list</c> answers them.</summary>
    public async Task<string> TagsAsync(string repository)
    {
        using var http = Client();
        return await http.GetStringAsync($"/v2/{repository}/tags/list");
    }

    public Task StopAsync() => TestImages.DockerAsync("stop", "-t", "1", Container);

    /// <summary>Removes the registry and the tags the panel gave images for it on this engine (their layers stay with the local tags).</summary>
    public async ValueTask DisposeAsync()
    {
        await TestImages.DockerAsync("rm", "-f", "-v", Container);
        var tags = (await TestImages.DockerAsync("image", "ls", "--format", "{{.Repository}}:{{.Tag}}"))
            .Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Where(t => t.StartsWith(Address + "/", StringComparison.Ordinal))
            .ToArray();
        if (tags.Length > 0)
        {
            await TestImages.DockerAsync(["image", "rm", .. tags]);
        }
    }

    private static async Task<int> Status(HttpClient http, string path)
    {
        try
        {
            return (int)(await http.GetAsync(path)).StatusCode;
        }
        catch (HttpRequestException)
        {
            return 0;
        }
    }
}

/// <summary>A panel whose image registry is the test's own (the other engineer's <see cref="IRegistryTargets"/> replaced).</summary>
public sealed class PushPullPanel : BootstrappedPanel
{
    public RegistryTarget? Target { get; set; }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(services => services.AddSingleton<IRegistryTargets>(new FixedTarget(this)));
    }

    private sealed class FixedTarget(PushPullPanel panel) : IRegistryTargets
    {
        public Task<RegistryTarget?> CurrentAsync(CancellationToken cancellationToken) => Task.FromResult(panel.Target);
    }
}
