using DropIt.Panel.Core.ApiTokens;
using DropIt.Panel.Core.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace DropIt.Panel.Data.Configurations;

internal sealed class ApiTokenConfiguration : IEntityTypeConfiguration<ApiToken>
{
    public void Configure(EntityTypeBuilder<ApiToken> builder)
    {
        builder.Property(t => t.Name).HasMaxLength(ApiToken.NameMaxLength);
        builder.Property(t => t.Prefix).HasMaxLength(16);
        builder.Property(t => t.Hash).HasMaxLength(32);
        builder.HasIndex(t => t.Hash).IsUnique();
        builder.HasOne<Core.Projects.Project>().WithMany().HasForeignKey(t => t.ProjectId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<PanelUser>().WithMany().HasForeignKey(t => t.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}
