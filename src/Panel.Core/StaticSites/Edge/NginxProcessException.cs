namespace DropIt.Panel.Core.StaticSites.Edge;

/// <summary>A native nginx could not be run, started, reloaded, or refused a configuration; the message carries nginx's words.</summary>
public sealed class NginxProcessException(string message, Exception? inner = null) : Exception(message, inner);
