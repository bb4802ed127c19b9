namespace DropIt.Panel.Core.Routing;

/// <summary>
/// One service's Traefik file after a reconciliation: <see cref="Error"/> is null when the file holds the service's
/// current routes (written, already up to date, or removed because the service has no route), else why it was not
/// written; the file in place, if any, was left as it was.
/// </summary>
public sealed record ServiceRouteResult(string Path, string? Error)
{
    public bool Written => Error is null;
}
