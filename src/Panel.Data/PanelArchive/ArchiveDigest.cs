using System.Formats.Tar;
using System.Security.Cryptography;
using System.Text;

namespace DropIt.Panel.Data.PanelArchive;

/// <summary>
/// SHA-256 over every entry before <c>end.json</c> — its name, type, link target and data, in archive order — so
/// that a restore can prove the archive intact before it touches anything: gzip alone lets a cut-short stream
/// pass, and damaged bytes would otherwise first show as a database error half way through.
/// </summary>
internal sealed class ArchiveDigest : IDisposable
{
    private readonly IncrementalHash hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);

    public void AddHeader(string name, TarEntryType type, string? linkName = null) =>
        hash.AppendData(Encoding.UTF8.GetBytes($"{name}\0{(char)type}\0{linkName}\0"));

    public void AddData(ReadOnlySpan<byte> data) => hash.AppendData(data);

    public async Task AddDataAsync(Stream data, CancellationToken cancellationToken)
    {
        var buffer = new byte[81920];
        int read;
        while ((read = await data.ReadAsync(buffer, cancellationToken)) > 0)
        {
            hash.AppendData(buffer, 0, read);
        }
    }

    public string Finish() => Convert.ToHexStringLower(hash.GetHashAndReset());

    public void Dispose() => hash.Dispose();
}
