namespace DropIt.Panel.Web.Hosting;

/// <summary>A verb of the panel's program, its archive, its options, and the configuration overrides (<c>--Key=value</c>) that follow it.</summary>
internal sealed record PanelCommandLine(string Verb, string Archive, bool Force, bool IncludeMasterKey, string[] ConfigurationArgs)
{
    public const string Backup = "backup";
    public const string Restore = "restore";
    public const string IncludeMasterKeyOption = "--include-master-key";

    public const string Usage = """
        Usage:
          dropit backup <archive.tar.gz> [--include-master-key]
              Saves the panel's database and data folder to one archive (readable by its owner only). The master
              key (Panel:MasterKeyPath, /etc/dropit/master.key) is left out: keep it separately. With
              --include-master-key the archive holds it too, and whoever has the archive can read every secret.
          dropit restore <archive.tar.gz> [--force]
              Restores an archive into an empty database and data folder; --force replaces what is there. The
              master key must decrypt the archive's key ring (or the archive holds it and none is there yet).
        Both use the panel's configuration: appsettings.json, environment variables (ConnectionStrings__Panel,
        Panel__DataPath, ...) and --Key=value arguments. Stop the panel before a restore.
        Exit codes: 0 done, 1 failed (the reason is printed), 2 usage.
        (dropit is the panel image's command; elsewhere run dotnet Panel.Web.dll backup ... from the panel's folder.)
        """;

    public static bool IsVerb(string[] args) => args.Length > 0 && args[0] is Backup or Restore;

    /// <summary>The parsed command line, or null with <paramref name="error"/> saying what is wrong.</summary>
    public static PanelCommandLine? Parse(string[] args, out string? error)
    {
        error = null;
        string? archive = null;
        var force = false;
        var includeMasterKey = false;
        var configuration = new List<string>();
        foreach (var arg in args.Skip(1))
        {
            if (arg == "--force" && args[0] == Restore)
            {
                force = true;
            }
            else if (arg == IncludeMasterKeyOption && args[0] == Backup)
            {
                includeMasterKey = true;
            }
            else if (arg.StartsWith("--", StringComparison.Ordinal) && arg.Contains('=', StringComparison.Ordinal))
            {
                configuration.Add(arg);
            }
            else if (arg.StartsWith('-'))
            {
                error = $"Unknown option {arg}.";
            }
            else if (archive is null)
            {
                archive = arg;
            }
            else
            {
                error = $"One archive at a time: \"{arg}\" is one too many.";
            }
        }

        if (error is null && archive is null)
        {
            error = $"Name the archive: {args[0]} <archive.tar.gz>.";
        }

        return error is null ? new PanelCommandLine(args[0], archive!, force, includeMasterKey, [.. configuration]) : null;
    }
}
