using System.Security.Cryptography;
using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection.XmlEncryption;
using Microsoft.Extensions.DependencyInjection;

namespace DropIt.Panel.Data.Protection;

/// <summary>
/// Opens what <see cref="MasterKeyXmlEncryptor"/> stored. Data Protection creates it by the type name written in
/// the key XML, with its service provider: without a <see cref="PanelMasterKey"/> there, nothing decrypts.
/// </summary>
public sealed class MasterKeyXmlDecryptor(IServiceProvider services) : IXmlDecryptor
{
    public XElement Decrypt(XElement encryptedElement)
    {
        var masterKey = services.GetService<PanelMasterKey>()
            ?? throw new CryptographicException("This key is encrypted with the panel's master key, and no master key is configured.");
        return KeyRingXml.Open(encryptedElement, masterKey.Key);
    }
}
