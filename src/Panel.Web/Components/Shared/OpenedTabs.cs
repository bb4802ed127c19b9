namespace DropIt.Panel.Web.Components.Shared;

/// <summary>
/// The tabs of a page opened so far. A panel's content is rendered from its first opening on (with
/// <c>KeepPanelsAlive</c> it then stays, so a form or a log view keeps its state across tab switches), so a page
/// does not load, subscribe to and render every tab behind the one shown.
/// </summary>
public sealed class OpenedTabs
{
    private readonly HashSet<int> opened = [0];

    /// <summary>The tab shown.</summary>
    public int Active { get; private set; }

    /// <summary>Whether the tab at <paramref name="index"/> was opened (the first one is, from the start).</summary>
    public bool WasOpened(int index) => opened.Contains(index);

    /// <summary>Shows the tab at <paramref name="index"/> (bind it to <c>ActivePanelIndexChanged</c>).</summary>
    public void Open(int index)
    {
        Active = index;
        opened.Add(index);
    }
}
