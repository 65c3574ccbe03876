using Engine.Parameters;
using Engine.Planning;

namespace Engine;

/// <summary>Requires(() => X): every target that will run gets its parameters before anything runs.</summary>
internal static class Requirements
{
    public static void Check(BuildModel model, Plan plan)
    {
        foreach (var planned in plan.Targets.Where(p => !p.IsSkipped))
        foreach (var member in planned.Target.RequiredMembers)
        {
            var p = model.Parameters.FirstOrDefault(x => x.Member.Name == member)
                    ?? throw new InvalidOperationException($"{planned.Name} requires {member}, which is not a [Parameter]");
            if (!ValueParser.IsEmpty(p.Get(model.Instance))) continue;
            var values = p.AllowedValues.Count > 0 ? $" {string.Join('|', p.AllowedValues)}" : $" {p.ValueHint}";
            throw new BuildInputException($"{planned.Name} requires {p.Flag}: pass {p.Flag}{values}, or set " +
                $"{p.EnvironmentVariable} or '{p.Name}' in .nuke/parameters.json");
        }
        foreach (var planned in plan.Targets.Where(p => !p.IsSkipped))
        foreach (var (rule, message) in planned.Target.Rules)
            if (!rule()) throw new BuildInputException($"{planned.Name}: {message()}");
    }
}
