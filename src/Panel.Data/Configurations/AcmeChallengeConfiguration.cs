using DropIt.Panel.Core.Certificates;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace DropIt.Panel.Data.Configurations;

internal sealed class AcmeChallengeConfiguration : IEntityTypeConfiguration<AcmeChallenge>
{
    public void Configure(EntityTypeBuilder<AcmeChallenge> builder)
    {
        builder.HasKey(c => c.Token);
        builder.Property(c => c.Token).HasMaxLength(AcmeChallenge.TokenMaxLength);
        builder.Property(c => c.KeyAuthorization).HasMaxLength(512);
    }
}
