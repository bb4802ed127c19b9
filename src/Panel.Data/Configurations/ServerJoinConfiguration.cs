using DropIt.Panel.Core.Cluster;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace DropIt.Panel.Data.Configurations;

internal sealed class ServerSshKeyConfiguration : IEntityTypeConfiguration<ServerSshKey>
{
    public void Configure(EntityTypeBuilder<ServerSshKey> builder)
    {
        builder.Property(k => k.Id).ValueGeneratedNever();
        builder.Property(k => k.PublicKey).HasMaxLength(512);
    }
}

internal sealed class ServerHostKeyConfiguration : IEntityTypeConfiguration<ServerHostKey>
{
    public void Configure(EntityTypeBuilder<ServerHostKey> builder)
    {
        builder.Property(k => k.Host).HasMaxLength(ServerHostKey.HostMaxLength);
        builder.Property(k => k.Algorithm).HasMaxLength(64);
        builder.Property(k => k.Fingerprint).HasMaxLength(64);
        builder.Property(k => k.AcceptedBy).HasMaxLength(256);
        builder.HasIndex(k => new { k.Host, k.Port }).IsUnique();
    }
}
