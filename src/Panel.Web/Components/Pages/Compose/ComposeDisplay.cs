using DropIt.Panel.Core.Compose;
using MudBlazor;

namespace DropIt.Panel.Web.Components.Pages.Compose;

/// <summary>How the pages name and colour a compose service's state.</summary>
public static class ComposeDisplay
{
    public static string Text(ComposeServiceHealth health) => health switch
    {
        ComposeServiceHealth.NotDeployed => "not deployed",
        ComposeServiceHealth.Running => "running",
        ComposeServiceHealth.Starting => "starting",
        ComposeServiceHealth.Updating => "updating",
        ComposeServiceHealth.Failing => "failing",
        _ => "stopped",
    };

    public static Color Color(ComposeServiceHealth health) => health switch
    {
        ComposeServiceHealth.Running => MudBlazor.Color.Success,
        ComposeServiceHealth.Failing => MudBlazor.Color.Error,
        ComposeServiceHealth.Starting or ComposeServiceHealth.Updating => MudBlazor.Color.Info,
        _ => MudBlazor.Color.Default,
    };
}
