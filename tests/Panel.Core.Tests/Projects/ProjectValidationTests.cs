using DropIt.Panel.Core.Projects;

namespace DropIt.Panel.Core.Tests.Projects;

public sealed class ProjectValidationTests
{
    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("\t\n")]
    public void CheckName_EmptyOrWhitespace_IsRefused(string? name)
    {
        Assert.Equal("A project needs a name.", ProjectValidation.CheckName(name));
    }

    [Fact]
    public void CheckName_65Characters_IsRefusedWithTheLength()
    {
        var name = new string('p', 65);

        Assert.Equal("A project name has at most 64 characters; this one has 65.", ProjectValidation.CheckName(name));
    }

    [Fact]
    public void CheckName_64Characters_IsAccepted()
    {
        Assert.Null(ProjectValidation.CheckName(new string('p', 64)));
    }

    [Fact]
    public void CheckName_64CharactersWithSurroundingSpaces_IsAccepted()
    {
        Assert.Null(ProjectValidation.CheckName("  " + new string('p', 64) + "  "));
    }

    [Theory]
    [InlineData("shop\u0000name")]
    [InlineData("shop\nname")]
    [InlineData("shop\u001bname")]
    [InlineData("shop\u007fname")]
    public void CheckName_ControlCharacter_IsRefused(string name)
    {
        Assert.Equal("A project name cannot contain control characters.", ProjectValidation.CheckName(name));
    }

    [Theory]
    [InlineData("shop")]
    [InlineData("My Shop 2")]
    [InlineData("boutique-été")]
    public void CheckName_OrdinaryName_IsAccepted(string name)
    {
        Assert.Null(ProjectValidation.CheckName(name));
    }

    [Fact]
    public void CheckDescription_Over500Characters_IsRefusedWithTheLength()
    {
        var description = new string('d', 501);

        Assert.Equal("A description has at most 500 characters; this one has 501.",
            ProjectValidation.CheckDescription(description));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("The online shop.")]
    public void CheckDescription_AbsentOrShort_IsAccepted(string? description)
    {
        Assert.Null(ProjectValidation.CheckDescription(description));
    }

    [Fact]
    public void CheckDescription_Exactly500Characters_IsAccepted()
    {
        Assert.Null(ProjectValidation.CheckDescription(new string('d', 500)));
    }
}
