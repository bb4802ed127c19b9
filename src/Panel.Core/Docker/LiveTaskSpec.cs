namespace DropIt.Panel.Core.Docker;

/// <summary>
/// What a running Swarm service's tasks are started with, as its current spec says: the image (with its digest), the
/// environment, the networks (Docker's names, without the panel's proxy network) and the secrets and configs mounted.
/// </summary>
public sealed record LiveTaskSpec(string Image, IReadOnlyList<string> Environment, IReadOnlyList<string> Networks, IReadOnlyList<FileMount> Files);
