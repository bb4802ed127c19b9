namespace DropIt.Panel.Core.Routing.Traefik;

/// <summary>A generated configuration file: its name in its folder and its full text.</summary>
public sealed record GeneratedFile(string FileName, string Content);
