namespace DropIt.Panel.Core.Logs;

/// <summary>
/// Which lines of a service to read: the newest <see cref="Tail"/> (0: as many as <see cref="Limit"/>) written
/// between <see cref="Since"/> and <see cref="Until"/> that contain <see cref="Search"/> (any case), or match it
/// as a regular expression when <see cref="Regex"/> is set.
/// </summary>
public sealed record LogQuery(
    int Tail = 500,
    DateTimeOffset? Since = null,
    string? Search = null,
    int Limit = LogQuery.DefaultLimit,
    DateTimeOffset? Until = null,
    bool Regex = false)
{
    /// <summary>The most lines one read returns; a download streams any number.</summary>
    public const int DefaultLimit = 10_000;

    /// <summary>How many of the newest lines a read keeps.</summary>
    public int Take => Tail > 0 ? Math.Min(Tail, Math.Max(Limit, 1)) : Math.Max(Limit, 1);
}
