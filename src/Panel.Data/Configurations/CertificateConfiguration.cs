using DropIt.Panel.Core.Certificates;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace DropIt.Panel.Data.Configurations;

internal sealed class CertificateConfiguration : IEntityTypeConfiguration<Certificate>
{
    public void Configure(EntityTypeBuilder<Certificate> builder)
    {
        builder.Property(c => c.Issuer).HasMaxLength(512);
        builder.Property(c => c.OrderUrl).HasMaxLength(1024);
        builder.HasIndex(c => c.ServiceId);
        builder.HasIndex(c => c.NotAfter);
    }
}
