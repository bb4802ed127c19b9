namespace DropIt.Panel.Core.Projects;

public static class ProjectValidation
{
    /// <summary>Returns why a project name is refused, or null when it is fine.</summary>
    public static string? CheckName(string? name)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            return "A project needs a name.";
        }

        var trimmed = name.Trim();
        if (trimmed.Length > Project.NameMaxLength)
        {
            return $"A project name has at most {Project.NameMaxLength} characters; this one has {trimmed.Length}.";
        }

        return trimmed.Any(char.IsControl) ? "A project name cannot contain control characters." : null;
    }

    public static string? CheckDescription(string? description) =>
        description?.Trim() is { Length: > Project.DescriptionMaxLength } trimmed
            ? $"A description has at most {Project.DescriptionMaxLength} characters; this one has {trimmed.Length}."
            : null;
}
