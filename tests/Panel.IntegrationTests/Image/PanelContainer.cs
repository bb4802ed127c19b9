using System.Globalization;
using DropIt.Panel.TestSupport;

namespace DropIt.Panel.IntegrationTests.Image;

/// <summary>One running container of the panel's image, reached on a port published on 127.0.0.1.</summary>
public sealed class PanelContainer(string name)
{
    public string Name { get; } = name;

    public Uri BaseAddress { get; private set; } = null!;

    public HttpClient CreateClient() =>
        new(new SocketsHttpHandler { UseProxy = false }) { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(15) };

    /// <summary>Runs a command in the container as the image's user.</summary>
    public Task<ChildResult> ExecAsync(CancellationToken ct, params string[] command) =>
        ChildProcess.RunAsync(TestImages.DockerCli, ["exec", Name, .. command], null, ct);

    /// <summary><c>docker inspect --format</c> of the container, trimmed.</summary>
    public async Task<string> InspectAsync(string format, CancellationToken ct) =>
        (await PanelImage.RunAsync(TestImages.DockerCli, ["inspect", "--format", format, Name], TimeSpan.FromMinutes(1), ct)).Trim();

    public async Task<string> LogsAsync(CancellationToken ct)
    {
        var logs = await ChildProcess.RunAsync(TestImages.DockerCli, ["logs", Name], null, ct);
        return logs.Output + logs.Error;
    }

    /// <summary><c>docker stop</c>: SIGTERM, then SIGKILL if the container still runs after <paramref name="grace"/>.</summary>
    public Task StopAsync(TimeSpan grace, CancellationToken ct) =>
        PanelImage.RunAsync(TestImages.DockerCli, ["stop", "--time", ((int)grace.TotalSeconds).ToString(CultureInfo.InvariantCulture), Name],
            grace + TimeSpan.FromMinutes(1), ct);

    internal async Task ResolveAddressAsync(CancellationToken ct)
    {
        // "127.0.0.1:49153"
        var published = (await PanelImage.RunAsync(TestImages.DockerCli, ["port", Name, "8080/tcp"], TimeSpan.FromMinutes(1), ct))
            .Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)[0];
        BaseAddress = new Uri($"http://127.0.0.1:{published[(published.LastIndexOf(':') + 1)..]}");
    }

    /// <summary>Polls /health/ready until it answers 200; fails early when the container stops.</summary>
    internal async Task WaitReadyAsync(TimeSpan timeout, CancellationToken ct)
    {
        using var client = CreateClient();
        try
        {
            await Eventually.MatchesAsync(() => ReadyAnswerAsync(client, ct), answer => answer.StartsWith("200 ", StringComparison.Ordinal),
                timeout, $"{Name} to answer 200 on /health/ready", TimeSpan.FromMilliseconds(500));
        }
        catch (TimeoutException e)
        {
            throw new TimeoutException($"{e.Message}\n{PanelImage.Tail(await LogsAsync(ct), 40)}", e);
        }
    }

    /// <summary>The status and body of /health/ready, or why there was none; throws when the container stopped.</summary>
    private async Task<string> ReadyAnswerAsync(HttpClient client, CancellationToken ct)
    {
        if (await InspectAsync("{{.State.Running}}", ct) != "true")
        {
            throw new InvalidOperationException(
                $"The container {Name} stopped before it was ready (exit code {await InspectAsync("{{.State.ExitCode}}", ct)}):\n" +
                PanelImage.Tail(await LogsAsync(ct), 40));
        }

        try
        {
            using var response = await client.GetAsync("/health/ready", ct);
            return $"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync(ct)}";
        }
        catch (HttpRequestException e)
        {
            return e.Message;
        }
        catch (TaskCanceledException) when (!ct.IsCancellationRequested)
        {
            return "request timed out";
        }
    }
}
