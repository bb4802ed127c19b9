namespace DropIt.Panel.Core.StaticSites;

/// <summary>The static edge could not take a change: it cannot run, or nginx refused the configuration (then the one in place keeps serving).</summary>
public sealed class StaticEdgeException(StaticEdgeProblem problem, Exception? inner = null) : Exception(problem.Message, inner)
{
    public StaticEdgeProblem Problem { get; } = problem;
}
