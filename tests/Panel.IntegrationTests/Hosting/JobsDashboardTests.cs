using System.Net;
using DropIt.Panel.TestSupport;

namespace DropIt.Panel.IntegrationTests.Hosting;

public sealed class JobsDashboardTests
{
    [Fact]
    public async Task HangfireDashboard_IsForSignedInAdminsOnly()
    {
        await using var panel = new PanelFactory();
        await panel.CreateAdminAsync();
        var ct = TestContext.Current.CancellationToken;

        var anonymous = await panel.CreateBrowserClient().GetAsync("/hangfire", ct);
        var signedIn = await (await Forms.SignedInClientAsync(panel)).GetAsync("/hangfire", ct);

        Assert.Equal(HttpStatusCode.Redirect, anonymous.StatusCode);
        Assert.Contains("/account/login", anonymous.Headers.Location!.ToString());
        Assert.Equal(HttpStatusCode.OK, signedIn.StatusCode);
        Assert.Contains("DropIt Panel jobs", await signedIn.Content.ReadAsStringAsync(ct));
    }
}
