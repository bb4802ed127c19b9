using DropIt.Panel.Core.Common;

namespace DropIt.Panel.Core.Identity;

/// <summary>
/// A person's sign-ins were ended (sign out everywhere, a new password, a new role, removal). <see cref="KeptSession"/> is
/// the one open page that stays: the page that changed its own password.
/// </summary>
public sealed record SignedOutEverywhere(Guid UserId, Guid? KeptSession = null);

/// <summary>
/// Tells the open pages of the panel that a person's sign-ins ended, so they close at once instead of at their next
/// revalidation. Subscriptions are disposables; handlers must not block.
/// </summary>
public sealed class SignOutNotifier
{
    private readonly Notifier<SignedOutEverywhere> subscribers = new();

    public IDisposable Subscribe(Action<SignedOutEverywhere> handler) => subscribers.Subscribe(handler);

    public void Publish(SignedOutEverywhere signedOut) => subscribers.Publish(signedOut);
}
