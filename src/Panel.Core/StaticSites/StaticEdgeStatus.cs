using Microsoft.Extensions.Logging;

namespace DropIt.Panel.Core.StaticSites;

/// <summary>Why the static edge does not do what the database asks: it cannot run, or nginx refused the new configuration.</summary>
public sealed record StaticEdgeProblem(bool Serving, string Reason, string Fix)
{
    /// <summary>One sentence for the log, the page and the API.</summary>
    public string Message => Serving
        ? $"Static edge kept its previous configuration: nginx refused the new one ({Reason}); {Fix}."
        : $"Static edge unavailable: {Reason}. Static sites are live on disk but not served; {Fix}.";
}

/// <summary>
/// The static edge's last known state, for pages and the log. Each distinct problem is logged once, as one
/// warning line, and its end once: the periodic reconciliation that meets the same problem again stays quiet.
/// </summary>
public sealed partial class StaticEdgeStatus(ILogger<StaticEdgeStatus> logger)
{
    private readonly Lock gate = new();

    /// <summary>The current problem, or null while the edge applies every change (or was never needed).</summary>
    public StaticEdgeProblem? Problem { get; private set; }

    public void Report(StaticEdgeProblem problem)
    {
        lock (gate)
        {
            if (Problem == problem)
            {
                return;
            }

            Problem = problem;
        }

        if (problem.Serving)
        {
            LogRefused(problem.Reason, problem.Fix);
        }
        else
        {
            LogUnavailable(problem.Reason, problem.Fix);
        }
    }

    public void ReportServing()
    {
        StaticEdgeProblem? was;
        lock (gate)
        {
            (was, Problem) = (Problem, null);
        }

        if (was is not null)
        {
            LogRecovered();
        }
    }

    [LoggerMessage(Level = LogLevel.Warning,
        Message = "Static edge unavailable: {Reason}. Static sites are live on disk but not served; {Fix}.")]
    private partial void LogUnavailable(string reason, string fix);

    [LoggerMessage(Level = LogLevel.Warning,
        Message = "Static edge kept its previous configuration: nginx refused the new one ({Reason}); {Fix}.")]
    private partial void LogRefused(string reason, string fix);

    [LoggerMessage(Level = LogLevel.Information, Message = "Static edge problem resolved: it serves every static site with the current configuration")]
    private partial void LogRecovered();
}
