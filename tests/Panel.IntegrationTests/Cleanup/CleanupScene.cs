using System.Formats.Tar;
using DropIt.Panel.Core.Deployments;
using DropIt.Panel.Data;
using DropIt.Panel.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace DropIt.Panel.IntegrationTests.Cleanup;

/// <summary>
/// What a disk cleanup finds on a lived-in panel: deployment rows written straight to the database, image
/// tags made with <c>docker tag</c> and <c>docker import</c>, log files and leftovers with old timestamps.
/// Every tag and container it makes is removed by <see cref="DisposeAsync"/>.
/// </summary>
internal sealed class CleanupScene(PanelFactory panel) : IAsyncDisposable
{
    private readonly List<string> tags = [];
    private readonly List<string> containers = [];

    public static DateTimeOffset Now { get; } = DateTimeOffset.UtcNow;

    public string LogFolder => Path.Combine(panel.DataPath, "logs", "deployments");

    /// <summary>A deployment row; <paramref name="imageTag"/> defaults to the deployment's own tag.</summary>
    public async Task<Deployment> AddDeploymentAsync(Guid serviceId, DeploymentStatus status, double daysAgo, string? imageTag = null,
        Guid? rollbackOf = null)
    {
        var id = Guid.CreateVersion7(Now.AddDays(-daysAgo));
        var deployment = new Deployment
        {
            Id = id,
            ServiceId = serviceId,
            Status = status,
            Trigger = rollbackOf is null ? DeploymentTrigger.User : DeploymentTrigger.Rollback,
            RollbackOfId = rollbackOf,
            ImageTag = imageTag ?? EngineNames.ImageTag(serviceId, id),
            CreatedAt = Now.AddDays(-daysAgo),
            StartedAt = Now.AddDays(-daysAgo),
            FinishedAt = status is DeploymentStatus.Running ? null : Now.AddDays(-daysAgo).AddMinutes(2),
        };
        await panel.WithScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<PanelDbContext>();
            db.Deployments.Add(deployment);
            return await db.SaveChangesAsync();
        });
        return deployment;
    }

    public Task SetLiveAsync(Guid serviceId, Guid deploymentId) =>
        panel.WithScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<PanelDbContext>();
            var service = await db.Services.FindAsync(serviceId) ?? throw new InvalidOperationException("No such service.");
            service.LiveDeploymentId = deploymentId;
            return await db.SaveChangesAsync();
        });

    /// <summary>Tags the test busybox image: the tag shares its layers, so removing it frees nothing.</summary>
    public async Task<string> TagAsync(string tag)
    {
        tags.Add(tag);
        await TestImages.DockerAsync("tag", TestImages.Busybox, tag);
        return tag;
    }

    /// <summary>An image of its own (one 64 KB file), so that removing its only tag frees its size; returns that size.</summary>
    public async Task<long> ImportAsync(string tag)
    {
        var folder = Directory.CreateTempSubdirectory("dropit-cleanup-image-");
        var tar = Path.Combine(Path.GetTempPath(), folder.Name + ".tar");
        try
        {
            await File.WriteAllBytesAsync(Path.Combine(folder.FullName, "payload.bin"), [.. Guid.NewGuid().ToByteArray(), .. new byte[65_520]]);
            await TarFile.CreateFromDirectoryAsync(folder.FullName, tar, includeBaseDirectory: false);
            tags.Add(tag);
            await TestImages.DockerAsync("import", tar, tag);
            var size = await TestImages.DockerAsync("image", "inspect", "--format", "{{.Size}}", tag);
            return long.Parse(size.Trim(), System.Globalization.CultureInfo.InvariantCulture);
        }
        finally
        {
            folder.Delete(recursive: true);
            File.Delete(tar);
        }
    }

    /// <summary>A running container started from <paramref name="tag"/>.</summary>
    public async Task RunContainerAsync(string tag)
    {
        var name = $"dropit-cleanup-test-{Guid.NewGuid():N}"[..32];
        containers.Add(name);
        await TestImages.DockerAsync("run", "-d", "--name", name, tag, "sleep", "600");
    }

    public static async Task<bool> ImageExistsAsync(string tag) =>
        (await TestImages.DockerAsync("images", "-q", tag)).Trim().Length > 0;

    /// <summary>A file of <paramref name="bytes"/> bytes last written <paramref name="daysAgo"/> days ago; returns its size.</summary>
    public static long WriteFile(string path, int bytes, double daysAgo)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, new byte[bytes]);
        File.SetLastWriteTimeUtc(path, Now.AddDays(-daysAgo).UtcDateTime);
        return bytes;
    }

    /// <summary>A folder with one file, both last written <paramref name="hoursAgo"/> hours ago; returns the file's size.</summary>
    public static long WriteFolder(string path, int bytes, double hoursAgo)
    {
        var size = WriteFile(Path.Combine(path, "file.bin"), bytes, hoursAgo / 24);
        Directory.SetLastWriteTimeUtc(path, Now.AddHours(-hoursAgo).UtcDateTime);
        return size;
    }

    public static long FolderSize(string path) =>
        new DirectoryInfo(path).EnumerateFiles("*", SearchOption.AllDirectories).Where(f => f.LinkTarget is null).Sum(f => f.Length);

    public async ValueTask DisposeAsync()
    {
        foreach (var container in containers)
        {
            await TryDockerAsync("rm", "--force", container);
        }

        foreach (var tag in tags)
        {
            await TryDockerAsync("rmi", tag);
        }
    }

    private static async Task TryDockerAsync(params string[] args)
    {
        try
        {
            await TestImages.DockerAsync(args);
        }
        catch (InvalidOperationException)
        {
            // Already gone: the cleanup under test removed it.
        }
    }
}
