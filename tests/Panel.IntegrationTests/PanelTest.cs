using DropIt.Panel.TestSupport;

namespace DropIt.Panel.IntegrationTests;

/// <summary>A test class with a panel of its own (own database, own data folder), started before its tests.</summary>
public abstract class PanelTest<TPanel> : IAsyncLifetime
    where TPanel : PanelFactory, new()
{
    protected TPanel Panel { get; } = new();

    protected static CancellationToken Ct => TestContext.Current.CancellationToken;

    public virtual ValueTask InitializeAsync()
    {
        _ = Panel.Server;
        return ValueTask.CompletedTask;
    }

    public virtual async ValueTask DisposeAsync()
    {
        await Panel.DisposeAsync();
        GC.SuppressFinalize(this);
    }
}
