using DropIt.Panel.Core.Settings;

namespace DropIt.Panel.Core.Tests.Settings;

public sealed class PanelSettingsServiceTests
{
    [Theory]
    [InlineData("admin@example.com")]
    [InlineData("first.last+acme@mail.example.org")]
    public void IsEmail_PlainAddress_IsAccepted(string value)
    {
        Assert.True(PanelSettingsService.IsEmail(value));
    }

    [Theory]
    [InlineData("")]
    [InlineData("admin")]
    [InlineData("admin@")]
    [InlineData("@example.com")]
    [InlineData("admin@localhost")]
    [InlineData("Admin <admin@example.com>")]
    [InlineData(" admin@example.com")]
    [InlineData("admin@example.com, other@example.com")]
    public void IsEmail_NotABareAddressWithDottedDomain_IsRefused(string value)
    {
        Assert.False(PanelSettingsService.IsEmail(value));
    }

    [Fact]
    public void IsEmail_Over254Characters_IsRefused()
    {
        var value = new string('a', 64) + "@" + string.Join('.', Enumerable.Repeat(new string('b', 60), 3)) + ".example.com";
        Assert.True(value.Length > 254);

        Assert.False(PanelSettingsService.IsEmail(value));
    }
}
