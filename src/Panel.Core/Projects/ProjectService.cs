using DropIt.Panel.Core.Audit;
using DropIt.Panel.Core.Common;
using DropIt.Panel.Core.Docker;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace DropIt.Panel.Core.Projects;

/// <summary>Creates, lists, changes and deletes projects; every change is audited in the same save.</summary>
public sealed partial class ProjectService(
    IPanelDbContext db, AuditTrail audit, TimeProvider clock, INetworkOperations networks, ILogger<ProjectService> logger)
{
    public Task<List<ProjectSummary>> ListAsync(string? search, CancellationToken cancellationToken) =>
        Summaries(Matching(search)).ToListAsync(cancellationToken);

    public async Task<ProjectListPage> PageAsync(string? search, int skip, int take, CancellationToken cancellationToken)
    {
        var matching = Matching(search);
        var total = await matching.CountAsync(cancellationToken);
        var rows = await Summaries(matching).Skip(skip).Take(take).ToListAsync(cancellationToken);
        return new ProjectListPage(rows, total);
    }

    private IQueryable<Project> Matching(string? search)
    {
        var query = db.Projects.AsNoTracking();
        if (string.IsNullOrWhiteSpace(search))
        {
            return query;
        }

        var term = LikePattern.Contains(search);
        return query.Where(p => EF.Functions.Like(p.NormalizedName, term, LikePattern.Escape));
    }

    private static IQueryable<ProjectSummary> Summaries(IQueryable<Project> projects) =>
        projects.OrderBy(p => p.NormalizedName)
            .Select(p => new ProjectSummary(p.Id, p.Name, p.Description, p.Services.Count, p.UpdatedAt));

    /// <summary>One project with its service count, in one query; null when there is none.</summary>
    public Task<ProjectSummary?> FindSummaryAsync(Guid id, CancellationToken cancellationToken) =>
        Summaries(db.Projects.AsNoTracking().Where(p => p.Id == id)).FirstOrDefaultAsync(cancellationToken);

    public Task<Project?> FindAsync(Guid id, CancellationToken cancellationToken) =>
        db.Projects.AsNoTracking().FirstOrDefaultAsync(p => p.Id == id, cancellationToken);

    public Task<List<ServiceSummary>> ListServicesAsync(Guid projectId, CancellationToken cancellationToken) =>
        db.Services.AsNoTracking()
            .Where(s => s.ProjectId == projectId)
            .OrderBy(s => s.Name)
            .Select(s => new ServiceSummary(s.Id, s.Name, s.Kind, s.Status, s.UpdatedAt))
            .ToListAsync(cancellationToken);

    public async Task<Outcome<Project>> CreateAsync(string? name, string? description, Actor actor,
        CancellationToken cancellationToken)
    {
        var error = ProjectValidation.CheckName(name) ?? ProjectValidation.CheckDescription(description);
        if (error is not null)
        {
            return Outcome<Project>.Invalid(error);
        }

        var trimmed = name!.Trim();
        if (await NameTakenAsync(trimmed, null, cancellationToken))
        {
            return Outcome<Project>.Conflict($"A project named \"{trimmed}\" already exists. Choose another name.");
        }

        var now = clock.GetUtcNow();
        var project = new Project
        {
            Id = Guid.CreateVersion7(),
            Name = trimmed,
            NormalizedName = Normalize(trimmed),
            Description = NullIfBlank(description),
            CreatedAt = now,
            UpdatedAt = now,
        };
        db.Projects.Add(project);
        audit.Add(actor, AuditActions.ProjectCreated, trimmed);
        return await SaveAsync(project, trimmed, cancellationToken);
    }

    public async Task<Outcome<Project>> UpdateAsync(Guid id, string? name, string? description, Actor actor,
        CancellationToken cancellationToken)
    {
        var project = await db.Projects.FirstOrDefaultAsync(p => p.Id == id, cancellationToken);
        if (project is null)
        {
            return Outcome<Project>.NotFound("This project does not exist any more.");
        }

        var newName = name is null ? project.Name : name.Trim();
        var error = (name is null ? null : ProjectValidation.CheckName(name)) ?? ProjectValidation.CheckDescription(description);
        if (error is not null)
        {
            return Outcome<Project>.Invalid(error);
        }

        if (await NameTakenAsync(newName, id, cancellationToken))
        {
            return Outcome<Project>.Conflict($"A project named \"{newName}\" already exists. Choose another name.");
        }

        var changes = new List<string>();
        if (newName != project.Name)
        {
            changes.Add($"renamed from \"{project.Name}\"");
            project.Name = newName;
            project.NormalizedName = Normalize(newName);
        }

        if (description is not null && NullIfBlank(description) != project.Description)
        {
            changes.Add("description changed");
            project.Description = NullIfBlank(description);
        }

        if (changes.Count == 0)
        {
            return Outcome<Project>.Ok(project);
        }

        project.UpdatedAt = clock.GetUtcNow();
        audit.Add(actor, AuditActions.ProjectUpdated, project.Name, string.Join("; ", changes));
        return await SaveAsync(project, newName, cancellationToken);
    }

    public async Task<Outcome<Project>> DeleteAsync(Guid id, Actor actor, CancellationToken cancellationToken)
    {
        var project = await db.Projects.FirstOrDefaultAsync(p => p.Id == id, cancellationToken);
        if (project is null)
        {
            return Outcome<Project>.NotFound("This project does not exist any more.");
        }

        var services = await db.Services.CountAsync(s => s.ProjectId == id, cancellationToken);
        if (services > 0)
        {
            return Outcome<Project>.Conflict(
                $"Project \"{project.Name}\" still has {services} service(s). Delete its services first.");
        }

        db.Projects.Remove(project);
        audit.Add(actor, AuditActions.ProjectDeleted, project.Name);
        await db.SaveChangesAsync(cancellationToken);
        await RemoveNetworkAsync(project);
        return Outcome<Project>.Ok(project);
    }

    /// <summary>The project's network goes with it (decision 030). Best effort: a network left behind harms nothing.</summary>
    private async Task RemoveNetworkAsync(Project project)
    {
        try
        {
            var removal = await networks.RemoveProjectNetworkAsync(project.Id, CancellationToken.None);
            if (removal.State == NetworkRemovalState.Removed)
            {
                LogNetworkRemoved(removal.Name, project.Name);
            }
            else if (removal.State == NetworkRemovalState.InUse)
            {
                LogNetworkKept(removal.Name, project.Name, removal.Reason!);
            }
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            LogNetworkFailed(e, project.Name);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "The network {Network} of the deleted project {Project} was removed")]
    private partial void LogNetworkRemoved(string network, string project);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The network {Network} of the deleted project {Project} stays: {Reason}. Remove it with docker network rm once they are gone")]
    private partial void LogNetworkKept(string network, string project, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The network of the deleted project {Project} could not be removed; remove it with docker network rm")]
    private partial void LogNetworkFailed(Exception exception, string project);

    private async Task<Outcome<Project>> SaveAsync(Project project, string name, CancellationToken cancellationToken)
    {
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return Outcome<Project>.Ok(project);
        }
        catch (DbUpdateException)
        {
            db.ChangeTracker.Clear();
            // Another request took the name between the check and the save (unique index).
            return Outcome<Project>.Conflict($"A project named \"{name}\" already exists. Choose another name.");
        }
    }

    private Task<bool> NameTakenAsync(string name, Guid? except, CancellationToken cancellationToken)
    {
        var normalized = Normalize(name);
        return db.Projects.AnyAsync(p => p.NormalizedName == normalized && p.Id != except, cancellationToken);
    }

    private static string Normalize(string name) => name.ToUpperInvariant();

    private static string? NullIfBlank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
