using System.Security.Cryptography;
using DropIt.Panel.Core.Backups.Streams;
using static DropIt.Panel.Core.Tests.Backups.BackupTestData;

namespace DropIt.Panel.Core.Tests.Backups;

public sealed class HashingStreamTests
{
    [Theory]
    [InlineData(0, false)]
    [InlineData(1, true)]
    [InlineData(3_000_001, false)]
    [InlineData(3_000_001, true)]
    public async Task Write_HashesAndCountsWhatReachesTheInnerStream(int size, bool useAsync)
    {
        var data = Mixed(size);
        var inner = new MemoryStream();
        var hashing = new HashingStream(inner, leaveOpen: true);

        await WriteInOddSizesAsync(hashing, data, useAsync);
        var finished = hashing.Finish();
        await hashing.DisposeAsync();

        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(data)), finished);
        Assert.Equal(finished, hashing.Sha256Hex);
        Assert.Equal(size, hashing.Bytes);
        Assert.Equal(data, inner.ToArray());
    }

    [Fact]
    public void Write_BeforeFinish_HasNoHashAndAfterFinish_IsRefused()
    {
        using var hashing = new HashingStream(new MemoryStream());
        hashing.Write([1, 2, 3]);

        Assert.Throws<InvalidOperationException>(() => hashing.Sha256Hex);
        hashing.Finish();
        Assert.Throws<InvalidOperationException>(() => hashing.Write([4]));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Read_ToTheEnd_HashesWhatWasRead(bool useAsync)
    {
        var data = Mixed(1_000_003);
        using var hashing = new HashingReadStream(new MemoryStream(data));

        var read = await ReadInOddSizesAsync(hashing, useAsync);

        Assert.Equal(data, read);
        Assert.Equal(data.Length, hashing.Bytes);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(data)), hashing.Sha256Hex);
    }

    [Fact]
    public void Progress_IsReportedAtMostEvery250MsAndOnceAtTheEnd()
    {
        var time = new SteppedTime();
        var reports = new List<StreamProgress>();
        var hashing = new HashingStream(new MemoryStream(), progress: reports.Add, timeProvider: time);

        for (var i = 0; i < 10; i++)
        {
            time.Advance(100);
            hashing.Write(new byte[1_000]);
        }
        time.Advance(50);
        hashing.Dispose();

        // Writes at 100..1000 ms: due at 300, 600 and 900 ms, then the final report at 1050 ms.
        Assert.Equal([3_000L, 6_000L, 9_000L, 10_000L], reports.Select(r => r.Bytes));
        Assert.Equal(TimeSpan.FromMilliseconds(1_050), reports[^1].Elapsed);
        Assert.Equal(10_000 / 1.05, reports[^1].BytesPerSecond, precision: 6);
    }

    /// <summary>A clock that moves only when told, in milliseconds.</summary>
    private sealed class SteppedTime : TimeProvider
    {
        private long _now;

        public void Advance(long milliseconds) => _now += milliseconds;

        public override long TimestampFrequency => 1_000;

        public override long GetTimestamp() => _now;
    }
}
