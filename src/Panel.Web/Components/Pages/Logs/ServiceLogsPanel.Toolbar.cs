using Microsoft.AspNetCore.Components.Web;
using Microsoft.JSInterop;

namespace DropIt.Panel.Web.Components.Pages.Logs;

/// <summary>What the toolbar of the logs does: follow, pause, search, time range, timestamps, scroll to the end.</summary>
public sealed partial class ServiceLogsPanel
{
    private async Task SetFollowAsync(bool value)
    {
        follow = value;
        paused = false;
        if (follow)
        {
            await ReloadAsync();
        }
        else
        {
            await FlushAsync();
            StopLive();
            await CallViewAsync("setPaused", false);
        }
    }

    private async Task TogglePauseAsync()
    {
        paused = !paused;
        await FlushAsync();
        await CallViewAsync("setPaused", paused);
    }

    private async Task SetTimestampsAsync(bool value)
    {
        timestamps = value;
        if (module is not null)
        {
            await module.InvokeVoidAsync("setTimestamps", panel, value);
        }
    }

    private async Task OnSearchKeyAsync(KeyboardEventArgs e)
    {
        if (e.Key == "Enter")
        {
            activeSearch = string.IsNullOrWhiteSpace(searchText) ? null : searchText.Trim();
            paused = false;
            await ReloadAsync();
        }
    }

    private async Task ClearSearchAsync()
    {
        searchText = "";
        if (activeSearch is not null)
        {
            activeSearch = null;
            await ReloadAsync();
        }
    }

    private async Task SetRegexAsync(bool value)
    {
        regex = value;
        if (activeSearch is not null)
        {
            await ReloadAsync();
        }
    }

    private async Task SetSinceAsync(string value)
    {
        since = value;
        await ReloadAsync();
    }

    private async Task ScrollToEndAsync()
    {
        if (module is not null)
        {
            await module.InvokeVoidAsync("scrollToEnd", panel);
        }
    }
}
