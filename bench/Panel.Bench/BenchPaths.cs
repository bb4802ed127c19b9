namespace DropIt.Panel.Bench;

/// <summary>Where the repository and the panel build under measure are.</summary>
internal static class BenchPaths
{
    /// <summary>
    /// The Release build of the panel, or <c>DROPIT_BENCH_PANEL_DIR</c> to measure another build of it (such as a
    /// ReadyToRun publish).
    /// </summary>
    public static string PanelBinFolder() =>
        Environment.GetEnvironmentVariable("DROPIT_BENCH_PANEL_DIR")
        ?? Path.Combine(RepoRoot(), "src", "Panel.Web", "bin", "Release", "net10.0");

    public static string RepoRoot()
    {
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var folder = new DirectoryInfo(start); folder is not null; folder = folder.Parent)
            {
                if (File.Exists(Path.Combine(folder.FullName, "DropIt.Panel.sln")))
                {
                    return folder.FullName;
                }
            }
        }

        throw new InvalidOperationException("Run the benchmark from inside the repository (no DropIt.Panel.sln above).");
    }
}
