using System.Net;
using System.Net.Sockets;
using Amazon.Runtime;
using Amazon.S3;

namespace DropIt.Panel.Core.Backups.Storage;

/// <summary>Turns what the S3 client threw into a <see cref="BackupStoreException"/> with the storage's words and what to check.</summary>
internal static class S3Errors
{
    public static BackupStoreException Translate(Exception error, string endpoint, string bucket)
    {
        if (error is AmazonS3Exception s3)
        {
            return new BackupStoreException($"{Describe(s3)} {Hint(s3, endpoint, bucket)}", error);
        }

        if (Find<SocketException>(error) is { } socket)
        {
            return Unreachable(endpoint, socket.Message, error);
        }

        if (Find<HttpRequestException>(error) is { } http)
        {
            return Unreachable(endpoint, http.Message, error);
        }

        if (error is OperationCanceledException or TimeoutException)
        {
            return new BackupStoreException(
                $"{endpoint} did not answer in time. Check that the endpoint is reachable from this server.", error);
        }

        if (error is AmazonClientException or AmazonServiceException)
        {
            return new BackupStoreException($"{error.Message} Check the endpoint, region and bucket of the destination.", error);
        }

        return new BackupStoreException($"{error.GetType().Name}: {error.Message}", error);
    }

    /// <summary>The storage's error code and message ("NoSuchBucket: The specified bucket does not exist").</summary>
    public static string Describe(AmazonS3Exception error)
    {
        var code = string.IsNullOrEmpty(error.ErrorCode) ? $"HTTP {(int)error.StatusCode} {error.StatusCode}" : error.ErrorCode;
        var message = error.Message?.Trim();
        return string.IsNullOrEmpty(message) || message == code ? $"{code}." : $"{code}: {message}";
    }

    private static string Hint(AmazonS3Exception error, string endpoint, string bucket) => (error.ErrorCode, error.StatusCode) switch
    {
        ("NoSuchBucket", _) => $"Check the bucket name \"{bucket}\": it must already exist at {endpoint}.",
        ("InvalidAccessKeyId" or "SignatureDoesNotMatch", _) => "Check the access key and secret key of the destination.",
        ("AccessDenied", _) or (_, HttpStatusCode.Forbidden) =>
            $"Check the access key and secret key, and that they may read, write and delete in bucket \"{bucket}\".",
        ("PermanentRedirect" or "AuthorizationHeaderMalformed" or "IllegalLocationConstraintException", _) =>
            "Check the region of the destination: the bucket lives in another one.",
        _ => $"Check the endpoint {endpoint}, the region and the bucket \"{bucket}\".",
    };

    private static BackupStoreException Unreachable(string endpoint, string message, Exception error) =>
        new($"cannot reach {endpoint}: {message.TrimEnd('.')}. Check the endpoint address and that the storage answers from this server.", error);

    private static T? Find<T>(Exception? error)
        where T : Exception
    {
        for (; error is not null; error = error.InnerException)
        {
            if (error is T found)
            {
                return found;
            }
        }

        return null;
    }
}
