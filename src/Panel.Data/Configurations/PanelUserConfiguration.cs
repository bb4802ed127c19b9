using DropIt.Panel.Core.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace DropIt.Panel.Data.Configurations;

internal sealed class PanelUserConfiguration : IEntityTypeConfiguration<PanelUser>
{
    public void Configure(EntityTypeBuilder<PanelUser> builder)
    {
        builder.ToTable("Users");
    }
}

internal sealed class UserInvitationConfiguration : IEntityTypeConfiguration<UserInvitation>
{
    public void Configure(EntityTypeBuilder<UserInvitation> builder)
    {
        builder.Property(i => i.Email).HasMaxLength(256);
        builder.Property(i => i.Hash).HasMaxLength(32);
        builder.HasIndex(i => i.Hash).IsUnique();
        builder.HasOne<PanelUser>().WithMany().HasForeignKey(i => i.InvitedBy).OnDelete(DeleteBehavior.Cascade);
    }
}
