using Microsoft.AspNetCore.Components.Web;

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
        await CallViewAsync("setTimestamps", value);
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

    private Task ScrollToEndAsync() => CallViewAsync("scrollToEnd");
}
