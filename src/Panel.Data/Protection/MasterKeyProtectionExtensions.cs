using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace DropIt.Panel.Data.Protection;

public static class MasterKeyProtectionExtensions
{
    /// <summary>New keys of the ring are stored with their secret part encrypted by the <see cref="PanelMasterKey"/> registered beside.</summary>
    public static IDataProtectionBuilder ProtectKeysWithMasterKey(this IDataProtectionBuilder builder)
    {
        builder.Services.AddSingleton<IConfigureOptions<KeyManagementOptions>>(services =>
            new ConfigureOptions<KeyManagementOptions>(options => options.XmlEncryptor = new MasterKeyXmlEncryptor(services.GetRequiredService<PanelMasterKey>())));
        return builder;
    }
}
