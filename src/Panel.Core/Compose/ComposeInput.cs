namespace DropIt.Panel.Core.Compose;

/// <summary>
/// What an admin sets on a compose service. On a change, a null field keeps its value; <see cref="GitToken"/> empty removes
/// the token. <see cref="Env"/> replaces the whole <c>.env</c> (empty removes it); it is never shown again.
/// </summary>
public sealed record ComposeInput
{
    public string? Name { get; init; }
    public ComposeSource? Source { get; init; }

    /// <summary>The compose file's text (an inline source).</summary>
    public string? File { get; init; }

    public string? GitUrl { get; init; }
    public string? GitBranch { get; init; }
    public string? ComposePath { get; init; }
    public string? GitToken { get; init; }
    public string? Env { get; init; }

    /// <summary>See <see cref="ComposeSettings.ReleaseCommand"/>; an empty string removes it (and the others of this group alike).</summary>
    public string? ReleaseCommand { get; init; }

    public string? ReleaseService { get; init; }
    public int? ReleaseTimeoutSeconds { get; init; }
    public string? PostDeployCommand { get; init; }

    /// <summary>True when the input changes one of the release settings.</summary>
    public bool ChangesRelease => ReleaseCommand is not null || ReleaseService is not null || ReleaseTimeoutSeconds is not null || PostDeployCommand is not null;
}
