using DropIt.Panel.Core.Databases;
using DropIt.Panel.Core.Projects;
using DropIt.Panel.Data;
using DropIt.Panel.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace DropIt.Panel.IntegrationTests.Projects;

/// <summary>The schema the next capabilities build on: each kind of service keeps its settings.</summary>
public sealed class ServiceModelTests : PanelTest<PanelFactory>
{
    [Fact]
    public async Task Services_OfEachKind_KeepTheirSettingsThroughTheDatabase()
    {
        var projectId = Guid.CreateVersion7();
        await Panel.WithScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<PanelDbContext>();
            var project = new Project { Id = projectId, Name = "dropit-app", NormalizedName = "DROPIT-APP" };
            project.Services.Add(new Service
            {
                Name = "api", Kind = ServiceKind.Application,
                Application = new ApplicationSettings { SourceType = SourceType.Git, GitUrl = "https://git.example.com/app.git", Port = 3000, HealthCheckPath = "/api/health" },
            });
            project.Services.Add(new Service
            {
                Name = "web", Kind = ServiceKind.StaticSite,
                StaticSite = new StaticSiteSettings { SpaMode = true, ResponseHeaders = [new() { Name = "Content-Security-Policy", Value = "default-src 'self'" }] },
            });
            project.Services.Add(new Service
            {
                Name = "db", Kind = ServiceKind.Database, Database = new DatabaseSettings
                {
                    Engine = DatabaseEngine.Postgres, Version = "16", InitScripts = [new() { Name = "init.sql", Content = "SELECT 1;" }],
                    ServerSettings = [new() { Name = "max_connections", Value = "200" }],
                },
            });
            db.Projects.Add(project);
            return await db.SaveChangesAsync();
        });

        var services = await Panel.WithScopeAsync(sp => sp.GetRequiredService<PanelDbContext>().Services.AsNoTracking()
            .Where(s => s.ProjectId == projectId).OrderBy(s => s.Name).ToListAsync());

        Assert.Equal(["api", "db", "web"], services.Select(s => s.Name));
        Assert.Equal((SourceType.Git, 3000, "/api/health"), (services[0].Application!.SourceType, services[0].Application!.Port, services[0].Application!.HealthCheckPath));
        Assert.Equal((DatabaseEngine.Postgres, "16"), (services[1].Database!.Engine, services[1].Database!.Version));
        Assert.Equal("SELECT 1;", Assert.Single(services[1].Database!.InitScripts).Content);
        Assert.Equal("200", Assert.Single(services[1].Database!.ServerSettings).Value);
        var header = Assert.Single(services[2].StaticSite!.ResponseHeaders);
        Assert.Equal(("Content-Security-Policy", "default-src 'self'"), (header.Name, header.Value));
        Assert.Null(services[2].Application);
    }
}
