using Engine;
using Spectre.Console;
using Trinity.Build.Platform.Checks;
using Trinity.Build.Platform.Naming;

namespace Trinity.Build.Platform.Drift;

/// <summary>What Drift found on one cloud: one table (log and step summary), .nuke/temp/drift/&lt;cloud&gt;.json, and a
/// failure when anything drifts or could not be read.</summary>
public sealed class DriftReport(PlatformNames names, IReadOnlyList<DriftRow> rows, IReadOnlyList<string> errors) : TargetReport
{
    protected override string File => $"drift/{names.CloudName}.json";

    protected override object Payload => new
    {
        cloud = names.CloudName,
        cluster = names.Cluster,
        drifts = rows.Count,
        rows = rows.Select(r => new
        {
            layer = r.Layer, subject = r.Subject, @object = r.Object, field = r.Field, @class = r.Class.Text(), detail = r.Detail,
            remedy = r.Remedy,
        }),
        errors,
    };

    string Title => $"drift of {names.Cluster}: {Counted()}";

    string Counted() => rows.Count == 0 ? "none" : string.Join(", ", rows.GroupBy(r => r.Class).OrderBy(g => g.Key)
        .Select(g => $"{g.Count()} {g.Key.Text()}"));

    protected override void Print()
    {
        Log.Info(Title);
        if (rows.Count > 0)
        {
            var table = new Table().Border(TableBorder.Simple);
            table.AddColumns("where", "object", "field", "drift");
            foreach (var r in rows)
                table.AddRow(Markup.Escape(r.Subject), Markup.Escape(r.Object), Markup.Escape(r.Field), Markup.Escape(r.Class.Text()));
            Log.Write(table);
            // What each row found and what to do, one line each (masked as every line is): the table stays narrow enough to
            // read, and holds no value.
            foreach (var r in rows)
                Log.Info($"→ {r.Object}{(r.Field.Length > 0 ? " " + r.Field : "")}: {r.Detail}; {r.Remedy}");
        }
        foreach (var error in errors) Log.Error(error);
    }

    protected override string Markdown =>
        $"#### {Title}\n\n" + (rows.Count == 0 ? "" : "| where | object | field | drift | detail | remedy |\n|---|---|---|---|---|---|\n" +
            string.Concat(rows.Select(r =>
                $"| {Summary.Cell(r.Subject)} | {Summary.Cell(r.Object)} | {Summary.Cell(r.Field)} | {r.Class.Text()} | " +
                $"{Summary.Cell(r.Detail)} | {Summary.Cell(r.Remedy)} |\n"))) +
        string.Concat(errors.Select(e => $"\n✖ {Summary.Cell(e)}\n"));

    protected override string Note => rows.Count == 0 && errors.Count == 0 ? "no drift" : Counted();

    protected override string? Failure =>
        rows.Count == 0 && errors.Count == 0 ? null
        : $"{names.Cluster} drifts: {Counted()}{(errors.Count > 0 ? $"; {errors.Count} part(s) could not be read" : "")}";
}
