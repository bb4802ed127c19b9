using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection.XmlEncryption;

namespace DropIt.Panel.Data.Protection;

/// <summary>Data Protection's hook for new keys: their secret part is stored encrypted with the master key.</summary>
public sealed class MasterKeyXmlEncryptor(PanelMasterKey masterKey) : IXmlEncryptor
{
    public EncryptedXmlInfo Encrypt(XElement plaintextElement) =>
        new(KeyRingXml.Seal(plaintextElement, masterKey.Key), typeof(MasterKeyXmlDecryptor));
}
