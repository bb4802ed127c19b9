using DropIt.Panel.Core.Databases;
using DropIt.Panel.Core.Projects;
using DropIt.Panel.Data;
using Microsoft.EntityFrameworkCore;

namespace DropIt.Panel.Bench;

/// <summary>Writes projects and services straight into the panel's database, as if users had created them.</summary>
internal static class Seeder
{
    private static readonly ServiceStatus[] Statuses = [ServiceStatus.Running, ServiceStatus.Running, ServiceStatus.Stopped, ServiceStatus.Failed];

    public static async Task SeedAsync(string connectionString, int projects, int servicesPerProject)
    {
        var options = new DbContextOptionsBuilder<PanelDbContext>().UseNpgsql(connectionString).Options;
        await using var db = new PanelDbContext(options);
        var now = DateTimeOffset.UtcNow;
        for (var p = 0; p < projects; p++)
        {
            var name = $"bench-project-{p:D4}";
            var project = new Project
            {
                Id = Guid.CreateVersion7(),
                Name = name,
                NormalizedName = name.ToUpperInvariant(),
                Description = $"Benchmark project {p}: a front end, an API and their databases.",
                CreatedAt = now.AddMinutes(-p),
                UpdatedAt = now.AddMinutes(-p),
            };
            for (var s = 0; s < servicesPerProject; s++)
            {
                project.Services.Add(NewService(project.Id, s, now.AddMinutes(-p)));
            }

            db.Projects.Add(project);
        }

        await db.SaveChangesAsync();
    }

    private static Service NewService(Guid projectId, int index, DateTimeOffset at)
    {
        var kind = (ServiceKind)(index % 3);
        var service = new Service
        {
            Id = Guid.CreateVersion7(),
            ProjectId = projectId,
            Name = $"{kind.ToString().ToLowerInvariant()}-{index}",
            Kind = kind,
            Status = Statuses[index % Statuses.Length],
            CreatedAt = at,
            UpdatedAt = at,
        };
        switch (kind)
        {
            case ServiceKind.Application:
                service.Application = new ApplicationSettings { SourceType = SourceType.Image, Image = "nginx:1.27", Port = 80 };
                break;
            case ServiceKind.StaticSite:
                // No StaticSiteSettings: saving one (its Dictionary in a JSON column) throws a NullReferenceException
                // inside EF Core 10 at SaveChanges; the list page does not read settings anyway.
                break;
            default:
                service.Database = new DatabaseSettings { VolumeName = $"bench-{projectId:N}-{index}" };
                break;
        }

        return service;
    }
}
