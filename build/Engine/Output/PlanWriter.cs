using Engine.Parameters;
using Engine.Planning;
using Spectre.Console;

namespace Engine.Output;

/// <summary>--plan and the head of --dry-run: the targets in the order they run, why each is there, and the lanes
/// of those that fan out.</summary>
internal static class PlanWriter
{
    public static void Write(ConsoleOutput output, BuildModel model, Plan plan, IReadOnlyDictionary<string, string> sources)
    {
        var shown = model.Parameters
            .Where(p => sources.ContainsKey(p.Name)
                || plan.Targets.Any(t => !t.IsSkipped && t.Target.RequiredMembers.Contains(p.Member.Name)))
            .Select(p => $"{p.Flag} {(p.IsSecret ? Masker.Replacement : ValueParser.Format(p.Get(model.Instance)))}".TrimEnd());
        var head = $"[bold]{Markup.Escape(string.Join(" ", plan.Invoked))}[/]";
        var settings = string.Join(" · ", shown);
        var tree = new Tree(settings.Length > 0 ? $"{head}  [grey]{Markup.Escape(settings)}[/]" : head);

        var width = plan.Targets.Count == 0 ? 0 : plan.Targets.Max(t => t.Name.Length);
        foreach (var planned in plan.Targets)
        {
            var t = planned.Target;
            var name = t.Name.PadRight(width);
            var label = planned.IsSkipped
                ? $"[grey]{name}  skipped: {Markup.Escape(planned.SkipReason!)}[/]"
                : $"[cyan]{name}[/]  {Markup.Escape(t.DescriptionText)}";
            if (planned.Reason.By is not null) label += $"  [grey]({Markup.Escape(planned.Reason.ToString())})[/]";
            var node = tree.AddNode(label);
            foreach (var input in planned.Inputs ?? []) node.AddNode(Markup.Escape(TargetDefinition.Label(input)));
        }
        output.Write(tree);
    }
}
