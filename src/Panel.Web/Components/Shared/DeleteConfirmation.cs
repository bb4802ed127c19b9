using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace DropIt.Panel.Web.Components.Shared;

/// <summary>The question asked before something is deleted for good: its yes button is red, so it reads as destructive.</summary>
public static class DeleteConfirmation
{
    /// <summary>True when the admin confirmed with <paramref name="yesText"/>; false on Cancel or Escape.</summary>
    public static async Task<bool> ConfirmDeleteAsync(this IDialogService dialogs, string title, MarkupString message, string yesText = "Delete")
    {
        RenderFragment yes = builder =>
        {
            builder.OpenComponent<MudButton>(0);
            builder.AddAttribute(1, nameof(MudButton.Variant), Variant.Filled);
            builder.AddAttribute(2, nameof(MudButton.Color), Color.Error);
            builder.AddAttribute(3, nameof(MudButton.StartIcon), Icons.Material.Filled.DeleteForever);
            builder.AddAttribute(4, nameof(MudButton.ChildContent), (RenderFragment)(text => text.AddContent(0, yesText)));
            builder.CloseComponent();
        };
        var parameters = new DialogParameters
        {
            [nameof(MudMessageBox.Title)] = title,
            [nameof(MudMessageBox.MarkupMessage)] = message,
            [nameof(MudMessageBox.CancelText)] = "Cancel",
            [nameof(MudMessageBox.YesButton)] = yes,
        };
        var dialog = await dialogs.ShowAsync<MudMessageBox>(title, parameters, new DialogOptions { MaxWidth = MaxWidth.ExtraSmall, FullWidth = true });
        return await dialog.Result is { Canceled: false, Data: true };
    }

    /// <summary>The same with a plain-text message.</summary>
    public static Task<bool> ConfirmDeleteAsync(this IDialogService dialogs, string title, string message, string yesText = "Delete") =>
        dialogs.ConfirmDeleteAsync(title, new MarkupString(System.Net.WebUtility.HtmlEncode(message)), yesText);
}
