using DropIt.Panel.Core.Projects;
using DropIt.Panel.Core.StaticSites;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace DropIt.Panel.Data.Configurations;

internal sealed class StaticReleaseConfiguration : IEntityTypeConfiguration<StaticRelease>
{
    public void Configure(EntityTypeBuilder<StaticRelease> builder)
    {
        builder.Property(r => r.UploadedBy).HasMaxLength(256);
        builder.Property(r => r.UnwrappedFolder).HasMaxLength(256);
        builder.HasIndex(r => new { r.ServiceId, r.CreatedAt });
        builder.HasOne<Service>().WithMany().HasForeignKey(r => r.ServiceId).OnDelete(DeleteBehavior.Cascade);
    }
}
