using System.Runtime.Versioning;
using DropIt.Panel.Core.Common;
using DropIt.Panel.Data.Embedded;

namespace DropIt.Panel.IntegrationTests.Embedded;

/// <summary>The embedded PostgreSQL, started as the panel starts it: as root it runs as the 'postgres' OS user.</summary>
[SupportedOSPlatform("linux")]
public sealed class EmbeddedPostgresTests : IDisposable
{
    // A temp folder is 0700, as mktemp -d makes it: only root may pass.
    private readonly string parent = Directory.CreateTempSubdirectory("dropit-private-").FullName;

    public void Dispose() => Directory.Delete(parent, recursive: true);

    [Fact]
    public void Start_DataFolderUnderA0700Parent_SaysInOneLineWhichFolderBlocksAndHowToFixIt()
    {
        Assert.SkipUnless(Environment.UserName == "root", "Only as root does PostgreSQL run as another OS user.");
        var cluster = Path.Combine(parent, "data", "postgres");

        var error = Assert.Throws<PanelStartupException>(() => EmbeddedPostgres.Start(cluster, null, null));

        Assert.Equal(
            $"The embedded PostgreSQL runs as the 'postgres' user, which cannot reach {cluster}: {parent} is 0700. " +
            $"Choose a data folder under a traversable path (Panel:DataPath) or chmod o+x {parent}.",
            error.Message);
        Assert.False(File.Exists(Path.Combine(cluster, "data", "PG_VERSION")), "initdb ran although it could not succeed.");
    }

    [Fact]
    public void Start_AfterTheSuggestedChmod_StartsTheCluster()
    {
        Assert.SkipUnless(Environment.UserName == "root", "Only as root does PostgreSQL run as another OS user.");
        var cluster = Path.Combine(parent, "data", "postgres");
        Assert.Throws<PanelStartupException>(() => EmbeddedPostgres.Start(cluster, null, null));

        File.SetUnixFileMode(parent, File.GetUnixFileMode(parent) | UnixFileMode.OtherExecute);
        var started = EmbeddedPostgres.Start(cluster, null, null);
        try
        {
            Assert.True(File.Exists(Path.Combine(cluster, "data", "postmaster.pid")), "the cluster does not run");
        }
        finally
        {
            started.Stop();
        }
    }
}
