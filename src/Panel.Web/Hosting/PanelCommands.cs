using System.Reflection;
using DropIt.Panel.Core.Common;
using DropIt.Panel.Data.PanelArchive;
using DropIt.Panel.Data.Protection;
using Npgsql;

namespace DropIt.Panel.Web.Hosting;

/// <summary>
/// The panel's own verbs, run instead of the web app: <c>backup</c> and <c>restore</c>, with the configuration the
/// panel would use. Exit codes: 0 done, 1 failed (the reason on stderr), 2 usage.
/// </summary>
public static class PanelCommands
{
    public static bool IsCommand(string[] args) => PanelCommandLine.IsVerb(args);

    public static async Task<int> RunAsync(string[] args)
    {
        var command = PanelCommandLine.Parse(args, out var usageError);
        if (command is null)
        {
            await Console.Error.WriteLineAsync($"{usageError}\n\n{PanelCommandLine.Usage}");
            return 2;
        }

        using var cancel = new CancellationTokenSource();
        ConsoleCancelEventHandler onCancel = (_, e) =>
        {
            e.Cancel = true;
            cancel.Cancel();
        };
        Console.CancelKeyPress += onCancel;
        try
        {
            await RunAsync(command, cancel.Token);
            return 0;
        }
        catch (Exception e)
        {
            await Console.Error.WriteLineAsync(CommandFailure.Describe(command.Verb, e));
            return 1;
        }
        finally
        {
            Console.CancelKeyPress -= onCancel;
        }
    }

    private static async Task RunAsync(PanelCommandLine command, CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = command.ConfigurationArgs });
        builder.AddPanelConfiguration();
        var dataPath = PanelPaths.ResolveDataPath(builder.Configuration, builder.Environment);
        var masterKeyPath = MasterKeyFile.Resolve(builder.Configuration, dataPath);
        using var database = CommandDatabase.Open(builder.Configuration, dataPath, create: command.Verb == PanelCommandLine.Restore);
        if (command.Verb == PanelCommandLine.Backup)
        {
            var backup = new PanelBackup(database.ConnectionString, dataPath, masterKeyPath, PanelVersion, TimeProvider.System)
            {
                MasterKey = MasterKeyFile.Read(masterKeyPath),
                IncludeMasterKey = command.IncludeMasterKey,
            };
            CommandReport.Backup(await backup.WriteAsync(command.Archive, cancellationToken), database.Description, masterKeyPath, Console.Out);
        }
        else
        {
            var restore = new PanelRestore(database.ConnectionString, dataPath, Jobs.JobsExtensions.Schema, masterKeyPath);
            CommandReport.Restore(await restore.RunAsync(command.Archive, command.Force, cancellationToken), database.Description, Console.Out);
        }
    }

    private static string PanelVersion =>
        typeof(PanelCommands).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
        ?? typeof(PanelCommands).Assembly.GetName().Version?.ToString() ?? "unknown";
}

/// <summary>What the operator reads when a command fails: the reason and what to do, never a stack trace or a secret.</summary>
internal static class CommandFailure
{
    public static string Describe(string verb, Exception e)
    {
        var untouched = verb == PanelCommandLine.Restore
            ? "Nothing was restored: the database transaction was rolled back and no file was moved."
            : "No archive was written.";
        return e switch
        {
            BackupException or PanelStartupException => $"{Title(verb)}: {e.Message}",
            OperationCanceledException => $"{Title(verb)}: cancelled. {untouched}",
            InvalidDataException or EndOfStreamException or FormatException =>
                $"{Title(verb)}: the archive is damaged or is not a panel backup ({e.Message}). {untouched} Use another copy of the archive.",
            PostgresException p => $"{Title(verb)}: the database refused it ({p.SqlState}: {p.MessageText}). {untouched}",
            NpgsqlException => $"{Title(verb)}: the database could not be used ({e.Message}). {untouched} Check ConnectionStrings:Panel.",
            IOException or UnauthorizedAccessException => $"{Title(verb)}: {e.Message} {untouched}",
            _ => $"{Title(verb)}: {e.GetType().Name}: {e.Message} {untouched}",
        };
    }

    private static string Title(string verb) => verb == PanelCommandLine.Backup ? "Backup failed" : "Restore failed";
}
