namespace DropIt.Panel.Core.StaticSites;

/// <summary>The static edge could not take a new configuration; the one in place keeps serving.</summary>
public sealed class StaticEdgeException(string message, Exception? inner = null) : Exception(message, inner);
