namespace DropIt.Panel.TestSupport;

/// <summary>A bootstrapped panel whose alerts group over 3 s, retry after 1, 2 and 3 s and check every second, so tests see whole periods.</summary>
public class AlertsPanel : BootstrappedPanel
{
    public static readonly TimeSpan GroupingPeriod = TimeSpan.FromSeconds(3);

    public AlertsPanel()
    {
        Settings["Alerts:GroupingPeriod"] = "00:00:03";
        Settings["Alerts:RetryDelays:0"] = "00:00:01";
        Settings["Alerts:RetryDelays:1"] = "00:00:02";
        Settings["Alerts:RetryDelays:2"] = "00:00:03";
        Settings["Alerts:PanelUrl"] = "https://panel.dropit.test";
        Settings["Alerts:CheckSeconds"] = "1";
    }
}
