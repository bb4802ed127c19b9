namespace DropIt.Panel.Core.StaticSites.Edge;

/// <summary>A site or setting cannot be put into the static edge's nginx.conf; nothing was generated.</summary>
public sealed class StaticEdgeConfigException(string field, string message) : Exception($"{field}: {message}")
{
    /// <summary>What was refused, such as <c>Sites[2f1c...].Domains[0]</c> or <c>Settings.Listen</c>.</summary>
    public string Field { get; } = field;
}
