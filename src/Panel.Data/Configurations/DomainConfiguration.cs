using DropIt.Panel.Core.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace DropIt.Panel.Data.Configurations;

internal sealed class DomainConfiguration : IEntityTypeConfiguration<Domain>
{
    public void Configure(EntityTypeBuilder<Domain> builder)
    {
        builder.Property(d => d.Host).HasMaxLength(Domain.HostMaxLength);
        builder.Property(d => d.PathPrefix).HasMaxLength(Domain.PathPrefixMaxLength);
        builder.Property(d => d.ComposeService).HasMaxLength(63);
        builder.OwnsMany(d => d.BasicAuthUsers, u => u.ToJson());
        builder.HasIndex(d => new { d.Host, d.PathPrefix }).IsUnique();
    }
}
