namespace DropIt.Panel.Core.StaticSites.Edge;

/// <summary>One line or block of an nginx configuration file; written by <see cref="NginxWriter"/>.</summary>
public abstract record NginxNode;

/// <summary>
/// A simple directive, <c>name arg1 arg2;</c>. Arguments are the values nginx reads, unquoted: the writer
/// quotes and escapes them. A <c>$</c> keeps its nginx meaning (a variable) wherever the directive takes variables.
/// </summary>
public sealed record NginxDirective(string Name, params string[] Args) : NginxNode;

/// <summary>A block directive, <c>name args { children }</c> (http, server, location, map, types, ...).</summary>
public sealed record NginxBlock(string Name, IReadOnlyList<string> Args, IReadOnlyList<NginxNode> Children) : NginxNode
{
    public NginxBlock(string name, IReadOnlyList<NginxNode> children)
        : this(name, [], children)
    {
    }
}

/// <summary>A comment line (<c># text</c>), for whoever reads the generated file.</summary>
public sealed record NginxComment(string Text) : NginxNode;
