using DropIt.Panel.Core.Common;
using DropIt.Panel.Core.Projects;
using DropIt.Panel.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace DropIt.Panel.IntegrationTests.Projects;

public sealed class ProjectListTests : PanelTest<PanelFactory>
{
    [Fact]
    public async Task ProjectList_ManyProjects_PrerendersOnePageAndCountsThemAll()
    {
        var actor = new Actor(null, "admin@dropit.test", null);
        for (var i = 0; i < 30; i++)
        {
            var name = $"project-{i:D2}";
            await Panel.WithScopeAsync(sp => sp.GetRequiredService<ProjectService>().CreateAsync(name, null, actor, CancellationToken.None));
        }

        await Panel.CreateAdminAsync();
        var html = await (await Forms.SignedInClientAsync(Panel)).GetStringAsync("/projects", Ct);
        var second = await Panel.WithScopeAsync(sp => sp.GetRequiredService<ProjectService>().PageAsync("PROJECT-2", 0, 25, CancellationToken.None));

        Assert.Contains("project-00", html);
        Assert.Contains("project-24", html);
        Assert.DoesNotContain("project-25", html);
        Assert.Contains("30 projects", html);
        Assert.Equal(10, second.Total);
        Assert.Equal("project-20", second.Rows[0].Name);
    }
}
