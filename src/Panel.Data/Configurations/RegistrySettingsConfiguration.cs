using DropIt.Panel.Core.Registry;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace DropIt.Panel.Data.Configurations;

internal sealed class RegistrySettingsConfiguration : IEntityTypeConfiguration<RegistrySettings>
{
    public void Configure(EntityTypeBuilder<RegistrySettings> builder)
    {
        builder.Property(r => r.Id).ValueGeneratedNever();
        builder.Property(r => r.Mode).HasConversion<string>().HasMaxLength(16);
        builder.Property(r => r.PanelState).HasConversion<string>().HasMaxLength(16);
        builder.Property(r => r.ExternalAddress).HasMaxLength(260);
        builder.Property(r => r.ExternalUsername).HasMaxLength(256);
        builder.Property(r => r.PanelAddress).HasMaxLength(260);
        builder.Property(r => r.PanelError).HasMaxLength(2000);
    }
}
