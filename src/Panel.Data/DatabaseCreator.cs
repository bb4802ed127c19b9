using DropIt.Panel.Core.Common;
using Npgsql;

namespace DropIt.Panel.Data;

/// <summary>
/// Creates the panel's database when the server has none of that name yet, before anything (migrations,
/// the job storage) connects to it.
/// </summary>
internal static class DatabaseCreator
{
    public static void EnsureExists(string connectionString)
    {
        var target = new NpgsqlConnectionStringBuilder(connectionString);
        var database = target.Database ?? throw new PanelStartupException(
            "ConnectionStrings:Panel names no database: add Database=<name>.");
        var maintenance = new NpgsqlConnectionStringBuilder(connectionString) { Database = "postgres", Pooling = false };
        try
        {
            using var connection = new NpgsqlConnection(maintenance.ConnectionString);
            connection.Open();
            using var exists = new NpgsqlCommand("SELECT 1 FROM pg_database WHERE datname = $1", connection);
            exists.Parameters.Add(new NpgsqlParameter { Value = database });
            if (exists.ExecuteScalar() is not null)
            {
                return;
            }

            using var create = new NpgsqlCommand($"CREATE DATABASE {QuoteIdentifier(database)}", connection);
            create.ExecuteNonQuery();
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.DuplicateDatabase)
        {
            // Created by someone else meanwhile: fine.
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.InsufficientPrivilege)
        {
            // A role that may not create databases can still use an existing one; migrations will tell.
        }
        catch (NpgsqlException e)
        {
            throw new PanelStartupException(
                $"The panel's database server cannot be reached ({e.Message}). Check ConnectionStrings:Panel, " +
                "or remove it to let the panel run its own PostgreSQL.");
        }
    }

    private static string QuoteIdentifier(string name) => "\"" + name.Replace("\"", "\"\"") + "\"";
}
