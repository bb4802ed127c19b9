namespace DropIt.Panel.TestSupport;

/// <summary>A panel installed unattended: admin and first API token from Panel:Bootstrap:*.</summary>
public class BootstrappedPanel : PanelFactory
{
    public const string Token = "bootstrap-token-0123456789abcdefghijklmnopqrstuvwxyz";

    public BootstrappedPanel()
    {
        Settings["Panel:Bootstrap:AdminEmail"] = AdminEmail;
        Settings["Panel:Bootstrap:AdminPassword"] = AdminPassword;
        Settings["Panel:Bootstrap:ApiToken"] = Token;
    }

    public HttpClient Api() => CreateApiClient(Token);
}
