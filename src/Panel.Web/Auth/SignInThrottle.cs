using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace DropIt.Panel.Web.Auth;

/// <summary>
/// Slows down sign-in attempts per client address instead of locking the account for everyone: after
/// <see cref="FreeAttempts"/> unsuccessful attempts from one address within <see cref="Window"/>, each next attempt
/// must wait 2, 4, 8 ... seconds (at most <see cref="MaxDelay"/>) after the previous one, or is refused without
/// checking anything. Every attempt counts when it begins (a burst of parallel requests gains nothing); a complete
/// sign-in clears the address. IPv6 addresses count per /64 network.
/// </summary>
public sealed partial class SignInThrottle(TimeProvider clock, ILogger<SignInThrottle> logger)
{
    public const int FreeAttempts = 5;
    public static readonly TimeSpan Window = TimeSpan.FromMinutes(15);
    public static readonly TimeSpan MaxDelay = TimeSpan.FromSeconds(60);

    // Past this many addresses, expired ones are swept (at most once a minute).
    private const int SweepAbove = 10_000;
    private const int KeptAttempts = 32;

    private readonly ConcurrentDictionary<string, Attempts> byAddress = new(StringComparer.Ordinal);
    private long lastSweepTicks;

    /// <summary>
    /// Counts an attempt from <paramref name="address"/> and returns true, or returns false with how long the
    /// address must still wait (the attempt is then not made, and not counted).
    /// </summary>
    public bool TryBegin(IPAddress? address, out TimeSpan retryAfter)
    {
        var now = clock.GetUtcNow();
        var key = Key(address);
        var attempts = byAddress.GetOrAdd(key, _ => new Attempts());
        lock (attempts)
        {
            attempts.DropBefore(now - Window);
            retryAfter = attempts.Count >= FreeAttempts ? attempts.Last + Delay(attempts.Count) - now : TimeSpan.Zero;
            if (retryAfter > TimeSpan.Zero)
            {
                return false;
            }

            attempts.Add(now);
            if (attempts.Count == FreeAttempts)
            {
                LogThrottled(key, FreeAttempts, (int)Window.TotalMinutes);
            }
        }

        SweepIfLarge(now);
        retryAfter = TimeSpan.Zero;
        return true;
    }

    /// <summary>The user is signed in: the address starts afresh.</summary>
    public void Succeeded(IPAddress? address) => byAddress.TryRemove(Key(address), out _);

    /// <summary>The wait after <paramref name="count"/> attempts: 2 s after the fifth, doubling, capped.</summary>
    public static TimeSpan Delay(int count) =>
        count < FreeAttempts ? TimeSpan.Zero
            : TimeSpan.FromSeconds(Math.Min(Math.Pow(2, count - FreeAttempts + 1), MaxDelay.TotalSeconds));

    private static string Key(IPAddress? address)
    {
        if (address is null)
        {
            return "unknown";
        }

        if (address.IsIPv4MappedToIPv6)
        {
            return address.MapToIPv4().ToString();
        }

        if (address.AddressFamily != AddressFamily.InterNetworkV6)
        {
            return address.ToString();
        }

        var bytes = address.GetAddressBytes();
        Array.Clear(bytes, 8, 8);
        return new IPAddress(bytes) + "/64";
    }

    private void SweepIfLarge(DateTimeOffset now)
    {
        var last = Interlocked.Read(ref lastSweepTicks);
        if (byAddress.Count <= SweepAbove || now.UtcTicks - last < TimeSpan.TicksPerMinute
            || Interlocked.CompareExchange(ref lastSweepTicks, now.UtcTicks, last) != last)
        {
            return;
        }

        foreach (var (key, attempts) in byAddress)
        {
            lock (attempts)
            {
                if (attempts.Count == 0 || attempts.Last < now - Window)
                {
                    byAddress.TryRemove(key, out _);
                }
            }
        }
    }

    [LoggerMessage(LogLevel.Warning,
        "Sign-in attempts from {Address} are slowed down: {Count} without success within {Minutes} minutes")]
    private partial void LogThrottled(string address, int count, int minutes);

    /// <summary>The recent attempts of one address, oldest first (guarded by locking the instance).</summary>
    private sealed class Attempts
    {
        private readonly Queue<DateTimeOffset> times = new();

        public int Count => times.Count;

        public DateTimeOffset Last { get; private set; }

        public void Add(DateTimeOffset time)
        {
            if (times.Count == KeptAttempts)
            {
                times.Dequeue();
            }

            times.Enqueue(time);
            Last = time;
        }

        public void DropBefore(DateTimeOffset cutoff)
        {
            while (times.Count > 0 && times.Peek() < cutoff)
            {
                times.Dequeue();
            }
        }
    }
}
