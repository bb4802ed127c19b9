namespace DropIt.Panel.Core.Projects;

public sealed class Project
{
    public const int NameMaxLength = 64;
    public const int DescriptionMaxLength = 500;

    public Guid Id { get; set; }
    public required string Name { get; set; }

    /// <summary>Upper-case copy of <see cref="Name"/>; unique, so names differ by more than case.</summary>
    public required string NormalizedName { get; set; }

    public string? Description { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    public List<Service> Services { get; } = [];
}
