using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using DropIt.Panel.Core.Logs;
using DropIt.Panel.IntegrationTests.Deployments;
using DropIt.Panel.TestSupport;

namespace DropIt.Panel.IntegrationTests.Logs;

/// <summary>Reading a 100,000-line container log: the tail, a search, the API, a download.</summary>
[Collection(Timing.Name)]
public sealed class ServiceLogsTests(ChattyServiceFixture service) : IClassFixture<ChattyServiceFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Tail500_OfA100000LineLog_IsTheLast500LinesInOrder()
    {
        var lines = await service.ReadAsync(new LogQuery(Tail: 500));

        Assert.Equal(500, lines.Count);
        var numbers = lines.Select(ChattyServiceFixture.Number).ToList();
        Assert.Equal(Enumerable.Range(numbers[0], 500), numbers);
        Assert.True(numbers[^1] >= ChattyServiceFixture.Burst - 1, $"The tail ends at line {numbers[^1]}.");
        Assert.All(lines, l => Assert.Equal(("api.1", LogStream.Stdout), (l.Replica, l.Stream)));
        Assert.Equal(lines.OrderBy(l => l.Timestamp).Select(l => l.Text), lines.Select(l => l.Text));
    }

    [Fact]
    public async Task Search_ForOneNumber_FindsExactlyThatLineInAnyCase()
    {
        var found = await service.ReadAsync(new LogQuery(Search: "LINE 004242"));

        Assert.Equal("line 004242", Assert.Single(found).Text);
    }

    [Fact]
    public async Task Api_TailSearchAndRegex_AnswerJsonWithReplicaAndStream()
    {
        var api = service.Panel.Api();

        var tail = await GetLinesAsync(api, "tail=3");
        Assert.Equal(3, tail.Count);
        Assert.All(tail, l => Assert.Equal(("api.1", "stdout"), (l.GetProperty("replica").GetString(), l.GetProperty("stream").GetString())));
        Assert.True(DateTimeOffset.UtcNow - tail[^1].GetProperty("timestamp").GetDateTimeOffset() < TimeSpan.FromSeconds(5));

        var stderr = await GetLinesAsync(api, "search=starting&tail=all");
        Assert.Equal(("starting", "stderr"), (stderr.Single().GetProperty("text").GetString(), stderr.Single().GetProperty("stream").GetString()));

        var regex = await GetLinesAsync(api, $"search={Uri.EscapeDataString("^line 00424[0-3]$")}&regex=true");
        Assert.Equal(["line 004240", "line 004241", "line 004242", "line 004243"], regex.Select(l => l.GetProperty("text").GetString()));
    }

    [Fact]
    public async Task Api_Since_AnswersOnlyTheLinesWrittenFromThatTime()
    {
        var api = service.Panel.Api();
        var from = (await GetLinesAsync(api, "search=line 099990")).Single().GetProperty("timestamp").GetDateTimeOffset();

        var lines = await GetLinesAsync(api, $"since={Uri.EscapeDataString(LogTimestamps.Format(from))}&tail=all");

        Assert.All(lines, l => Assert.True(l.GetProperty("timestamp").GetDateTimeOffset() >= from, l.GetRawText()));
        // From line 099990 to the end of the burst; times are kept to 100 ns, so a line written just before may come too.
        var burst = lines.Select(l => l.GetProperty("text").GetString()!).Where(t => Regex.IsMatch(t, @"^line \d{6}$"))
            .Select(t => int.Parse(t[5..], CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(Enumerable.Range(burst[0], burst.Count), burst);
        Assert.InRange(burst[0], 99_988, 99_990);
        Assert.Equal(ChattyServiceFixture.Burst - 1, burst[^1]);
    }

    [Theory]
    [InlineData("tail=lots", 400, "tail is a number")]
    [InlineData("since=yesterday", 400, "since is a time")]
    [InlineData("search=(a)\\1&regex=true", 400, "do not support")]
    public async Task Api_BadParameters_Get400WithTheReason(string query, int status, string reason)
    {
        var response = await service.Panel.Api().GetAsync($"/api/services/{service.ServiceId}/logs?{query}", Ct);

        Assert.Equal(status, (int)response.StatusCode);
        Assert.Contains(reason, (await ApiJson.ReadAsync<ApiJson.Problem>(response)).Detail);
    }

    [Fact]
    public async Task Api_UnknownServiceOrNoToken_Gets404Or401()
    {
        Assert.Equal(HttpStatusCode.NotFound, (await service.Panel.Api().GetAsync($"/api/services/{Guid.NewGuid()}/logs", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized,
            (await service.Panel.CreateApiClient(null).GetAsync($"/api/services/{service.ServiceId}/logs", Ct)).StatusCode);
    }

    [Fact]
    public async Task Download_ThroughTheApi_StreamsEveryLineAsAFile()
    {
        using var response = await service.Panel.Api().GetAsync($"/api/services/{service.ServiceId}/logs?download=true",
            HttpCompletionOption.ResponseHeadersRead, Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/plain", response.Content.Headers.ContentType!.MediaType);
        Assert.Matches(@"^api-logs-\d{8}-\d{6}\.log$", response.Content.Headers.ContentDisposition!.FileNameStar ?? response.Content.Headers.ContentDisposition.FileName);
        var lines = (await response.Content.ReadAsStringAsync(Ct)).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.True(lines.Length > ChattyServiceFixture.Burst, $"{lines.Length} lines");
        // Docker copies stdout and stderr separately: the stderr "starting" line may be filed just after the first stdout lines.
        Assert.All(lines.Take(10), line => Assert.Matches(new Regex(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{7}Z api\.1 "), line));
        Assert.Contains(lines.Take(ChattyServiceFixture.Burst + 1), line => line.EndsWith(" api.1 starting", StringComparison.Ordinal));
        var numbered = lines.Where(line => line.Contains(" api.1 line ", StringComparison.Ordinal)).Take(ChattyServiceFixture.Burst).ToList();
        Assert.EndsWith(" api.1 line 000000", numbered[0]);
        Assert.EndsWith(" api.1 line 099999", numbered[^1]);
    }

    [Fact]
    public async Task Download_WithSearchAndNoTimestamps_HasOnlyTheMatchingLines()
    {
        var text = await service.Panel.Api().GetStringAsync(
            $"/api/services/{service.ServiceId}/logs?download=true&timestamps=false&search={Uri.EscapeDataString("line 00424")}", Ct);

        Assert.Equal(Enumerable.Range(0, 10).Select(i => $"api.1 line 00424{i}"), text.TrimEnd('\n').Split('\n'));
    }

    private async Task<List<JsonElement>> GetLinesAsync(HttpClient api, string query)
    {
        var response = await api.GetAsync($"/api/services/{service.ServiceId}/logs?{query}", Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return [.. (await ApiJson.ReadAsync<JsonElement>(response)).GetProperty("lines").EnumerateArray()];
    }
}
