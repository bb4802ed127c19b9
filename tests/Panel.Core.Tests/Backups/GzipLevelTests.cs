using System.Diagnostics;
using System.Globalization;
using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using DropIt.Panel.Core.Backups;
using DropIt.Panel.Core.Backups.Streams;

namespace DropIt.Panel.Core.Tests.Backups;

public sealed class GzipLevelTests
{
    private const int Size = 50_000_000;

    /// <summary>
    /// The measurement behind <see cref="BackupCodecs.GzipLevel"/>: throughput and ratio of each level on 50 MB of
    /// dump-like text (see the test output). The chosen level must earn its time with clearly smaller backups.
    /// </summary>
    [Fact]
    public void GzipLevel_On50MbOfDumpText_CompressesClearlyBetterThanFastest()
    {
        var data = DumpText();
        var output = TestContext.Current.TestOutputHelper;

        var fastest = Measure(data, CompressionLevel.Fastest);
        var chosen = Measure(data, BackupCodecs.GzipLevel);

        output?.WriteLine($"gzip Fastest: {fastest.MegabytesPerSecond:F0} MB/s, ratio {fastest.Ratio:F2}");
        output?.WriteLine($"gzip {BackupCodecs.GzipLevel}: {chosen.MegabytesPerSecond:F0} MB/s, ratio {chosen.Ratio:F2}");
        Assert.True(chosen.Ratio > fastest.Ratio * 1.2, $"ratio {chosen.Ratio:F2} against {fastest.Ratio:F2}");
        using var restored = new MemoryStream();
        using (var decompress = BackupCodecs.Decompress(new MemoryStream(chosen.Compressed), BackupCompression.Gzip))
            decompress.CopyTo(restored);
        Assert.Equal(SHA256.HashData(data), SHA256.HashData(restored.ToArray()));
    }

    private static (double MegabytesPerSecond, double Ratio, byte[] Compressed) Measure(byte[] data, CompressionLevel level)
    {
        var compressed = new MemoryStream();
        var started = Stopwatch.StartNew();
        using (var gzip = new GZipStream(compressed, level, leaveOpen: true))
            for (var offset = 0; offset < data.Length; offset += 81_920)
                gzip.Write(data, offset, Math.Min(81_920, data.Length - offset));
        var seconds = started.Elapsed.TotalSeconds;
        return (data.Length / 1e6 / seconds, (double)data.Length / compressed.Length, compressed.ToArray());
    }

    /// <summary>Rows like a SQL dump: repeated statements, a few words, random ids, amounts and codes.</summary>
    private static byte[] DumpText()
    {
        var random = new Random(42);
        string[] words = ["alpha", "order", "invoice", "customer", "shipped", "pending", "paid", "refund", "berlin", "paris", "tokyo", "oslo"];
        var text = new StringBuilder(Size + 200);
        while (text.Length < Size)
        {
            text.Append("INSERT INTO orders VALUES (").Append(random.Next()).Append(", '")
                .Append(words[random.Next(words.Length)]).Append(' ').Append(words[random.Next(words.Length)]).Append("', ")
                .Append(random.NextDouble().ToString("F4", CultureInfo.InvariantCulture)).Append(", '");
            for (var i = 0; i < 12; i++)
                text.Append((char)('a' + random.Next(26)));
            text.Append("');\n");
        }
        return Encoding.ASCII.GetBytes(text.ToString(0, Size));
    }
}
