using System.Diagnostics;
using System.Net;

namespace DropIt.Panel.Bench;

/// <summary>Times of one GET repeated, each from sending the request to the end of the response body.</summary>
internal sealed record Timing(double MedianMs, double P90Ms, long Bytes)
{
    /// <summary>
    /// Times two pages in turn (a, b, a, b, ...) so both see the same machine noise, after some untimed warm-ups.
    /// </summary>
    public static async Task<(Timing First, Timing Second)> MeasureSideBySideAsync(HttpClient client,
        string firstPath, string secondPath, int warmups, int count)
    {
        for (var i = 0; i < warmups; i++)
        {
            await GetAsync(client, firstPath);
            await GetAsync(client, secondPath);
        }

        var first = new List<double>(count);
        var second = new List<double>(count);
        long firstBytes = 0, secondBytes = 0;
        for (var i = 0; i < count; i++)
        {
            firstBytes = await TimeAsync(client, firstPath, first);
            secondBytes = await TimeAsync(client, secondPath, second);
        }

        return (Summarize(first, firstBytes), Summarize(second, secondBytes));
    }

    /// <summary>GET that buffers the whole body and fails unless the answer is 200 (a redirect means signed out).</summary>
    public static async Task<byte[]> GetAsync(HttpClient client, string path)
    {
        using var response = await client.GetAsync(path, HttpCompletionOption.ResponseContentRead);
        if (response.StatusCode != HttpStatusCode.OK)
        {
            throw new InvalidOperationException(
                $"GET {path} answered {(int)response.StatusCode} {response.Headers.Location} instead of 200.");
        }

        return await response.Content.ReadAsByteArrayAsync();
    }

    private static async Task<long> TimeAsync(HttpClient client, string path, List<double> times)
    {
        var clock = Stopwatch.StartNew();
        var body = await GetAsync(client, path);
        clock.Stop();
        times.Add(clock.Elapsed.TotalMilliseconds);
        return body.Length;
    }

    private static Timing Summarize(List<double> times, long bytes)
    {
        times.Sort();
        return new Timing(Percentile(times, 0.5), Percentile(times, 0.9), bytes);
    }

    private static double Percentile(List<double> sorted, double p)
    {
        var rank = p * (sorted.Count - 1);
        var low = (int)Math.Floor(rank);
        var high = (int)Math.Ceiling(rank);
        return sorted[low] + ((sorted[high] - sorted[low]) * (rank - low));
    }
}
