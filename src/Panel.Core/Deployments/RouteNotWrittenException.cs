namespace DropIt.Panel.Core.Deployments;

/// <summary>The new version is healthy, but its Traefik file could not be written: the deployment fails before the switch.</summary>
public sealed class RouteNotWrittenException(string message) : Exception(message);
