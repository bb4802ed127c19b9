using System.Text;

namespace DropIt.Panel.Bench;

/// <summary>
/// Made-up code and prose from a seeded <see cref="Random"/>: statements built from a pool of 1,024 random identifiers
/// (each file mostly using 64 of them) and random numbers, so deflate finds repeats (about 3×) without the content
/// being trivially compressible.
/// </summary>
internal sealed class SiteText(Random random)
{
    private const string Letters = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
    private const string Characters = Letters + "0123456789_";
    private const int WordsPerFile = 64;
    private readonly string[] words = Enumerable.Range(0, 1024).Select(_ => Word(random, 3, 10)).ToArray();
    private readonly string[] fileWords = new string[WordsPerFile];

    public static string Word(Random random, int minLength, int maxLength)
    {
        var length = random.Next(minLength, maxLength + 1);
        return string.Create(length, random, (span, r) =>
        {
            span[0] = Letters[r.Next(Letters.Length)];
            for (var i = 1; i < span.Length; i++)
            {
                span[i] = Characters[r.Next(Characters.Length)];
            }
        });
    }

    public string Script(int size) => Build(size, text =>
    {
        switch (random.Next(4))
        {
            case 0:
                text.Append($"function {W()}({W()}, {W()}) {{ return {W()}.{W()}({W()}) + {N()}; }}\n");
                break;
            case 1:
                text.Append($"const {W()} = {{ {W()}: {N()}, {W()}: \"{W()} {W()}\", {W()}: [{N()}, {N()}, {N()}] }};\n");
                break;
            case 2:
                text.Append($"export const {W()} = ({W()}) => {W()}.map(({W()}) => {W()} * {N()}).filter(Boolean);\n");
                break;
            default:
                text.Append($"if ({W()}.{W()} !== {N()}) {{ {W()}.{W()}(\"{W()}-{W()}\", {W()}); }}\n");
                break;
        }
    });

    public string Styles(int size) => Build(size, text =>
    {
        if (random.Next(3) == 0)
        {
            text.Append($"@media (min-width: {N()}px) {{ .{W()} {{ padding: {N()}px; font-size: {N()}rem; }} }}\n");
        }
        else
        {
            text.Append($".{W()}-{W()} > .{W()} {{ margin: {N()}px {N()}px; color: #{random.Next(0x1000000):x6}; display: flex; }}\n");
        }
    });

    public string Page(int size) => Build(size, text =>
    {
        if (random.Next(3) == 0)
        {
            text.Append($"<a href=\"/docs/{W()}/{W()}.html\" class=\"{W()} {W()}\">{W()} {W()}</a>\n");
        }
        else
        {
            text.Append($"<section class=\"{W()}\"><h2 id=\"{W()}\">{W()} {W()} {W()}</h2>")
                .Append($"<p>{W()} {W()} {W()} {W()} {W()} {W()} {W()}.</p></section>\n");
        }
    });

    private string Build(int size, Action<StringBuilder> appendLine)
    {
        for (var i = 0; i < fileWords.Length; i++)
        {
            fileWords[i] = words[random.Next(words.Length)];
        }

        var text = new StringBuilder(size + 256);
        while (text.Length < size)
        {
            appendLine(text);
        }

        text.Length = size;
        return text.ToString();
    }

    /// <summary>Mostly one of the file's own 64 identifiers, as code reuses its names; now and then any of the pool.</summary>
    private string W() => random.Next(8) == 0 ? words[random.Next(words.Length)] : fileWords[random.Next(fileWords.Length)];

    private int N() => random.Next(1_000);
}
