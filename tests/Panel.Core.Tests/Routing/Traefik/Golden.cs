using System.Runtime.CompilerServices;
using System.Text;

namespace DropIt.Panel.Core.Tests.Routing.Traefik;

/// <summary>
/// Compares generated text with a golden file (embedded from Golden/). With DROPIT_UPDATE_GOLDEN=1 the golden file
/// is rewritten in the source tree instead; review the diff, then rebuild.
/// </summary>
internal static class Golden
{
    public const string UpdateVariable = "DROPIT_UPDATE_GOLDEN";

    public static bool Updating => Environment.GetEnvironmentVariable(UpdateVariable) == "1";

    public static void AssertMatches(string name, string actual, [CallerFilePath] string callerPath = "")
    {
        if (Updating)
        {
            var folder = Path.Combine(Path.GetDirectoryName(callerPath)!, "Golden");
            Directory.CreateDirectory(folder);
            File.WriteAllText(Path.Combine(folder, name), actual, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
            return;
        }

        using var stream = typeof(Golden).Assembly.GetManifestResourceStream("Golden/" + name);
        Assert.True(stream is not null, $"The golden file {name} is missing: run the tests with {UpdateVariable}=1, review it, rebuild.");
        using var reader = new StreamReader(stream, Encoding.UTF8);
        Assert.Equal(reader.ReadToEnd(), actual);
    }
}
