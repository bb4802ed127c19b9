using System.Security.Cryptography;
using System.Text;
using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection.XmlEncryption;

namespace DropIt.Panel.Data.Protection;

/// <summary>
/// The Data Protection key XML as stored in the database, and the panel's encrypted form of its secret parts:
/// <c>&lt;encryptedSecret decryptorType="..."&gt;&lt;encryptedKey masterKey="id" algorithm="AES-256-GCM"&gt;&lt;data&gt;base64&lt;/data&gt;...</c>,
/// where Data Protection would otherwise keep <c>&lt;masterKey&gt;&lt;value&gt;</c> in plain text.
/// </summary>
public static class KeyRingXml
{
    public const string Algorithm = "AES-256-GCM";

    private static readonly XNamespace DataProtection = "http://schemas.asp.net/2015/03/dataProtection";
    private static readonly XName EncryptedSecret = DataProtection + "encryptedSecret";
    private static readonly XName RequiresEncryption = DataProtection + "requiresEncryption";
    private static readonly XNamespace Panel = "urn:dropit:panel:master-key:v1";
    private static readonly XName EncryptedKey = Panel + "encryptedKey";
    private static readonly XName Data = Panel + "data";
    private static readonly byte[] Context = Encoding.ASCII.GetBytes("DropIt.Panel.KeyRing.v1");

    /// <summary>Encrypts one element Data Protection marked as secret.</summary>
    public static XElement Seal(XElement plain, MasterKey key)
    {
        var bytes = Encoding.UTF8.GetBytes(plain.ToString(SaveOptions.DisableFormatting));
        try
        {
            return new XElement(EncryptedKey,
                new XAttribute("masterKey", key.Id),
                new XAttribute("algorithm", Algorithm),
                new XComment(" Encrypted with the panel's master key (Panel:MasterKeyPath), kept outside the database. "),
                new XElement(Data, Convert.ToBase64String(key.Seal(bytes, Context))));
        }
        finally
        {
            CryptographicOperations.ZeroMemory(bytes);
        }
    }

    /// <summary>The element <see cref="Seal"/> encrypted; a <see cref="CryptographicException"/> names a wrong key.</summary>
    public static XElement Open(XElement sealedElement, MasterKey key)
    {
        var id = (string?)sealedElement.Attribute("masterKey");
        if (sealedElement.Name != EncryptedKey || (string?)sealedElement.Element(Data) is not { } data)
        {
            throw new CryptographicException("This is not a key encrypted with the panel's master key.");
        }

        if (id != key.Id)
        {
            throw new CryptographicException($"This key is encrypted with master key {id}, not with the master key {key.Id}.");
        }

        var plain = key.Open(Convert.FromBase64String(data), Context);
        try
        {
            return XElement.Parse(Encoding.UTF8.GetString(plain));
        }
        finally
        {
            CryptographicOperations.ZeroMemory(plain);
        }
    }

    /// <summary>Whether the key XML holds an encrypted part (of any encryptor).</summary>
    public static bool IsEncrypted(XElement keyXml) => keyXml.DescendantsAndSelf(EncryptedSecret).Any();

    /// <summary>Whether the key XML holds a part Data Protection wants encrypted that is still in plain text.</summary>
    public static bool NeedsEncryption(XElement keyXml) => keyXml.DescendantsAndSelf().Any(IsMarkedSecret);

    /// <summary>The master keys (their ids) that encrypted parts of the key XML.</summary>
    public static IEnumerable<string> MasterKeyIds(XElement keyXml) =>
        keyXml.Descendants(EncryptedKey).Select(e => (string?)e.Attribute("masterKey") ?? "unknown");

    /// <summary>
    /// Replaces every plain secret part with its encrypted form, as Data Protection does when it stores a new key:
    /// the same key id and material, only stored encrypted.
    /// </summary>
    public static XElement Encrypt(XElement keyXml, IXmlEncryptor encryptor)
    {
        var document = new XDocument(new XElement(keyXml));
        while (document.Descendants().FirstOrDefault(IsMarkedSecret) is { } secret)
        {
            var encrypted = encryptor.Encrypt(new XElement(secret));
            secret.ReplaceWith(new XElement(EncryptedSecret,
                new XAttribute("decryptorType", encrypted.DecryptorType.AssemblyQualifiedName!),
                encrypted.EncryptedElement));
        }

        return document.Root!;
    }

    /// <summary>
    /// The key XML with its encrypted parts opened by <paramref name="key"/>; a <see cref="CryptographicException"/>
    /// when one does not open (another master key, or a part encrypted otherwise).
    /// </summary>
    public static XElement Decrypt(XElement keyXml, MasterKey key)
    {
        var document = new XDocument(new XElement(keyXml));
        while (document.Descendants(EncryptedSecret).FirstOrDefault() is { } secret)
        {
            var decryptor = (string?)secret.Attribute("decryptorType") ?? "";
            if (!decryptor.StartsWith(typeof(MasterKeyXmlDecryptor).FullName + ",", StringComparison.Ordinal))
            {
                throw new CryptographicException($"This key is encrypted by {decryptor.Split(',')[0]}, not with the panel's master key.");
            }

            secret.ReplaceWith(Open(secret.Elements().Single(), key));
        }

        return document.Root!;
    }

    private static bool IsMarkedSecret(XElement element) => (bool?)element.Attribute(RequiresEncryption) == true;
}
