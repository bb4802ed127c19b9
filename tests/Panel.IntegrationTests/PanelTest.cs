using DropIt.Panel.TestSupport;

namespace DropIt.Panel.IntegrationTests;

/// <summary>
/// A test with a panel of its own (own database, own data folder), started before the test and stopped after it.
/// A class whose tests only read, or use rows they made themselves, derives from <see cref="SharedPanelTest{TPanel}"/>
/// instead: its tests share one panel.
/// </summary>
public abstract class PanelTest<TPanel> : IAsyncLifetime
    where TPanel : PanelFactory, new()
{
    private readonly bool ownsPanel;

    /// <summary>A panel of this test's own.</summary>
    protected PanelTest()
    {
        Panel = new TPanel();
        ownsPanel = true;
    }

    /// <summary>The class's shared panel: started once, stopped by xunit after the class's last test.</summary>
    protected PanelTest(TPanel sharedPanel)
    {
        Panel = sharedPanel;
    }

    protected TPanel Panel { get; }

    protected static CancellationToken Ct => TestContext.Current.CancellationToken;

    public virtual ValueTask InitializeAsync()
    {
        _ = Panel.Server;
        return ValueTask.CompletedTask;
    }

    public virtual async ValueTask DisposeAsync()
    {
        if (ownsPanel)
        {
            await Panel.DisposeAsync();
        }

        GC.SuppressFinalize(this);
    }
}

/// <summary>
/// A test class whose tests share one panel (a class fixture): for tests that only read, or only use rows they made
/// themselves, never the panel's totals. A test that needs a fresh panel stays in a <see cref="PanelTest{TPanel}"/> class.
/// </summary>
public abstract class SharedPanelTest<TPanel>(TPanel panel) : PanelTest<TPanel>(panel), IClassFixture<TPanel>
    where TPanel : PanelFactory, new();
