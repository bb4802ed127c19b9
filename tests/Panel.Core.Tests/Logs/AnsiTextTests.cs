using DropIt.Panel.Core.Logs;

namespace DropIt.Panel.Core.Tests.Logs;

public sealed class AnsiTextTests
{
    [Fact]
    public void Parse_PlainLine_IsOneUnstyledSpan()
    {
        var spans = AnsiText.Parse("GET /health 200 in 3 ms");

        Assert.Equal([new AnsiSpan("GET /health 200 in 3 ms")], spans);
        Assert.Null(spans[0].ClassName);
    }

    [Fact]
    public void Parse_ColoursAndBold_BecomeSpansWithClassesAndResetEndsThem()
    {
        var spans = AnsiText.Parse("\e[1;31mERROR\e[0m db down \e[92mretry\e[39m now");

        Assert.Equal(["ERROR", " db down ", "retry", " now"], spans.Select(s => s.Text));
        Assert.Equal(["ansi-fg-1 ansi-bold", null, "ansi-fg-10", null], spans.Select(s => s.ClassName));
    }

    [Fact]
    public void Parse_BackgroundAndExtendedColours_AreBroughtToTheSixteen()
    {
        var spans = AnsiText.Parse("\e[44m blue \e[38;5;196mred256\e[38;2;0;200;0mgreen\e[49;22m");

        Assert.Equal([(4, -1), (4, 9), (4, 2)], spans.Select(s => (s.Background, s.Foreground)));
    }

    [Fact]
    public void Parse_OtherEscapesAndControlCharacters_AreDroppedAndMarkupStaysText()
    {
        var spans = AnsiText.Parse("\e[2K\e]0;title\a<b>bold?</b>\e[?25l\tdone\u0007\e(B");

        Assert.Equal("<b>bold?</b>\tdone", string.Concat(spans.Select(s => s.Text)));
        Assert.All(spans, s => Assert.Null(s.ClassName));
    }

    [Fact]
    public void Parse_EscapeCutOffAtTheEnd_DropsItWithoutFailing()
    {
        Assert.Equal("half", AnsiText.Strip("half\e[31"));
        Assert.Equal("end", AnsiText.Strip("end\e"));
    }
}
