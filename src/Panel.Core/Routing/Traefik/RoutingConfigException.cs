namespace DropIt.Panel.Core.Routing.Traefik;

/// <summary>A value cannot be put into Traefik's configuration, or a file was refused before it was written.</summary>
public sealed class RoutingConfigException : Exception
{
    public RoutingConfigException(string field, string message)
        : this(field, message, [])
    {
    }

    public RoutingConfigException(string field, string message, IReadOnlyList<string> errors)
        : base($"{field}: {message}")
    {
        Field = field;
        Errors = errors;
    }

    /// <summary>The input field (such as <c>Domains[0].Host</c>) or the file name that was refused.</summary>
    public string Field { get; }

    /// <summary>Schema errors when a file was refused; empty otherwise.</summary>
    public IReadOnlyList<string> Errors { get; }
}
