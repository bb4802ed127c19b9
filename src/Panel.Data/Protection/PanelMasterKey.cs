using DropIt.Panel.Core.Common;

namespace DropIt.Panel.Data.Protection;

/// <summary>
/// The master key of this panel (a singleton): its file, and the key once <see cref="KeyRingProtection"/> has read or
/// created it at start-up. Data Protection's encryptor and decryptor take it from here.
/// </summary>
public sealed class PanelMasterKey(string path)
{
    private MasterKey? key;

    public PanelMasterKey(string path, MasterKey key)
        : this(path) => this.key = key;

    public string Path { get; } = path;

    /// <summary>The key; read from its file when start-up has not done it yet.</summary>
    public MasterKey Key => key ??= MasterKeyFile.Read(Path) ?? throw new PanelStartupException(
        $"The master key {Path} is missing. Put back the master key file kept for this panel, or set {MasterKeyFile.PathKey} to where it is.");

    internal void Use(MasterKey loaded) => key = loaded;
}
