namespace DropIt.Panel.Core.Logs;

/// <summary>The parameters of one SGR sequence (<c>ESC [ 1;31 m</c>) applied to a style.</summary>
internal static class Sgr
{
    public static AnsiSpan Apply(AnsiSpan state, ReadOnlySpan<char> parameters)
    {
        Span<int> codes = stackalloc int[16];
        var count = 0;
        var value = 0;
        for (var i = 0; i <= parameters.Length && count < codes.Length; i++)
        {
            if (i == parameters.Length || parameters[i] is ';' or ':')
            {
                codes[count++] = value;
                value = 0;
            }
            else if (char.IsAsciiDigit(parameters[i]))
            {
                value = Math.Min(value * 10 + (parameters[i] - '0'), 9999);
            }
        }

        for (var i = 0; i < count; i++)
        {
            var code = codes[i];
            state = code switch
            {
                0 => state with { Foreground = -1, Background = -1, Style = AnsiStyle.None },
                1 => state with { Style = state.Style | AnsiStyle.Bold },
                2 => state with { Style = state.Style | AnsiStyle.Dim },
                3 => state with { Style = state.Style | AnsiStyle.Italic },
                4 => state with { Style = state.Style | AnsiStyle.Underline },
                22 => state with { Style = state.Style & ~(AnsiStyle.Bold | AnsiStyle.Dim) },
                23 => state with { Style = state.Style & ~AnsiStyle.Italic },
                24 => state with { Style = state.Style & ~AnsiStyle.Underline },
                >= 30 and <= 37 => state with { Foreground = code - 30 },
                39 => state with { Foreground = -1 },
                >= 40 and <= 47 => state with { Background = code - 40 },
                49 => state with { Background = -1 },
                >= 90 and <= 97 => state with { Foreground = code - 90 + 8 },
                >= 100 and <= 107 => state with { Background = code - 100 + 8 },
                _ => state,
            };
            if (code is 38 or 48 && ExtendedColour(codes[..count], ref i) is var colour and >= 0)
            {
                state = code == 38 ? state with { Foreground = colour } : state with { Background = colour };
            }
        }

        return state;
    }

    // 38;5;n (256 colours) or 38;2;r;g;b (RGB), brought to the nearest of the 16; moves past its parameters.
    private static int ExtendedColour(ReadOnlySpan<int> codes, ref int i)
    {
        if (i + 2 < codes.Length && codes[i + 1] == 5)
        {
            var n = codes[i + 2];
            i += 2;
            return n switch
            {
                < 16 => n,
                < 232 => Nearest((n - 16) / 36 * 51, (n - 16) / 6 % 6 * 51, (n - 16) % 6 * 51),
                < 256 => Nearest((n - 232) * 10 + 8, (n - 232) * 10 + 8, (n - 232) * 10 + 8),
                _ => -1,
            };
        }

        if (i + 4 < codes.Length && codes[i + 1] == 2)
        {
            var colour = Nearest(codes[i + 2], codes[i + 3], codes[i + 4]);
            i += 4;
            return colour;
        }

        return -1;
    }

    private static int Nearest(int red, int green, int blue)
    {
        var max = Math.Max(red, Math.Max(green, blue));
        if (max < 64)
        {
            return 0;
        }

        var threshold = max / 2;
        var index = (red > threshold ? 1 : 0) | (green > threshold ? 2 : 0) | (blue > threshold ? 4 : 0);
        if (index == 7 && max < 200)
        {
            return max < 150 ? 8 : 7;
        }

        return max > 200 ? index + 8 : index;
    }
}
