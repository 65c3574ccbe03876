using Engine.Parameters;
using Spectre.Console;

namespace Engine.Output;

/// <summary>--help: the targets with their descriptions and direct dependencies, then the parameters with their
/// type, allowed values, default and environment variable, then the engine's own options.</summary>
internal static class HelpWriter
{
    public static void Write(ConsoleOutput output, BuildModel model)
    {
        var build = model.Instance;
        output.Line(build.Title, Ansi.Bold);
        output.Line("");
        output.Line($"Usage: {build.Command} [targets…] [--parameter value…] [--plan | --dry-run | --help]");
        output.Line("");

        output.Line("Targets (→ direct dependencies):", Ansi.Bold);
        var targets = Grid();
        // The default first (what ./build.sh runs), then by name: partial files make declaration order arbitrary.
        var listed = model.Targets.Where(t => !t.IsUnlisted).OrderBy(t => model.Defaults.Contains(t.Name) ? 0 : 1)
            .ThenBy(t => t.Name, StringComparer.Ordinal);
        foreach (var t in listed)
        {
            var name = model.Defaults.Contains(t.Name) ? $"[cyan]{t.Name}[/] (default)" : $"[cyan]{t.Name}[/]";
            var text = Markup.Escape(t.DescriptionText);
            if (t.DependencyNames.Count > 0) text += $"[grey] → {Markup.Escape(string.Join(", ", t.DependencyNames))}[/]";
            targets.AddRow(name, text);
        }
        output.Write(targets);
        output.Line("");

        output.Line("Parameters (command line, then environment, then .nuke/parameters.<profile>.json, then .nuke/parameters.json):",
            Ansi.Bold);
        var parameters = Grid();
        foreach (var p in model.Parameters)
        {
            var facts = new List<string>();
            if (!p.IsSecret && !ValueParser.IsEmpty(model.DefaultValues[p.Name]) && model.DefaultValues[p.Name] is not false)
                facts.Add("default " + ValueParser.Format(model.DefaultValues[p.Name]));
            if (p.PatternHint is not null) facts.Add(p.PatternHint);
            if (p.IsSecret) facts.Add("secret, masked in all output");
            facts.Add("env " + p.EnvironmentVariable);
            parameters.AddRow(
                $"[cyan]{Markup.Escape(p.Flag)}[/] {Markup.Escape(p.ValueHint)}",
                $"{Markup.Escape(p.Description)}[grey] · {Markup.Escape(string.Join(" · ", facts))}[/]");
        }
        output.Write(parameters);
        output.Line("");

        output.Line("Options:", Ansi.Bold);
        var options = Grid();
        foreach (var (flag, hint, text) in CommandLine.Options)
            options.AddRow($"[cyan]{flag}[/] {Markup.Escape(hint)}", Markup.Escape(text));
        output.Write(options);
    }

    static Grid Grid()
    {
        var grid = new Grid();
        grid.AddColumn(new GridColumn().PadLeft(2).PadRight(2).NoWrap());
        grid.AddColumn(new GridColumn());
        return grid;
    }
}
