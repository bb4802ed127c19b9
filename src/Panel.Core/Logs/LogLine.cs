using System.Text.Json.Serialization;

namespace DropIt.Panel.Core.Logs;

/// <summary>Which output of a container a line was written to.</summary>
public enum LogStream
{
    Stdout,
    Stderr,
}

/// <summary>One line written by a container of a service; <see cref="Text"/> keeps its ANSI escape codes.</summary>
public sealed record LogLine(DateTimeOffset Timestamp, string Replica, LogStream Stream, string Text)
{
    /// <summary>The server (swarm node) of a replica that runs on another one than the panel's engine; null on the panel's own.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Node { get; init; }
}
