using DropIt.Panel.Core.Settings;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace DropIt.Panel.Data.Configurations;

internal sealed class PanelSettingsConfiguration : IEntityTypeConfiguration<PanelSettings>
{
    public void Configure(EntityTypeBuilder<PanelSettings> builder)
    {
        builder.Property(s => s.Id).ValueGeneratedNever();
        builder.Property(s => s.PanelDomain).HasMaxLength(253);
        builder.Property(s => s.AcmeContactEmail).HasMaxLength(254);
        builder.Property(s => s.AcmeDirectoryUrl).HasMaxLength(2048);
        builder.Property(s => s.AcmeEabKeyId).HasMaxLength(256);
        builder.Property(s => s.AcmeAccountUrl).HasMaxLength(2048);
        builder.Property(s => s.DashboardDomain).HasMaxLength(253);
        builder.OwnsMany(s => s.DashboardUsers, u => u.ToJson());
        builder.ToTable(t => t.HasCheckConstraint("CK_PanelSettings_Singleton", "\"Id\" = 1"));
        builder.HasData(new { Id = PanelSettings.SingletonId, UpdatedAt = DateTimeOffset.UnixEpoch, AcmeDirectoryUrl = AcmeDirectories.LetsEncrypt, EncryptNetworks = false });
    }
}
