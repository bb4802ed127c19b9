namespace DropIt.Panel.Core.Deployments;

/// <summary>
/// The message a failed or cancelled deployment ends with: the reason, then what it means for the service,
/// which depends on whether a previous version exists (a first deployment has none to keep serving).
/// </summary>
public static class DeploymentFailureText
{
    /// <summary>What became of the service's previous version, if it has one.</summary>
    public enum Previous
    {
        /// <summary>The service's first deployment: nothing served it before.</summary>
        None,

        /// <summary>A version was live and never touched: it keeps serving.</summary>
        Serving,

        /// <summary>A version was live but stopped by the admin: it stays stopped.</summary>
        Stopped,

        /// <summary>A version that keeps data was stopped for this one and is started again.</summary>
        Restarted,
    }

    public static string Cancelled(Previous previous) => previous switch
    {
        Previous.None => "The deployment was cancelled; this was the service's first deployment, so nothing serves it yet.",
        Previous.Stopped => "The deployment was cancelled; the previous version stays as it was (stopped).",
        Previous.Restarted => "The deployment was cancelled; the previous version is started again (see the log).",
        _ => "The deployment was cancelled; the previous version keeps serving.",
    };

    /// <summary>
    /// <paramref name="reason"/>, the port advice when the image exposes another port than the service's, then what
    /// it means for the service (left out when the reason says it already).
    /// </summary>
    public static string Failed(string reason, Previous previous, string? portMismatch, bool reasonSaysOutcome)
    {
        var text = reason.TrimEnd();
        if (portMismatch is not null)
        {
            text += $" Note: {portMismatch}; set Settings → Container port to the port the application listens on.";
        }

        return reasonSaysOutcome ? text : $"{text} {Outcome(previous)}";
    }

    private static string Outcome(Previous previous) => previous switch
    {
        Previous.None => "This was the service's first deployment, so nothing serves it yet: fix the cause and deploy again.",
        Previous.Stopped => "The previous version stays as it was (stopped).",
        Previous.Restarted => "The previous version is started again (see the log).",
        _ => "The previous version keeps serving.",
    };
}
