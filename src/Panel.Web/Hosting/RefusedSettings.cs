using Microsoft.Extensions.Options;

namespace DropIt.Panel.Web.Hosting;

/// <summary>
/// The settings the options' validators refused at start, each message naming its key: one refused options class
/// throws <see cref="OptionsValidationException"/>, several throw them together in an <see cref="AggregateException"/>.
/// </summary>
public static class RefusedSettings
{
    /// <summary>Every refusal in <paramref name="exception"/>; empty when it is about something else.</summary>
    public static IReadOnlyList<string> Of(Exception exception) => exception switch
    {
        OptionsValidationException refused => [.. refused.Failures],
        AggregateException all when all.InnerExceptions.All(e => e is OptionsValidationException) =>
            [.. all.InnerExceptions.Cast<OptionsValidationException>().SelectMany(e => e.Failures)],
        _ => [],
    };

    /// <summary>
    /// The options' value, or their defaults when a validator refused it: for what is built before the host starts
    /// (the log file, the job server), so that the start then stops naming every refused setting, not the first one met.
    /// </summary>
    public static T ValueOrDefault<T>(IServiceProvider services)
        where T : class, new()
    {
        try
        {
            return services.GetRequiredService<IOptions<T>>().Value;
        }
        catch (OptionsValidationException)
        {
            return new T();
        }
    }
}
