using DropIt.Panel.Core.Alerts;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace DropIt.Panel.Data.Configurations;

internal sealed class AlertChannelConfiguration : IEntityTypeConfiguration<AlertChannel>
{
    public void Configure(EntityTypeBuilder<AlertChannel> builder)
    {
        builder.Property(c => c.Name).HasMaxLength(AlertChannel.NameMaxLength);
        builder.HasIndex(c => c.Name).IsUnique();
        builder.Property(c => c.SettingsJson).HasColumnType("jsonb");
        builder.Property(c => c.LastError).HasMaxLength(2000);
    }
}

internal sealed class AlertRouteConfiguration : IEntityTypeConfiguration<AlertRoute>
{
    public void Configure(EntityTypeBuilder<AlertRoute> builder)
    {
        builder.HasKey(r => new { r.EventKind, r.ChannelId });
        builder.Property(r => r.EventKind).HasMaxLength(64);
        builder.HasOne(r => r.Channel).WithMany().HasForeignKey(r => r.ChannelId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class AlertDeliveryConfiguration : IEntityTypeConfiguration<AlertDelivery>
{
    public void Configure(EntityTypeBuilder<AlertDelivery> builder)
    {
        builder.HasOne(d => d.Channel).WithMany().HasForeignKey(d => d.ChannelId).OnDelete(DeleteBehavior.Cascade);
        builder.Property(d => d.EventKind).HasMaxLength(64);
        builder.Property(d => d.ServiceName).HasMaxLength(160);
        builder.Property(d => d.ProjectName).HasMaxLength(160);
        builder.Property(d => d.Title).HasMaxLength(400);
        builder.Property(d => d.Link).HasMaxLength(1024);
        builder.Property(d => d.Answer).HasMaxLength(1000);
        builder.Property(d => d.Error).HasMaxLength(2000);
        builder.HasIndex(d => new { d.Status, d.DueAt });
        builder.HasIndex(d => d.FinishedAt);
    }
}
