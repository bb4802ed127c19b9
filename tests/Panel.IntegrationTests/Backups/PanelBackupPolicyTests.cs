using System.Formats.Tar;
using System.IO.Compression;
using DropIt.Panel.Core.Backups;
using DropIt.Panel.Core.Backups.Streams;
using DropIt.Panel.TestSupport;

namespace DropIt.Panel.IntegrationTests.Backups;

/// <summary>The panel's own archive as a backup policy: stored, read back to its end by the test restore, usable by <c>dropit restore</c>.</summary>
public sealed class PanelBackupPolicyTests : PanelTest<BootstrappedPanel>
{
    [Fact]
    public async Task PanelPolicy_StoresTheArchiveDropitBackupWrites_AndVerifiesEveryTableCount()
    {
        var folder = Directory.CreateTempSubdirectory("dropit-panel-backups-").FullName;
        var backups = new BackupHarness(Panel);
        var destination = await backups.LocalDestinationAsync("folder", folder);
        var policy = await backups.PolicyAsync(new PolicyInput(BackupTarget.Panel, destination, Compression: BackupCompression.Zstd));
        Assert.Equal("the panel", policy.Policy.SubjectName);

        var run = await backups.BackUpAsync(policy.Policy.Id);
        Assert.True(run is { Status: BackupStatus.Succeeded, Verification: VerificationStatus.Verified }, BackupHarness.Explain(run));
        Assert.StartsWith("panel/panel-", run.ObjectKey, StringComparison.Ordinal);
        Assert.EndsWith(".tar.gz.zst", run.ObjectKey, StringComparison.Ordinal);
        Assert.True(run.Counts["BackupRuns"] >= 1, "the run being written is in the snapshot");
        Assert.Equal(1, run.Counts["BackupPolicies"]);

        // What is stored is the archive format dropit restore reads: manifest first, end.json last.
        await using var stored = File.OpenRead(Path.Combine(folder, run.ObjectKey));
        await using var plain = BackupCodecs.Decompress(stored, BackupCompression.Zstd);
        await using var gzip = new GZipStream(plain, CompressionMode.Decompress);
        await using var tar = new TarReader(gzip);
        var names = new List<string>();
        while (await tar.GetNextEntryAsync(cancellationToken: TestContext.Current.CancellationToken) is { } entry)
        {
            names.Add(entry.Name);
        }

        Assert.Equal("manifest.json", names[0]);
        Assert.Equal("end.json", names[^1]);
        Assert.Contains("database/BackupPolicies.copy", names);

        // The master key stays out of the panel's own backups too, and the test restore checked it opens the key ring.
        Assert.DoesNotContain("master.key", names);
        var masterKey = Path.Combine(Panel.DataPath, "master.key");
        Assert.Contains($"master key: {masterKey} (id ", run.VerificationDetail);
        Assert.Contains("decrypts the archive's key ring, kept outside the archive", run.VerificationDetail);
        Directory.Delete(folder, recursive: true);
    }
}
