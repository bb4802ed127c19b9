using System.Runtime.Versioning;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;
using DropIt.Panel.Core.Backups;
using DropIt.Panel.Core.Backups.Storage;
using DropIt.Panel.Core.Secrets;
using DropIt.Panel.TestSupport;
using Microsoft.AspNetCore.DataProtection;

namespace DropIt.Panel.IntegrationTests.Backups;

public sealed class BackupStoreTests
{
    private const string Bucket = "backups";
    private const int MiB = 1024 * 1024;

    private readonly SecretProtector secrets = new(new EphemeralDataProtectionProvider());

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Upload_TwentyMiBInOddChunks_GoesInPartsAndReadsBackEqual()
    {
        using var s3 = await S3Server.StartAsync(Bucket);
        using var store = Open(s3);
        var content = RandomBytes(20 * MiB, seed: 1);

        await store.UploadAsync("nightly/db.tar.zst", new ChunkedStream(content), Ct);

        Assert.Equal(content.Length, await store.SizeAsync("nightly/db.tar.zst", Ct));
        Assert.Equal(content, await ReadAllAsync(store, "nightly/db.tar.zst"));
        Assert.Contains("partNumber=3&uploadId=", s3.Log, StringComparison.Ordinal);
        Assert.DoesNotContain("partNumber=4", s3.Log, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Upload_SmallStream_IsOnePutAndReadsBackEqual()
    {
        using var s3 = await S3Server.StartAsync(Bucket);
        using var store = Open(s3);
        var content = RandomBytes(300_000, seed: 2);

        await store.UploadAsync("small.bin", new ChunkedStream(content), Ct);

        Assert.Equal(300_000, await store.SizeAsync("small.bin", Ct));
        Assert.Equal(content, await ReadAllAsync(store, "small.bin"));
        Assert.DoesNotContain("uploadId", s3.Log, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Upload_WithPrefix_StoresUnderTheNormalisedPrefix()
    {
        using var s3 = await S3Server.StartAsync(Bucket);
        using var store = Open(s3, prefix: "/panel-1");

        await store.UploadAsync("a.bin", new MemoryStream([1, 2, 3]), Ct);

        using var raw = RawClient(s3);
        var listed = await raw.ListObjectsV2Async(new ListObjectsV2Request { BucketName = Bucket }, Ct);
        Assert.Equal(["panel-1/a.bin"], listed.S3Objects.Select(o => o.Key));
    }

    [Fact]
    public async Task Probe_OnWritableBucket_SucceedsAndLeavesNothing()
    {
        using var s3 = await S3Server.StartAsync(Bucket);
        using var store = Open(s3, prefix: "backups/");

        var result = await new DestinationProbe().ProbeAsync(store, Ct);

        Assert.True(result.Succeeded, result.Message);
        using var raw = RawClient(s3);
        var listed = await raw.ListObjectsV2Async(new ListObjectsV2Request { BucketName = Bucket }, Ct);
        Assert.Empty(listed.S3Objects ?? []);
    }

    /// <remarks>
    /// s3rver checks the access key but not SigV4 signatures, so a wrong secret key cannot be shown against it; an unknown
    /// access key is the credential error it gives.
    /// </remarks>
    [Fact]
    public async Task Upload_UnknownAccessKey_FailsWithTheStorageErrorCodeAndWhatToCheck()
    {
        using var s3 = await S3Server.StartAsync(Bucket);
        using var store = Open(s3, accessKey: "NOBODY");

        var small = await Assert.ThrowsAsync<BackupStoreException>(
            () => store.UploadAsync("a.bin", new MemoryStream(new byte[10]), Ct));
        var large = await Assert.ThrowsAsync<BackupStoreException>(
            () => store.UploadAsync("big.bin", new ChunkedStream(RandomBytes(9 * MiB, seed: 3)), Ct));
        var probe = await new DestinationProbe().ProbeAsync(store, Ct);

        Assert.StartsWith("InvalidAccessKeyId: The AWS Access Key Id you provided does not exist in our records.", small.Message,
            StringComparison.Ordinal);
        Assert.Contains("Check the access key and secret key", small.Message, StringComparison.Ordinal);
        Assert.StartsWith("InvalidAccessKeyId: ", large.Message, StringComparison.Ordinal);
        Assert.False(probe.Succeeded);
        Assert.StartsWith("write refused: InvalidAccessKeyId: ", probe.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Upload_MissingBucket_FailsWithNoSuchBucket()
    {
        using var s3 = await S3Server.StartAsync(Bucket);
        using var store = Open(s3, bucket: "no-such-bucket");

        var error = await Assert.ThrowsAsync<BackupStoreException>(
            () => store.UploadAsync("a.bin", new MemoryStream(new byte[10]), Ct));

        Assert.StartsWith("NoSuchBucket: ", error.Message, StringComparison.Ordinal);
        Assert.Contains("\"no-such-bucket\"", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Upload_ServerStoppedMidway_FailsAsUnreachable()
    {
        using var s3 = await S3Server.StartAsync(Bucket);
        using var store = Open(s3);
        var source = new ChunkedStream(RandomBytes(20 * MiB, seed: 4), at: 10 * MiB, onReach: s3.StopAsync);

        var error = await Assert.ThrowsAsync<BackupStoreException>(() => store.UploadAsync("db.tar.zst", source, Ct));

        Assert.True(source.Reached);
        Assert.StartsWith($"cannot reach {s3.Endpoint}: ", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Upload_NothingListening_FailsAsUnreachable()
    {
        using var store = new BackupStoreFactory(secrets).Open(S3Destination($"http://127.0.0.1:{FreePorts.Next()}", Bucket));

        var error = await Assert.ThrowsAsync<BackupStoreException>(
            () => store.UploadAsync("a.bin", new MemoryStream(new byte[10]), Ct));

        Assert.StartsWith("cannot reach http://127.0.0.1:", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(1 * MiB)]
    [InlineData(9 * MiB)]
    public async Task Upload_SourceThrows_ThatExceptionPropagatesAndNothingIsStored(int failAt)
    {
        using var s3 = await S3Server.StartAsync(Bucket);
        using var store = Open(s3);
        var dumpError = new InvalidDataException("pg_dump exited with 1");
        var source = new ChunkedStream(RandomBytes(20 * MiB, seed: 5), at: failAt, onReach: () => throw dumpError);

        var thrown = await Assert.ThrowsAsync<InvalidDataException>(() => store.UploadAsync("db.tar.zst", source, Ct));

        Assert.Same(dumpError, thrown);
        Assert.Null(await store.SizeAsync("db.tar.zst", Ct));
        if (failAt > S3BackupStore.PartSize)
        {
            AssertAbortWasSent(s3);
        }
        else
        {
            Assert.DoesNotContain("uploadId", s3.Log, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Upload_Cancelled_IsCancelledAndNothingIsStored()
    {
        using var s3 = await S3Server.StartAsync(Bucket);
        using var store = Open(s3);
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        var source = new ChunkedStream(RandomBytes(20 * MiB, seed: 6), at: 9 * MiB, onReach: cancel.CancelAsync);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => store.UploadAsync("db.tar.zst", source, cancel.Token));

        Assert.Null(await store.SizeAsync("db.tar.zst", Ct));
        AssertAbortWasSent(s3);
    }

    [Fact]
    public async Task Delete_ExistingThenAgain_RemovesItAndSecondTimeDoesNothing()
    {
        using var s3 = await S3Server.StartAsync(Bucket);
        using var store = Open(s3);
        await store.UploadAsync("old.bin", new MemoryStream([1, 2, 3]), Ct);

        await store.DeleteAsync("old.bin", Ct);
        await store.DeleteAsync("old.bin", Ct);
        await store.DeleteAsync("never-there.bin", Ct);

        Assert.Null(await store.SizeAsync("old.bin", Ct));
        var error = await Assert.ThrowsAsync<BackupStoreException>(() => store.OpenReadAsync("old.bin", Ct));
        Assert.StartsWith("NoSuchKey", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    [UnsupportedOSPlatform("windows")]
    public async Task Local_UploadReadSizeDelete_KeepsFilesPrivate()
    {
        using var folder = new TempFolder();
        using var store = new BackupStoreFactory(secrets).Open(LocalDestination(folder.Path, "panel/"));
        var content = RandomBytes(3 * MiB + 17, seed: 7);

        await store.UploadAsync("nightly/db.tar.zst", new ChunkedStream(content), Ct);

        var file = Path.Combine(folder.Path, "panel", "nightly", "db.tar.zst");
        Assert.Equal(content, await File.ReadAllBytesAsync(file, Ct));
        Assert.Equal(content, await ReadAllAsync(store, "nightly/db.tar.zst"));
        Assert.Equal(content.Length, await store.SizeAsync("nightly/db.tar.zst", Ct));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(file));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute,
            File.GetUnixFileMode(Path.GetDirectoryName(file)!));
        Assert.Single(Directory.GetFiles(folder.Path, "*", SearchOption.AllDirectories));

        await store.DeleteAsync("nightly/db.tar.zst", Ct);
        await store.DeleteAsync("nightly/db.tar.zst", Ct);

        Assert.False(File.Exists(file));
        Assert.Null(await store.SizeAsync("nightly/db.tar.zst", Ct));
        await Assert.ThrowsAsync<BackupStoreException>(() => store.OpenReadAsync("nightly/db.tar.zst", Ct));
        Assert.True((await new DestinationProbe().ProbeAsync(store, Ct)).Succeeded);
    }

    [Theory]
    [InlineData("../escape.bin")]
    [InlineData("nightly/../../escape.bin")]
    [InlineData("/etc/escape.bin")]
    [InlineData("nightly\\escape.bin")]
    [InlineData("")]
    public async Task Local_KeyLeavingTheFolder_IsRejected(string key)
    {
        using var folder = new TempFolder();
        var inner = Path.Combine(folder.Path, "inner");
        using var store = new BackupStoreFactory(secrets).Open(LocalDestination(inner, ""));

        await Assert.ThrowsAsync<BackupStoreException>(() => store.UploadAsync(key, new MemoryStream([1]), Ct));

        Assert.Empty(Directory.GetFiles(folder.Path, "*", SearchOption.AllDirectories));
    }

    [Fact]
    public async Task Local_SourceThrows_ThatExceptionPropagatesAndPartialFileIsRemoved()
    {
        using var folder = new TempFolder();
        using var store = new BackupStoreFactory(secrets).Open(LocalDestination(folder.Path, ""));
        var dumpError = new InvalidDataException("mysqldump exited with 2");
        var source = new ChunkedStream(RandomBytes(4 * MiB, seed: 8), at: 2 * MiB, onReach: () => throw dumpError);

        var thrown = await Assert.ThrowsAsync<InvalidDataException>(() => store.UploadAsync("db.sql.zst", source, Ct));

        Assert.Same(dumpError, thrown);
        Assert.Empty(Directory.GetFiles(folder.Path, "*", SearchOption.AllDirectories));
    }

    [Theory]
    [InlineData(null, "")]
    [InlineData("", "")]
    [InlineData("/", "")]
    [InlineData("backups", "backups/")]
    [InlineData("/backups", "backups/")]
    [InlineData("panel/nightly/", "panel/nightly/")]
    public void NormalizePrefix_GivesNoLeadingAndOneTrailingSlash(string? prefix, string expected) =>
        Assert.Equal(expected, StorageKeys.NormalizePrefix(prefix));

    [Theory]
    [InlineData("../x")]
    [InlineData("a/./x")]
    [InlineData("a//x")]
    [InlineData("a\\x")]
    public void Combine_KeyWithUnsafeSegment_IsRejected(string key) =>
        Assert.Throws<BackupStoreException>(() => StorageKeys.Combine("backups/", key));

    /// <summary>
    /// s3rver 3.x does not implement AbortMultipartUpload and answers it 405; its request log still shows the abort
    /// (a request on the upload id alone, where parts carry <c>partNumber=N&amp;uploadId=</c>).
    /// </summary>
    private static void AssertAbortWasSent(S3Server s3) => Assert.Matches(@"[^&]\?uploadId=\S+ 405 ", s3.Log);

    private IBackupStore Open(S3Server s3, string bucket = Bucket, string prefix = "", string accessKey = S3Server.AccessKey,
        string secretKey = S3Server.SecretKey)
    {
        var destination = S3Destination(s3.Endpoint, bucket, prefix, accessKey, secretKey);
        return new BackupStoreFactory(secrets).Open(destination);
    }

    private BackupDestination S3Destination(string endpoint, string bucket, string prefix = "",
        string accessKey = S3Server.AccessKey, string secretKey = S3Server.SecretKey) => new()
    {
        Name = "s3 test",
        Kind = DestinationKind.S3,
        Endpoint = endpoint,
        Region = "us-east-1",
        Bucket = bucket,
        Prefix = prefix,
        PathStyle = true,
        AccessKey = accessKey,
        SecretKeyEncrypted = secrets.Protect(secretKey),
    };

    private static BackupDestination LocalDestination(string path, string prefix) =>
        new() { Name = "local test", Kind = DestinationKind.Local, LocalPath = path, Prefix = prefix };

    /// <summary>A client of the test server straight from the SDK, to look at what the store left there.</summary>
    private static AmazonS3Client RawClient(S3Server s3) => new(new BasicAWSCredentials(S3Server.AccessKey, S3Server.SecretKey),
        new AmazonS3Config
        {
            ServiceURL = s3.Endpoint,
            ForcePathStyle = true,
            AuthenticationRegion = "us-east-1",
            RequestChecksumCalculation = RequestChecksumCalculation.WHEN_REQUIRED,
            ResponseChecksumValidation = ResponseChecksumValidation.WHEN_REQUIRED,
        });

    private static async Task<byte[]> ReadAllAsync(IBackupStore store, string key)
    {
        await using var stream = await store.OpenReadAsync(key, Ct);
        using var copy = new MemoryStream();
        await stream.CopyToAsync(copy, Ct);
        return copy.ToArray();
    }

    private static byte[] RandomBytes(int length, int seed)
    {
        var bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }

    /// <summary>
    /// A dump as a pipe gives it: reads return odd-sized pieces, and <c>onReach</c> runs once when the reader gets past
    /// <c>at</c> bytes (to stop the server, cancel, or throw as a failing dump would).
    /// </summary>
    private sealed class ChunkedStream(byte[] content, int at = int.MaxValue, Func<Task>? onReach = null) : Stream
    {
        private static readonly int[] ChunkSizes = [1, 4093, 65_537, 12_345, 333_331, 7];
        private int position;
        private int reads;

        public bool Reached { get; private set; }

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position
        {
            get => position;
            set => throw new NotSupportedException();
        }

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (position >= at && !Reached && onReach is not null)
            {
                Reached = true;
                await onReach();
                cancellationToken.ThrowIfCancellationRequested();
            }

            var count = Math.Min(Math.Min(buffer.Length, ChunkSizes[reads++ % ChunkSizes.Length]), content.Length - position);
            content.AsMemory(position, count).CopyTo(buffer);
            position += count;
            return count;
        }

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException("Read asynchronously.");

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }

    private sealed class TempFolder : IDisposable
    {
        public string Path { get; } = Directory.CreateTempSubdirectory("dropit-backup-store-").FullName;

        public void Dispose() => Directory.Delete(Path, recursive: true);
    }
}
