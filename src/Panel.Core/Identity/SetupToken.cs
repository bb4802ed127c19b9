using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using DropIt.Panel.Core.Common;
using Microsoft.Extensions.Logging;

namespace DropIt.Panel.Core.Identity;

/// <summary>
/// The one-time token that opens setup while the panel has no admin: 32 random bytes, URL-safe base64, written
/// once to the log and to <c>&lt;data&gt;/setup-token</c> (mode 0600), and gone once the admin exists. Only its
/// SHA-256 stays in memory; a candidate is compared in constant time.
/// </summary>
public sealed partial class SetupToken(DataDirectory data, ILogger<SetupToken> logger)
{
    public const string FileName = "setup-token";

    private byte[]? digest;

    /// <summary>Where the token is written for the operator (readable by the panel's user only).</summary>
    public string FilePath => Path.Combine(data.Root, FileName);

    /// <summary>True while a token has been issued and the admin does not exist yet.</summary>
    public bool IsIssued => Volatile.Read(ref digest) is not null;

    /// <summary>Creates a new token (an earlier one stops working), writes it to the file and the log.</summary>
    public void Issue()
    {
        var token = Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));
        Volatile.Write(ref digest, Hash(token));
        if (TryWrite(token))
        {
            LogIssued(token, FilePath);
        }
        else
        {
            LogIssuedLogOnly(token);
        }
    }

    /// <summary>Whether <paramref name="candidate"/> is the current token (constant time; surrounding spaces ignored).</summary>
    public bool Matches(string? candidate)
    {
        var expected = Volatile.Read(ref digest);
        if (expected is null || string.IsNullOrWhiteSpace(candidate))
        {
            return false;
        }

        return CryptographicOperations.FixedTimeEquals(expected, Hash(candidate.Trim()));
    }

    /// <summary>Forgets the token and deletes its file: setup is over (or was over before this start).</summary>
    public void Retire()
    {
        Volatile.Write(ref digest, null);
        try
        {
            File.Delete(FilePath);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            LogNotDeleted(FilePath, e.Message);
        }
    }

    private static byte[] Hash(string token) => SHA256.HashData(Encoding.UTF8.GetBytes(token));

    private bool TryWrite(string token)
    {
        try
        {
            Directory.CreateDirectory(data.Root);
            // A file left by an earlier start may carry other permissions: create it anew, 0600 from the start.
            File.Delete(FilePath);
            var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
            if (!OperatingSystem.IsWindows())
            {
                options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
            }

            using var writer = new StreamWriter(new FileStream(FilePath, options));
            writer.Write(token + "\n");
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            LogNotWritten(FilePath, e.Message);
            return false;
        }
    }

    [LoggerMessage(LogLevel.Warning,
        "No admin yet. Setup token: {Token} (paste it on the panel's /setup page to create the admin; also in {Path})")]
    private partial void LogIssued(string token, string path);

    [LoggerMessage(LogLevel.Warning, "No admin yet. Setup token: {Token} (paste it on the panel's /setup page to create the admin)")]
    private partial void LogIssuedLogOnly(string token);

    [LoggerMessage(LogLevel.Warning, "The setup token could not be written to {Path}: {Reason}. It is in the line below only.")]
    private partial void LogNotWritten(string path, string reason);

    [LoggerMessage(LogLevel.Warning, "The used setup token file {Path} could not be deleted: {Reason}. Delete it yourself.")]
    private partial void LogNotDeleted(string path, string reason);
}
