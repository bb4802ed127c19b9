using DropIt.Panel.Core.Applications;
using DropIt.Panel.Core.Common;
using DropIt.Panel.Core.Deployments;
using DropIt.Panel.Core.Deployments.Sources;
using DropIt.Panel.Core.Docker;
using DropIt.Panel.Core.Projects;
using DropIt.Panel.Core.Secrets;

namespace DropIt.Panel.Core.Compose;

/// <summary>The decrypted secrets of a compose service: what its clone needs and what its file interpolates.</summary>
public sealed record ComposeSecrets(string? GitToken, string? DeployKeyPem, IReadOnlyDictionary<string, string> Environment)
{
    /// <summary>Every value a log line must never show.</summary>
    public IEnumerable<string?> All => Environment.Values.Append(GitToken).Append(DeployKeyPem);
}

/// <summary>A compose file as read from its source.</summary>
/// <param name="Text">The file's text.</param>
/// <param name="Options">How to read it: repository or not, its folder, the paths of the checkout, the .env.</param>
/// <param name="Checkout">The repository's checkout (builds and file mounts read it), or null for an inline file.</param>
/// <param name="Commit">The commit cloned, or null for an inline file.</param>
public sealed record ComposeSourceFile(string Text, ComposeReadOptions Options, string? Checkout, GitCommit? Commit)
{
    /// <summary>The full path of a path of the repository, refusing one that leaves it or passes a symbolic link.</summary>
    public string PathOf(string relative, string what) =>
        RepositoryPaths.Resolve(Checkout ?? throw new BuildFailedException("This compose file has no repository."), relative, what);
}

/// <summary>
/// Reads a compose service's file: the stored text of an inline one, or a shallow clone of its repository (the
/// same checks and credentials as an application's Git source) and the file at <see cref="ComposeSettings.ComposePath"/>.
/// </summary>
public sealed class ComposeSources(ISecretProtector protector, DataDirectory data)
{
    public ComposeSecrets Secrets(ComposeSettings settings)
    {
        var environment = new Dictionary<string, string>(StringComparer.Ordinal);
        if (settings.EnvEncrypted is { } encrypted)
        {
            var parsed = DotEnv.Parse(protector.Unprotect(encrypted));
            if (parsed.Errors.Count > 0)
            {
                throw new BuildFailedException($"The .env of this service has errors: {string.Join(" ", parsed.Errors)} Correct it in the settings.");
            }

            foreach (var (key, value) in parsed.Variables)
            {
                environment[key] = value;
            }
        }

        return new ComposeSecrets(Decrypt(settings.GitTokenEncrypted), Decrypt(settings.DeployKeyPrivateEncrypted), environment);
    }

    /// <summary>
    /// The file and how to read it. A Git source is cloned into <paramref name="workspace"/>/source (the caller deletes
    /// the workspace); <paramref name="cloning"/> is called before the clone starts. Throws <see cref="BuildFailedException"/>.
    /// </summary>
    public async Task<ComposeSourceFile> ReadAsync(Service service, ComposeSecrets secrets, string workspace, Action<string> onLine,
        Func<Task>? cloning, CancellationToken cancellationToken)
    {
        var settings = service.Compose ?? throw new InvalidOperationException("Only compose services have a compose file.");
        if (settings.Source == ComposeSource.Inline)
        {
            return new ComposeSourceFile(settings.File ?? "", new ComposeReadOptions(false, Environment: secrets.Environment), null, null);
        }

        // Settings saved before these checks existed are refused here, before the URL reaches the log.
        if (ApplicationValidation.CheckGitCredentials(settings.GitUrl, !string.IsNullOrEmpty(secrets.GitToken)) is { } refused)
        {
            throw new BuildFailedException(refused);
        }

        if (string.IsNullOrWhiteSpace(settings.GitUrl))
        {
            throw new BuildFailedException("This compose service has no repository URL. Set it in the settings, then deploy.");
        }

        if (cloning is not null)
        {
            await cloning();
        }

        var checkout = Path.Combine(workspace, "source");
        Directory.CreateDirectory(workspace);
        onLine($"Cloning {settings.GitUrl} (branch {settings.GitBranch})");
        var commit = await GitCheckout.CloneAsync(new GitSource(settings.GitUrl, settings.GitBranch, secrets.GitToken,
                ApplicationValidation.IsSshUrl(settings.GitUrl) ? secrets.DeployKeyPem : null),
            checkout, data.KnownHosts, onLine, cancellationToken);
        onLine($"Commit {commit.Hash}: {commit.Message}");

        var composePath = settings.ComposePath.Replace('\\', '/').TrimStart('/');
        var file = RepositoryPaths.Resolve(checkout, composePath, "compose file path");
        if (!File.Exists(file))
        {
            throw new BuildFailedException(
                $"There is no compose file at \"{settings.ComposePath}\" on branch {settings.GitBranch}. Check the compose file path in the settings.");
        }

        var folder = composePath.Contains('/') ? composePath[..composePath.LastIndexOf('/')] : "";
        var options = new ComposeReadOptions(true, folder, relative => KindOf(checkout, relative), secrets.Environment);
        return new ComposeSourceFile(await File.ReadAllTextAsync(file, cancellationToken), options, checkout, commit);
    }

    /// <summary>What a path of the repository is; one that leaves it or passes a symbolic link counts as missing.</summary>
    public static SourcePathKind KindOf(string checkout, string relative)
    {
        string full;
        try
        {
            full = RepositoryPaths.Resolve(checkout, relative, "path");
        }
        catch (BuildFailedException)
        {
            return SourcePathKind.Missing;
        }

        return File.Exists(full) ? SourcePathKind.File : Directory.Exists(full) ? SourcePathKind.Folder : SourcePathKind.Missing;
    }

    private string? Decrypt(string? encrypted) => encrypted is null ? null : protector.Unprotect(encrypted);
}
