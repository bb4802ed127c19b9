using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;

namespace DropIt.Panel.Core.Backups.Storage;

/// <summary>
/// A bucket of an S3-compatible storage. Uploads stream through one reused 8 MiB buffer: a multipart upload when the
/// content fills it, a single put otherwise. Only the destination's endpoint is ever contacted.
/// </summary>
public sealed class S3BackupStore : IBackupStore
{
    /// <summary>The size of every part but the last, and the most a single put carries.</summary>
    public const int PartSize = 8 * 1024 * 1024;

    private readonly AmazonS3Client client;
    private readonly string bucket;
    private readonly string prefix;
    private readonly string endpoint;

    public S3BackupStore(BackupDestination destination, string secretKey)
    {
        ArgumentNullException.ThrowIfNull(destination);
        bucket = string.IsNullOrWhiteSpace(destination.Bucket)
            ? throw new BackupStoreException($"The destination \"{destination.Name}\" has no bucket.")
            : destination.Bucket.Trim();
        prefix = StorageKeys.NormalizePrefix(destination.Prefix);
        var config = S3ClientConfig.Create(destination);
        endpoint = config.ServiceURL is null ? $"s3.{config.RegionEndpoint?.SystemName}.amazonaws.com" : destination.Endpoint!.Trim();
        client = new AmazonS3Client(new BasicAWSCredentials(destination.AccessKey ?? "", secretKey), config);
    }

    public async Task UploadAsync(string key, Stream content, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(content);
        var fullKey = StorageKeys.Combine(prefix, key);
        var buffer = new byte[PartSize];
        var source = new SourceReader(content, buffer);
        string? uploadId = null;
        try
        {
            var filled = await source.FillAsync(cancellationToken);
            if (filled < PartSize)
            {
                await client.PutObjectAsync(new PutObjectRequest
                {
                    BucketName = bucket,
                    Key = fullKey,
                    InputStream = new MemoryStream(buffer, 0, filled, writable: false),
                    UseChunkEncoding = false,
                }, cancellationToken);
                return;
            }

            uploadId = (await client.InitiateMultipartUploadAsync(
                new InitiateMultipartUploadRequest { BucketName = bucket, Key = fullKey }, cancellationToken)).UploadId;
            var parts = new List<PartETag>();
            while (filled > 0)
            {
                var part = await client.UploadPartAsync(new UploadPartRequest
                {
                    BucketName = bucket,
                    Key = fullKey,
                    UploadId = uploadId,
                    PartNumber = parts.Count + 1,
                    InputStream = new MemoryStream(buffer, 0, filled, writable: false),
                    PartSize = filled,
                    UseChunkEncoding = false,
                }, cancellationToken);
                parts.Add(new PartETag(parts.Count + 1, part.ETag));
                filled = await source.FillAsync(cancellationToken);
            }

            await client.CompleteMultipartUploadAsync(new CompleteMultipartUploadRequest
            {
                BucketName = bucket,
                Key = fullKey,
                UploadId = uploadId,
                PartETags = parts,
            }, cancellationToken);
        }
        catch (Exception error)
        {
            if (uploadId is not null)
            {
                await AbortAsync(fullKey, uploadId);
            }

            if (source.Failed || cancellationToken.IsCancellationRequested && error is OperationCanceledException)
            {
                throw;
            }

            throw S3Errors.Translate(error, endpoint, bucket);
        }
    }

    public async Task<Stream> OpenReadAsync(string key, CancellationToken cancellationToken)
    {
        var fullKey = StorageKeys.Combine(prefix, key);
        try
        {
            var response = await client.GetObjectAsync(new GetObjectRequest { BucketName = bucket, Key = fullKey }, cancellationToken);
            return new ResponseStream(response, response.ResponseStream);
        }
        catch (Exception error) when (!IsCancellation(error, cancellationToken))
        {
            throw S3Errors.Translate(error, endpoint, bucket);
        }
    }

    public async Task<long?> SizeAsync(string key, CancellationToken cancellationToken)
    {
        var fullKey = StorageKeys.Combine(prefix, key);
        try
        {
            var metadata = await client.GetObjectMetadataAsync(
                new GetObjectMetadataRequest { BucketName = bucket, Key = fullKey }, cancellationToken);
            return metadata.ContentLength;
        }
        catch (AmazonS3Exception error) when (error.StatusCode == System.Net.HttpStatusCode.NotFound)
        {
            return null;
        }
        catch (Exception error) when (!IsCancellation(error, cancellationToken))
        {
            throw S3Errors.Translate(error, endpoint, bucket);
        }
    }

    public async Task DeleteAsync(string key, CancellationToken cancellationToken)
    {
        var fullKey = StorageKeys.Combine(prefix, key);
        try
        {
            await client.DeleteObjectAsync(new DeleteObjectRequest { BucketName = bucket, Key = fullKey }, cancellationToken);
        }
        catch (AmazonS3Exception error) when (error.ErrorCode == "NoSuchKey")
        {
            // Already gone.
        }
        catch (Exception error) when (!IsCancellation(error, cancellationToken))
        {
            throw S3Errors.Translate(error, endpoint, bucket);
        }
    }

    public void Dispose() => client.Dispose();

    private static bool IsCancellation(Exception error, CancellationToken cancellationToken) =>
        error is OperationCanceledException && cancellationToken.IsCancellationRequested;

    /// <summary>Best effort: a failed abort leaves parts the bucket's lifecycle rules or the next abort clean up.</summary>
    private async Task AbortAsync(string fullKey, string uploadId)
    {
        try
        {
            await client.AbortMultipartUploadAsync(
                new AbortMultipartUploadRequest { BucketName = bucket, Key = fullKey, UploadId = uploadId }, CancellationToken.None);
        }
        catch (Exception)
        {
            // The upload already failed; that error is the one to report.
        }
    }

    /// <summary>Fills the part buffer from the content and remembers whether the content itself failed.</summary>
    private sealed class SourceReader(Stream content, byte[] buffer)
    {
        public bool Failed { get; private set; }

        public async Task<int> FillAsync(CancellationToken cancellationToken)
        {
            var filled = 0;
            try
            {
                while (filled < buffer.Length)
                {
                    var read = await content.ReadAsync(buffer.AsMemory(filled), cancellationToken);
                    if (read == 0)
                    {
                        break;
                    }

                    filled += read;
                }
            }
            catch
            {
                Failed = true;
                throw;
            }

            return filled;
        }
    }
}
