using DropIt.Panel.Core.StaticSites;

namespace DropIt.Panel.Core.Routing;

/// <summary>What a check found: it answers, it does not, or it was not checked (no setting, or not the panel's to run).</summary>
public enum ProbeState
{
    Up,
    Down,
    NotChecked,
}

/// <summary>Traefik's <c>/ping</c>: <see cref="Detail"/> says what answered, or why nothing did.</summary>
public sealed record TraefikPing(ProbeState State, string? Url, string Detail);

/// <summary>The folder Traefik reads the panel's files from.</summary>
public sealed record DynamicFolderState(string Path, bool Exists, bool Writable, int Files, DateTimeOffset? LastWrite, string? Error);

/// <summary>The static edge (nginx): how it runs, whether it answers, and when its configuration was last written.</summary>
public sealed record StaticEdgeState(StaticEdgeMode Mode, ProbeState State, string Detail, DateTimeOffset? ConfigWrittenAt);

/// <summary>The proxy side of the server at <see cref="CheckedAt"/>: what actually serves the domains the panel routes.</summary>
public sealed record ProxyStatus(TraefikPing Traefik, DynamicFolderState DynamicFolder, StaticEdgeState StaticEdge, DateTimeOffset CheckedAt)
{
    /// <summary>True when Traefik was checked and did not answer: no domain is served.</summary>
    public bool TraefikDown => Traefik.State == ProbeState.Down;
}
