namespace DropIt.Panel.Core.Logs;

/// <summary>Which output of a container a line was written to.</summary>
public enum LogStream
{
    Stdout,
    Stderr,
}

/// <summary>One line written by a container of a service; <see cref="Text"/> keeps its ANSI escape codes.</summary>
public sealed record LogLine(DateTimeOffset Timestamp, string Replica, LogStream Stream, string Text);
