using System.Globalization;
using System.Text;

namespace DropIt.Panel.Core.Logs;

/// <summary>Docker's log timestamps (RFC 3339 with up to nine fraction digits, <c>2026-11-25T10:00:00.123456789Z</c>), and the form Docker takes them in.</summary>
public static class LogTimestamps
{
    public static bool TryParse(ReadOnlySpan<byte> text, out DateTimeOffset timestamp)
    {
        timestamp = default;
        // The usual form, UTC with a 'Z', read by position; anything else goes through the general parser.
        if (text.Length >= 20 && text[^1] == (byte)'Z' && text[4] == '-' && text[7] == '-' && text[10] == 'T'
            && text[13] == ':' && text[16] == ':'
            && Digits(text, 0, 4, out var year) && Digits(text, 5, 2, out var month) && Digits(text, 8, 2, out var day)
            && Digits(text, 11, 2, out var hour) && Digits(text, 14, 2, out var minute) && Digits(text, 17, 2, out var second)
            && month is >= 1 and <= 12 && day >= 1 && day <= DateTime.DaysInMonth(Math.Max(year, 1), month)
            && hour < 24 && minute < 60 && second < 60 && year >= 1)
        {
            long ticks = 0;
            if (text.Length > 20)
            {
                if (text[19] != '.' || !Fraction(text[20..^1], out ticks))
                {
                    return false;
                }
            }
            else if (text[19] != 'Z')
            {
                return false;
            }

            timestamp = new DateTimeOffset(year, month, day, hour, minute, second, TimeSpan.Zero).AddTicks(ticks);
            return true;
        }

        Span<char> chars = stackalloc char[64];
        if (text.Length > chars.Length || text.Length < 10)
        {
            return false;
        }

        var count = Encoding.Latin1.GetChars(text, chars);
        return DateTimeOffset.TryParse(chars[..count], CultureInfo.InvariantCulture,
            DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out timestamp);
    }

    /// <summary>Seconds since the Unix epoch with nanoseconds, as Docker's <c>since</c> and <c>until</c> take them.</summary>
    public static string ToDocker(DateTimeOffset time)
    {
        var ticks = time.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks;
        var seconds = Math.DivRem(ticks, TimeSpan.TicksPerSecond, out var rest);
        if (rest < 0)
        {
            (seconds, rest) = (seconds - 1, rest + TimeSpan.TicksPerSecond);
        }

        return string.Create(CultureInfo.InvariantCulture, $"{seconds}.{rest * 100:D9}");
    }

    /// <summary>The form the panel writes timestamps in: UTC, seven fraction digits.</summary>
    public static string Format(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture);

    private static bool Digits(ReadOnlySpan<byte> text, int start, int length, out int value)
    {
        value = 0;
        foreach (var b in text.Slice(start, length))
        {
            if (b is < (byte)'0' or > (byte)'9')
            {
                return false;
            }

            value = value * 10 + (b - '0');
        }

        return true;
    }

    private static bool Fraction(ReadOnlySpan<byte> digits, out long ticks)
    {
        ticks = 0;
        if (digits.IsEmpty || digits.Length > 9)
        {
            return false;
        }

        for (var i = 0; i < 7; i++)
        {
            var digit = 0;
            if (i < digits.Length)
            {
                if (digits[i] is < (byte)'0' or > (byte)'9')
                {
                    return false;
                }

                digit = digits[i] - '0';
            }

            ticks = ticks * 10 + digit;
        }

        return digits.Length <= 7 || digits[7..].IndexOfAnyExceptInRange((byte)'0', (byte)'9') < 0;
    }
}
