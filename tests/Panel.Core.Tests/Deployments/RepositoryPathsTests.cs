using DropIt.Panel.Core.Deployments.Sources;
using DropIt.Panel.Core.Docker;

namespace DropIt.Panel.Core.Tests.Deployments;

public sealed class RepositoryPathsTests : IDisposable
{
    private readonly DirectoryInfo checkout = Directory.CreateTempSubdirectory("dropit-paths-");

    public RepositoryPathsTests()
    {
        Directory.CreateDirectory(Path.Combine(checkout.FullName, "apps", "api"));
        File.WriteAllText(Path.Combine(checkout.FullName, "apps", "api", "Dockerfile"), "FROM scratch\n");
    }

    [Fact]
    public void Resolve_RegularFile_ReturnsItsFullPath() =>
        Assert.Equal(Path.Combine(checkout.FullName, "apps", "api", "Dockerfile"),
            RepositoryPaths.Resolve(checkout.FullName, "apps/api/Dockerfile", "Dockerfile path"));

    [Fact]
    public void Resolve_DockerfileThatIsASymbolicLink_IsRefusedNamingThePath()
    {
        File.CreateSymbolicLink(Path.Combine(checkout.FullName, "Dockerfile"), "/etc/passwd");

        var error = Assert.Throws<BuildFailedException>(() => RepositoryPaths.Resolve(checkout.FullName, "Dockerfile", "Dockerfile path"));

        Assert.Contains("The Dockerfile path \"Dockerfile\" is a symbolic link", error.Message);
    }

    [Fact]
    public void Resolve_PathThroughALinkedFolder_IsRefusedNamingTheLink()
    {
        Directory.CreateSymbolicLink(Path.Combine(checkout.FullName, "linked"), "/etc");

        var error = Assert.Throws<BuildFailedException>(() => RepositoryPaths.Resolve(checkout.FullName, "linked/ssl", "build context"));

        Assert.Contains("The build context \"linked/ssl\" passes through the symbolic link linked", error.Message);
    }

    [Fact]
    public void Resolve_LinkInsideTheRepository_IsRefusedToo()
    {
        Directory.CreateSymbolicLink(Path.Combine(checkout.FullName, "api"), "apps/api");

        var error = Assert.Throws<BuildFailedException>(() => RepositoryPaths.Resolve(checkout.FullName, "api/Dockerfile", "Dockerfile path"));

        Assert.Contains("symbolic link api", error.Message);
    }

    [Fact]
    public void Resolve_ParentPath_IsRefusedAsOutside()
    {
        var error = Assert.Throws<BuildFailedException>(() => RepositoryPaths.Resolve(checkout.FullName, "../x", "build context"));

        Assert.Contains("points outside the repository", error.Message);
    }

    public void Dispose() => checkout.Delete(recursive: true);
}
