using System.Runtime.Versioning;
using DropIt.Panel.Core.Certificates;
using DropIt.Panel.Core.Common;

namespace DropIt.Panel.Core.Tests.Certificates;

[SupportedOSPlatform("linux")]
public sealed class SecretFilesTests : IDisposable
{
    private const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    private readonly DirectoryInfo folder = Directory.CreateTempSubdirectory("dropit-keys-");

    [Fact]
    public async Task Create_NewKeyFile_Is0600BeforeAByteIsWritten()
    {
        var path = Path.Combine(folder.FullName, "id_deploy");

        await using (SecretFiles.Create(path))
        {
            Assert.Equal(OwnerOnly, File.GetUnixFileMode(path));
            Assert.Equal(0, new FileInfo(path).Length);
        }
    }

    [Fact]
    public async Task WriteAsync_CertificatePrivateKey_Is0600()
    {
        var files = new CertificateFiles(new DataDirectory(folder.FullName));
        var id = Guid.NewGuid();

        await files.WriteAsync(id, "-----BEGIN CERTIFICATE-----\n", "-----BEGIN PRIVATE KEY-----\n", TestContext.Current.CancellationToken);

        Assert.Equal(OwnerOnly, File.GetUnixFileMode(files.PrivateKey(id)));
        Assert.Equal("-----BEGIN PRIVATE KEY-----\n", await File.ReadAllTextAsync(files.PrivateKey(id), TestContext.Current.CancellationToken));
    }

    public void Dispose() => folder.Delete(recursive: true);
}
