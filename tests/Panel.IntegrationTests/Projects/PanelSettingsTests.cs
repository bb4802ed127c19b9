using DropIt.Panel.Core.Audit;
using DropIt.Panel.Core.Common;
using DropIt.Panel.Core.Settings;
using DropIt.Panel.Data;
using DropIt.Panel.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace DropIt.Panel.IntegrationTests.Projects;

public sealed class PanelSettingsTests : PanelTest<PanelFactory>
{

    [Fact]
    public async Task Settings_ValidDomainAndEmail_AreSavedAsPunycodeAndAudited()
    {
        var outcome = await UpdateAsync("Panel.Bücher.Example", "ops@example.com");

        Assert.True(outcome.Succeeded, outcome.Error);
        var saved = await Panel.WithScopeAsync(sp => sp.GetRequiredService<PanelSettingsService>().GetAsync(default));
        Assert.Equal(("panel.xn--bcher-kva.example", "ops@example.com"), (saved.PanelDomain, saved.AcmeContactEmail));
        var audit = await Panel.WithScopeAsync(sp => sp.GetRequiredService<PanelDbContext>().AuditEvents
            .SingleAsync(e => e.Action == AuditActions.SettingsUpdated));
        Assert.Contains("panel.xn--bcher-kva.example", audit.Details);
    }

    [Theory]
    [InlineData("https://panel.example.com", "ops@example.com", "leave out the scheme")]
    [InlineData("panel", "ops@example.com", "at least two labels")]
    [InlineData("panel.example.com", "not-an-email", "is not an email address")]
    public async Task Settings_BadValue_IsRefusedWithTheReasonAndSavesNothing(string domain, string email, string reason)
    {
        await UpdateAsync("kept.example.com", "kept@example.com");

        var outcome = await UpdateAsync(domain, email);

        Assert.False(outcome.Succeeded);
        Assert.Contains(reason, outcome.Error);
        var saved = await Panel.WithScopeAsync(sp => sp.GetRequiredService<PanelSettingsService>().GetAsync(default));
        Assert.Equal(("kept.example.com", "kept@example.com"), (saved.PanelDomain, saved.AcmeContactEmail));
    }

    private Task<Outcome<PanelSettings>> UpdateAsync(string domain, string email) =>
        Panel.WithScopeAsync(sp => sp.GetRequiredService<PanelSettingsService>()
            .UpdateAsync(domain, email, new Actor(null, "admin@dropit.test", null), CancellationToken.None));
}
