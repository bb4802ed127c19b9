using System.Text;

namespace DropIt.Panel.Core.Tests.StaticSites;

/// <summary>Deterministic site content for release tests.</summary>
internal static class SampleSite
{
    /// <summary>index.html plus <paramref name="count"/> - 1 scripts under assets/, each a few hundred bytes or more.</summary>
    public static Dictionary<string, string> Files(int count)
    {
        var files = new Dictionary<string, string> { ["index.html"] = Html("Home") };
        for (var n = 1; n < count; n++)
        {
            var script = new StringBuilder();
            for (var line = 0; line < 10 + (n % 40); line++)
            {
                script.Append("export function f").Append(n).Append('_').Append(line).Append("() { return ").Append(n * line).Append("; }\n");
            }
            files[$"assets/{n % 7}/chunk-{n}.js"] = script.ToString();
        }
        return files;
    }

    public static string Html(string title) =>
        $"<!doctype html><html><head><title>{title}</title></head><body>{string.Concat(Enumerable.Repeat($"<p>{title}</p>", 30))}</body></html>";
}
