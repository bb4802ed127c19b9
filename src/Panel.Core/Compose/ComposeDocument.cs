namespace DropIt.Panel.Core.Compose;

/// <summary>
/// A compose file read and checked: what it will create (<see cref="Plan"/>), and the stack file Docker deploys
/// (<see cref="WriteStackFile"/>). Unsupported keys are refused with their reason, never dropped silently.
/// </summary>
public sealed class ComposeDocument
{
    private ComposeDocument(ComposePlan plan) => Plan = plan;

    public ComposePlan Plan { get; }

    public static ComposeCheck Read(string yaml, ComposeReadOptions options) => throw new NotImplementedException();

    /// <summary>A compose file (version 3.9, as <c>docker stack deploy</c> reads it) with the panel's additions; <c>${VAR}</c> left as written.</summary>
    public string WriteStackFile(StackFileOptions options) => throw new NotImplementedException();
}
