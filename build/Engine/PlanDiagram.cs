using Engine.Output;
using Engine.Planning;

namespace Engine;

/// <summary>The plan of some targets as the Mermaid flowchart --plan --format mermaid prints, for a build that puts the
/// picture in a document of its own (a README section it generates and checks for drift).</summary>
public static class PlanDiagram
{
    /// <param name="targets">The targets a user would name on the command line.</param>
    /// <param name="lanes">The inputs every fanned-out target draws as its lanes, instead of the ones its parameters give
    /// now: a document shows one chosen lane whatever the run that writes it was given.</param>
    public static string Mermaid(IReadOnlyList<string> targets, IReadOnlyList<object>? lanes = null)
    {
        var model = Session.Current.Model ?? throw new InvalidOperationException("no build model in this session");
        return Of(new Planner(model.Targets).Create(targets, model.Defaults, skipNames: null).WithLanes(lanes));
    }

    /// <summary>A plan as --plan --format mermaid prints it: without the edges another path implies.</summary>
    internal static string Of(Plan plan) => PlanPictures.Mermaid(PlanGraph.From(plan).WithoutImplied());
}
