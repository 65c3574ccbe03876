using System.Text;
using Engine.Execution;
using Engine.Text;
using Spectre.Console;

namespace Engine.Output;

/// <summary>The end of every run: one row per target (and per lane), status, duration, share of the total, note;
/// then one line that says how the build ended. On GitHub Actions the same as markdown in the step summary.</summary>
internal static class SummaryWriter
{
    public static void Write(ConsoleOutput output, IReadOnlyList<TargetOutcome> outcomes, TimeSpan total, string verdict)
    {
        var table = new Table().Border(TableBorder.Simple).BorderColor(Color.Grey);
        table.AddColumn("Target");
        table.AddColumn("Status");
        table.AddColumn(new TableColumn("Duration").RightAligned());
        table.AddColumn(new TableColumn("Share").RightAligned());
        table.AddColumn("Note");
        foreach (var o in outcomes)
        {
            table.AddRow(Markup.Escape(o.Target), Status(o.Status), Durations.Clock(o.Duration), Share(o.Duration, total),
                Markup.Escape(o.Note ?? ""));
            for (var i = 0; i < o.Lanes.Count; i++)
            {
                var lane = o.Lanes[i];
                var branch = i == o.Lanes.Count - 1 ? "└─ " : "├─ ";
                table.AddRow(branch + Markup.Escape(lane.Lane ?? ""), Status(lane.Status), Durations.Clock(lane.Duration), "",
                    Markup.Escape(lane.Note ?? ""));
            }
        }
        table.AddRow("[bold]Total[/]", "", Durations.Clock(total), "", "");
        output.Line("");
        output.Write(table);
        output.Line(verdict, verdict.StartsWith("Build succeeded", StringComparison.Ordinal) ? Ansi.Green : Ansi.BoldRed);
    }

    public static string Markdown(IReadOnlyList<TargetOutcome> outcomes, TimeSpan total, string verdict, IEnumerable<string> sections)
    {
        var md = new StringBuilder();
        md.AppendLine("### Build summary").AppendLine();
        md.AppendLine("| Target | Status | Duration | Share | Note |");
        md.AppendLine("|---|---|--:|--:|---|");
        foreach (var o in outcomes)
        {
            md.AppendLine(Row(Summary.Cell(o.Target), o.Status, o.Duration, Share(o.Duration, total), o.Note));
            foreach (var lane in o.Lanes) md.AppendLine(Row($"└ {Summary.Cell(lane.Lane)}", lane.Status, lane.Duration, null, lane.Note));
        }
        md.AppendLine($"| **Total** | | {Durations.Clock(total)} | | |").AppendLine();
        md.AppendLine($"**{verdict}**").AppendLine();
        foreach (var section in sections) md.AppendLine(section).AppendLine();
        return md.ToString();
    }

    /// <summary>A lane's row has no share column of its own (null).</summary>
    static string Row(string name, TargetStatus status, TimeSpan duration, string? share, string? note) =>
        $"| {name} | {Icon(status)} {status} | {Durations.Clock(duration)} |{(share is null ? " " : $" {share} ")}| {Summary.Cell(note)} |";

    static string Status(TargetStatus status) => status switch
    {
        TargetStatus.Succeeded => "[green]Succeeded[/]",
        TargetStatus.Failed => "[red]Failed[/]",
        TargetStatus.Cancelled => "[yellow]Cancelled[/]",
        TargetStatus.NotRun => "[grey]NotRun[/]",
        _ => "[grey]Skipped[/]",
    };

    static string Icon(TargetStatus status) => status switch
    {
        TargetStatus.Succeeded => "✅",
        TargetStatus.Failed => "❌",
        TargetStatus.Cancelled => "⏹️",
        _ => "⏭️",
    };

    // Shares under 1% are noise (a target that only groups others): left blank.
    static string Share(TimeSpan part, TimeSpan total) =>
        total <= TimeSpan.Zero || part.TotalMilliseconds * 100 < total.TotalMilliseconds * 0.5 ? ""
            : $"{Math.Round(100 * part.TotalMilliseconds / total.TotalMilliseconds)}%";
}
