using System.Security.Cryptography;
using System.Xml.Linq;
using DropIt.Panel.Core.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace DropIt.Panel.Data.Protection;

/// <summary>
/// At start-up, right after the migrations and before anything uses Data Protection: reads the master key (or
/// creates it, only while no key of the ring is encrypted yet), checks that it opens every encrypted key, and
/// encrypts in place the keys an older panel stored in plain text (same ids and material, so every secret keeps
/// decrypting). A missing or wrong master key stops the panel: a new one would make every secret unreadable.
/// </summary>
internal sealed partial class KeyRingProtection(IServiceScopeFactory scopes, PanelMasterKey masterKey, ILogger<KeyRingProtection> logger)
    : IHostedLifecycleService
{
    public async Task StartingAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PanelDbContext>();
        var rows = (await db.DataProtectionKeys.ToListAsync(cancellationToken))
            .Select(row => (Row: row, Xml: XElement.Parse(row.Xml ?? "<key />"))).ToList();
        var encryptedWith = rows.SelectMany(r => KeyRingXml.MasterKeyIds(r.Xml)).Distinct(StringComparer.Ordinal).ToList();
        var path = masterKey.Path;
        var key = MasterKeyFile.Read(path);
        if (key is null)
        {
            if (rows.Any(r => KeyRingXml.IsEncrypted(r.Xml)))
            {
                throw new PanelStartupException(
                    $"The master key {path} is missing, and the key ring in the database is encrypted with master key " +
                    $"{string.Join(", ", encryptedWith)}. Restore that file from where you kept it (your copy, or an archive written with " +
                    $"--include-master-key), or set {MasterKeyFile.PathKey} to where it is. No new key was made: it would leave every secret unreadable.");
            }

            key = await CreateAsync(path, cancellationToken);
        }
        else if (MasterKeyFile.IsOpenToOthers(path))
        {
            LogOpenToOthers(path);
        }

        foreach (var (row, xml) in rows.Where(r => KeyRingXml.IsEncrypted(r.Xml)))
        {
            try
            {
                KeyRingXml.Decrypt(xml, key);
            }
            catch (Exception e) when (e is CryptographicException or FormatException or System.Xml.XmlException)
            {
                throw new PanelStartupException(
                    $"The master key {path} (id {key.Id}) does not decrypt the key ring in the database (key {row.FriendlyName}: {e.Message}). " +
                    $"Put back the master key file kept for this panel (id {string.Join(", ", encryptedWith)}), or set {MasterKeyFile.PathKey} " +
                    "to where it is. Nothing was changed.");
            }
        }

        masterKey.Use(key);
        var plain = rows.Where(r => KeyRingXml.NeedsEncryption(r.Xml)).ToList();
        if (plain.Count > 0)
        {
            var encryptor = new MasterKeyXmlEncryptor(masterKey);
            foreach (var (row, xml) in plain)
            {
                row.Xml = KeyRingXml.Encrypt(xml, encryptor).ToString(SaveOptions.DisableFormatting);
            }

            await db.SaveChangesAsync(cancellationToken);
            LogEncrypted(plain.Count, key.Id);
        }

        LogReady(path, key.Id);
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private async Task<MasterKey> CreateAsync(string path, CancellationToken cancellationToken)
    {
        var key = MasterKey.Generate();
        try
        {
            await MasterKeyFile.WriteAsync(path, key, cancellationToken);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new PanelStartupException(
                $"The master key {path} could not be created ({e.Message}). Create it (openssl rand -base64 32 > {path}, readable by the " +
                $"panel's user only), or set {MasterKeyFile.PathKey} to a file the panel may create.");
        }

        LogCreated(path, key.Id);
        return key;
    }

    [LoggerMessage(LogLevel.Warning, "Created the master key {Path} (id {Id}): keep a copy away from this server; without it no backup of the database can be read")]
    private partial void LogCreated(string path, string id);

    [LoggerMessage(LogLevel.Warning, "The master key {Path} can be read or changed by other users: chmod 600 it")]
    private partial void LogOpenToOthers(string path);

    [LoggerMessage(LogLevel.Information, "Encrypted {Count} key(s) of the key ring with the master key {Id}")]
    private partial void LogEncrypted(int count, string id);

    [LoggerMessage(LogLevel.Information, "The key ring is protected by the master key {Path} (id {Id})")]
    private partial void LogReady(string path, string id);
}
