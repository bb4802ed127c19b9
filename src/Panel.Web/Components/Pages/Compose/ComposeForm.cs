using DropIt.Panel.Core.Compose;

namespace DropIt.Panel.Web.Components.Pages.Compose;

/// <summary>What the new-compose dialog and the File tab edit: the file, or where in a repository it is.</summary>
public sealed class ComposeForm
{
    public ComposeSource Source { get; set; } = ComposeSource.Inline;
    public string? File { get; set; }
    public string? GitUrl { get; set; }
    public string GitBranch { get; set; } = "main";
    public string ComposePath { get; set; } = "docker-compose.yml";

    /// <summary>A new access token; empty keeps the stored one.</summary>
    public string? GitToken { get; set; }

    // The release command (decision 044).
    public string? ReleaseCommand { get; set; }
    public string? ReleaseService { get; set; }
    public int ReleaseTimeoutSeconds { get; set; } = 600;
    public string? PostDeployCommand { get; set; }

    public int Lines => string.IsNullOrEmpty(File) ? 0 : File.Count(c => c == '\n') + (File.EndsWith('\n') ? 0 : 1);

    public static ComposeForm Of(ComposeView view) => new()
    {
        Source = view.Source,
        File = view.File,
        GitUrl = view.GitUrl,
        GitBranch = view.GitBranch,
        ComposePath = view.ComposePath,
        ReleaseCommand = view.Release.Command,
        ReleaseService = view.Release.Service,
        ReleaseTimeoutSeconds = view.Release.TimeoutSeconds,
        PostDeployCommand = view.Release.PostDeployCommand,
    };

    /// <summary>The input to save; a pasted file leaves the Git fields as they were, and the other way round.</summary>
    public ComposeInput ToInput(string? name = null) => (Source == ComposeSource.Inline
        ? new ComposeInput { Name = name, Source = Source, File = File ?? "" }
        : new ComposeInput
        {
            Name = name,
            Source = Source,
            GitUrl = GitUrl,
            GitBranch = GitBranch,
            ComposePath = ComposePath,
            GitToken = string.IsNullOrEmpty(GitToken) ? null : GitToken,
        }) with
    {
        ReleaseCommand = ReleaseCommand ?? "",
        ReleaseService = ReleaseService ?? "",
        ReleaseTimeoutSeconds = ReleaseTimeoutSeconds,
        PostDeployCommand = PostDeployCommand ?? "",
    };
}
