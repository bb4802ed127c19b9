namespace DropIt.Panel.Core.Projects;

public sealed record ProjectSummary(Guid Id, string Name, string? Description, int ServiceCount, DateTimeOffset UpdatedAt);

public sealed record ServiceSummary(Guid Id, string Name, ServiceKind Kind, ServiceStatus Status, DateTimeOffset UpdatedAt);

/// <summary>One page of the project list and how many projects match in all.</summary>
public sealed record ProjectListPage(List<ProjectSummary> Rows, int Total);
