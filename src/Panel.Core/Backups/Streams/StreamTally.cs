using System.Security.Cryptography;

namespace DropIt.Panel.Core.Backups.Streams;

/// <summary>The count, SHA-256 and throttled progress shared by <see cref="HashingStream"/> and <see cref="HashingReadStream"/>.</summary>
internal sealed class StreamTally : IDisposable
{
    /// <summary>Progress is reported at most this often, and once more when the stream is finished.</summary>
    public static readonly TimeSpan ReportInterval = TimeSpan.FromMilliseconds(250);

    private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    private readonly Action<StreamProgress>? _progress;
    private readonly TimeProvider _time;
    private readonly long _started;
    private long _lastReport;
    private string? _hex;

    public StreamTally(Action<StreamProgress>? progress, TimeProvider? timeProvider)
    {
        _progress = progress;
        _time = timeProvider ?? TimeProvider.System;
        _started = _lastReport = _time.GetTimestamp();
    }

    public long Bytes { get; private set; }

    public string Sha256Hex => _hex ?? throw new InvalidOperationException(
        "the SHA-256 is known once the stream is finished: call Finish, dispose the stream or read it to its end");

    public bool IsFinished => _hex is not null;

    public void Add(ReadOnlySpan<byte> data)
    {
        if (data.IsEmpty)
            return;
        if (_hex is not null)
            throw new InvalidOperationException("the stream is finished; nothing more can pass through it");
        _hash.AppendData(data);
        Bytes += data.Length;
        if (_progress is not null && _time.GetElapsedTime(_lastReport) >= ReportInterval)
        {
            _lastReport = _time.GetTimestamp();
            _progress(new StreamProgress(Bytes, _time.GetElapsedTime(_started)));
        }
    }

    public string Finish()
    {
        if (_hex is null)
        {
            _hex = Convert.ToHexStringLower(_hash.GetHashAndReset());
            _progress?.Invoke(new StreamProgress(Bytes, _time.GetElapsedTime(_started)));
        }
        return _hex;
    }

    public void Dispose() => _hash.Dispose();
}
