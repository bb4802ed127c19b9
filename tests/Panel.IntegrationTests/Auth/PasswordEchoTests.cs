using System.Net;
using DropIt.Panel.TestSupport;

namespace DropIt.Panel.IntegrationTests.Auth;

/// <summary>A form shown again after a refusal keeps what was typed, except passwords: they never come back in the HTML.</summary>
public sealed class PasswordEchoTests : PanelTest<PanelFactory>
{
    private const string TypedPassword = "Typed-But-Wrong-Password-77";

    [Fact]
    public async Task RefusedSetupThenFailedSignIn_FormsShownAgain_HaveNoTypedPasswordInTheirHtml()
    {
        var client = Panel.CreateBrowserClient();

        var setup = await Forms.SetupAsync(client, PanelFactory.AdminEmail, TypedPassword, setupToken: "not-the-setup-token");
        var setupHtml = await setup.Content.ReadAsStringAsync(Ct);
        Assert.Equal(HttpStatusCode.Forbidden, setup.StatusCode);
        Assert.Contains("setup-error", setupHtml);
        Assert.Contains(PanelFactory.AdminEmail, setupHtml);
        Assert.DoesNotContain(TypedPassword, setupHtml);

        await Panel.CreateAdminAsync();
        var signIn = await Forms.SignInAsync(client, PanelFactory.AdminEmail, TypedPassword);
        var signInHtml = await signIn.Content.ReadAsStringAsync(Ct);

        Assert.Equal(HttpStatusCode.OK, signIn.StatusCode);
        Assert.Contains("Wrong email or password.", signInHtml);
        Assert.Contains($"value=\"{PanelFactory.AdminEmail}\"", signInHtml);
        Assert.DoesNotContain(TypedPassword, signInHtml);
        Assert.Contains("name=\"Input.Password\"", signInHtml);
    }
}
