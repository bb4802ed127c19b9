using DropIt.Panel.Core.Common;

namespace DropIt.Panel.Data.PanelArchive;

/// <summary>
/// What of the data folder (<see cref="DataDirectory"/>) an archive holds: everything the panel needs to resume —
/// Traefik's files, certificates and keys, static sites' releases with their <c>current</c>/<c>previous</c>/<c>older</c>
/// links, uploaded sources, SSH known hosts, deployment logs. Left out: the embedded PostgreSQL cluster (the
/// database is in the archive as data), the panel's own log files, build contexts, the static edge's nginx prefix
/// (rewritten at start), upload spools, half-extracted releases, temp files of atomic writes, backups, and the
/// master key (<c>master.key</c>, or wherever <c>Panel:MasterKeyPath</c> puts it in the folder): it travels apart
/// from the data it protects (decision 031).
/// </summary>
public sealed class DataFolderRules
{
    /// <summary>The embedded cluster's folder, as <see cref="DataServiceCollectionExtensions.AddPanelData"/> places it.</summary>
    public const string EmbeddedPostgresFolder = DataServiceCollectionExtensions.EmbeddedFolder;

    /// <summary>Where archives are best kept on the server; never inside another archive.</summary>
    public const string BackupsFolder = "backups";

    /// <summary>Prefix of the folder a restore stages files in before moving them into place.</summary>
    public const string StagingPrefix = ".restore-";

    private const string Uploads = "incoming";
    private const string Releases = "releases";

    private readonly HashSet<string> excludedTop;
    private readonly HashSet<string> excludedFiles;
    private readonly string logs;
    private readonly string deploymentLogs;
    private readonly string sites;

    /// <param name="root">The data folder.</param>
    /// <param name="excludedFiles">More files to leave out (the archive being written and the master key, when they lie in the data folder).</param>
    public DataFolderRules(string root, params IEnumerable<string> excludedFiles)
    {
        var data = new DataDirectory(root);
        Root = data.Root;
        string Relative(string path) => Path.GetRelativePath(Root, path).Replace('\\', '/');
        excludedTop = new(StringComparer.Ordinal)
        {
            EmbeddedPostgresFolder,
            BackupsFolder,
            Protection.MasterKeyFile.FileName,
            Relative(data.StaticEdge),
            Relative(Path.GetDirectoryName(data.Build(Guid.Empty))!),
        };
        deploymentLogs = Relative(Path.GetDirectoryName(data.DeploymentLog(Guid.Empty))!);
        logs = deploymentLogs.Split('/')[0];
        sites = Relative(data.Sites);
        this.excludedFiles = excludedFiles.Select(Path.GetFullPath).Where(p => p.StartsWith(Root + Path.DirectorySeparatorChar, StringComparison.Ordinal))
            .Select(Relative).ToHashSet(StringComparer.Ordinal);
    }

    public string Root { get; }

    /// <summary>Whether the file at <paramref name="relative"/> holds a secret (a certificate's private key): sealed with the master key in an archive.</summary>
    public static bool IsSecret(string relative) =>
        relative.StartsWith("certs/", StringComparison.Ordinal) && relative.EndsWith("/privkey.pem", StringComparison.Ordinal);

    /// <summary>Whether the entry at <paramref name="relative"/> ('/'-separated, under the root) belongs in an archive.</summary>
    public bool Includes(string relative, bool isFolder)
    {
        var parts = relative.Split('/');
        if (excludedTop.Contains(parts[0]) || parts[0].StartsWith(StagingPrefix, StringComparison.Ordinal) || excludedFiles.Contains(relative))
        {
            return false;
        }

        if (parts[0] == logs)
        {
            // Only the deployment logs: the panel's own log files stay with the server they describe.
            return parts.Length == 1 ? isFolder : relative == deploymentLogs || relative.StartsWith(deploymentLogs + "/", StringComparison.Ordinal);
        }

        if (parts[0] == sites && parts.Length >= 3
            && (parts[2] == Uploads || parts[2].StartsWith('.') || (parts[2] == Releases && parts.Length >= 4 && parts[3].StartsWith('.'))))
        {
            // Upload spools, link swaps in progress (.current-*), half-extracted releases (.<id>.partial).
            return false;
        }

        return isFolder || !parts[^1].EndsWith(".tmp", StringComparison.Ordinal);
    }
}
