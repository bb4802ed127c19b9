using System.Buffers.Text;
using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;

namespace DropIt.Panel.Web.Auth;

/// <summary>
/// One-time tickets that let an open page renew its own browser's sign-in after the person changed their security stamp
/// themselves (two-factor on or off, a new password): the old cookie stops working at once, so the page sends the browser
/// to <c>/account/refresh</c> with a ticket, valid for one minute and one use, that only this page got. Only the tickets'
/// SHA-256 is kept, in memory.
/// </summary>
public sealed class SignInRefresh(TimeProvider clock)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(1);

    private readonly ConcurrentDictionary<string, (Guid UserId, DateTimeOffset ExpiresAt)> tickets = new(StringComparer.Ordinal);

    public string Issue(Guid userId)
    {
        var now = clock.GetUtcNow();
        foreach (var (key, ticket) in tickets)
        {
            if (ticket.ExpiresAt <= now)
            {
                tickets.TryRemove(key, out _);
            }
        }

        var secret = Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));
        tickets[Key(secret)] = (userId, now + Lifetime);
        return secret;
    }

    /// <summary>The person a ticket was issued to, once; null for an unknown, used or expired one.</summary>
    public Guid? Redeem(string? secret) =>
        !string.IsNullOrEmpty(secret) && secret.Length <= 64 && tickets.TryRemove(Key(secret), out var ticket)
        && ticket.ExpiresAt > clock.GetUtcNow()
            ? ticket.UserId
            : null;

    /// <summary>The address an open page navigates to (with a full load) to renew its sign-in.</summary>
    public string Url(Guid userId, string returnUrl) =>
        $"account/refresh?ticket={Issue(userId)}&returnUrl={Uri.EscapeDataString(returnUrl)}";

    private static string Key(string secret) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));
}
