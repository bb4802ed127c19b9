using DropIt.Panel.Core.Applications;
using DropIt.Panel.Core.Common;
using Microsoft.EntityFrameworkCore;

namespace DropIt.Panel.Core.Projects;

/// <summary>
/// What every kind of service passes before it joins a project: the project exists, the name is valid (then the kind's
/// own settings), and no service of the project has that name.
/// </summary>
public static class NewService
{
    /// <summary>A new service of <paramref name="kind"/> in its (tracked) project, not added yet; or why not.</summary>
    public static async Task<Outcome<Service>> CheckAsync(IPanelDbContext db, Guid projectId, string? name, ServiceKind kind,
        string? settingsError, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var project = await db.Projects.FirstOrDefaultAsync(p => p.Id == projectId, cancellationToken);
        if (project is null)
        {
            return Outcome<Service>.NotFound("This project does not exist any more.");
        }

        var error = ApplicationValidation.CheckName(name) ?? settingsError;
        if (error is not null)
        {
            return Outcome<Service>.Invalid(error);
        }

        var trimmed = name!.Trim();
        if (await db.Services.AnyAsync(s => s.ProjectId == projectId && s.Name == trimmed, cancellationToken))
        {
            return Outcome<Service>.Conflict($"The project already has a service named \"{trimmed}\". Choose another name.");
        }

        return Outcome<Service>.Ok(new Service
        {
            Id = Guid.CreateVersion7(),
            ProjectId = projectId,
            Project = project,
            Name = trimmed,
            Kind = kind,
            Status = ServiceStatus.Created,
            CreatedAt = now,
            UpdatedAt = now,
        });
    }
}
