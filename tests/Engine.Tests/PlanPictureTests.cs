using System.Text.Json.Nodes;

namespace Engine.Tests;

/// <summary>--plan --format: the plan as a Mermaid flowchart (lanes as subgraphs, three kinds of edge, skipped targets
/// marked, edges another path implies left out) and as JSON (every edge); a bad or misplaced --format is one line and
/// exit 2.</summary>
public sealed class PlanPictureTests
{
    public enum Region { North, South }

    sealed class Chain : BuildBase
    {
        [Parameter("Regions to act on.", Name = "region")] Region[] Regions { get; set; } = [];

        Target Tools => _ => _.Description("Installs the tools.").Executes(() => { });
        Target Lint => _ => _.Description("Lints.").Executes(() => { });
        Target Check => _ => _.Description("Checks each region.").DependsOn(Tools).ForEach(() => Regions, (_, _) => Task.CompletedTask);
        Target Roll => _ => _.Description("Rolls each region out.").DependsOn(Check).After(Lint)
            .ForEach(() => Regions, (_, _) => Task.CompletedTask);
        Target Report => _ => _.Description("Reports.").Executes(() => { });
        // Tools is implied by Roll: the picture leaves that edge out, the JSON keeps it.
        public Target Release => _ => _.Description("Releases.").DependsOn(Roll, Tools).Triggers(Report);

        // What a build does to put its plan in a document: one lane of its choosing, whatever --region says.
        Target Document => _ => _.Description("Writes the plan of Release for the south.")
            .Executes(() => File.WriteAllText(Path.Combine(RootDirectory, "release.mmd"), PlanDiagram.Mermaid([nameof(Release)],
                [Region.South])));
    }

    [Fact]
    public async Task Mermaid_draws_lanes_as_subgraphs_with_needs_after_and_trigger_edges_and_marks_what_is_skipped()
    {
        var run = await Harness.Run<Chain>("--plan", "Release", "Lint", "--region", "north", "south", "--skip", "Lint", "--format",
            "mermaid");
        run.ExitCode.ShouldBe(0, run.All);
        run.Out.ShouldBe("""
            flowchart LR
              %% plan of Release Lint
              t_Tools["Tools"]
              t_Lint["Lint<br/>skipped: --skip"]
              t_Release["Release"]
              t_Report["Report"]
              subgraph lane_north["north"]
                direction LR
                t_Check__north["Check"]
                t_Roll__north["Roll"]
              end
              subgraph lane_south["south"]
                direction LR
                t_Check__south["Check"]
                t_Roll__south["Roll"]
              end
              t_Tools --> t_Check__north
              t_Tools --> t_Check__south
              t_Check__north --> t_Roll__north
              t_Check__south --> t_Roll__south
              t_Lint -.->|after| t_Roll__north
              t_Lint -.->|after| t_Roll__south
              t_Roll__north --> t_Release
              t_Roll__south --> t_Release
              t_Release ==>|triggers| t_Report
              classDef skipped fill:#f4f4f4,stroke:#999,stroke-dasharray:4 4,color:#777
              class t_Lint skipped

            """.Replace("\r\n", "\n", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_real_mermaid_parser_reads_the_picture_as_the_graph_it_draws()
    {
        var run = await Harness.Run<Chain>("--plan", "Release", "Lint", "--region", "north", "south", "--skip", "Lint", "--format",
            "mermaid");
        var graph = await MermaidGraph.ParseAsync(run.Out, TestContext.Current.CancellationToken);
        graph.Subgraphs.Select(s => $"{s.Title}: {string.Join(" ", s.Nodes.Select(graph.Label))}")
            .ShouldBe(["north: Check Roll", "south: Check Roll"], ignoreOrder: true);
        graph.Edges.Select(e => $"{e.From} {e.Stroke}{(e.Text.Length > 0 ? $" {e.Text}" : "")} {e.To}").ShouldBe([
            "t_Tools normal t_Check__north", "t_Tools normal t_Check__south", "t_Check__north normal t_Roll__north",
            "t_Check__south normal t_Roll__south", "t_Lint dotted after t_Roll__north", "t_Lint dotted after t_Roll__south",
            "t_Roll__north normal t_Release", "t_Roll__south normal t_Release", "t_Release thick triggers t_Report",
        ]);
        graph.Nodes.Single(n => n.Id == "t_Lint").Classes.ShouldBe(["skipped"]);
        graph.Nodes.Single(n => n.Id == "t_Lint").Text.ShouldBe("Lint<br>skipped: --skip");
    }

    [Fact]
    public async Task A_build_draws_its_plan_for_a_lane_it_chooses_whatever_the_parameters_say()
    {
        var root = Harness.TempRoot();
        var run = await Harness.Run<Chain>(["Document", "--region", "north"], new() { Root = root });
        run.ExitCode.ShouldBe(0, run.All);
        var graph = await MermaidGraph.ParseAsync(File.ReadAllText(Path.Combine(root, "release.mmd")),
            TestContext.Current.CancellationToken);
        graph.Subgraphs.Select(s => s.Title).ShouldBe(["south"]);
        graph.Nodes.Select(n => n.Id).ShouldBe(["t_Tools", "t_Release", "t_Report", "t_Check__south", "t_Roll__south"],
            ignoreOrder: true);
    }

    [Fact]
    public async Task Json_holds_each_target_with_its_reason_and_lanes_and_every_edge_with_its_kind()
    {
        var run = await Harness.Run<Chain>("--plan", "Release", "--region", "north", "south", "--format", "json");
        run.ExitCode.ShouldBe(0, run.All);
        var plan = JsonNode.Parse(run.Out)!;
        plan["invoked"]!.AsArray().Select(n => n!.GetValue<string>()).ShouldBe(["Release"]);
        var targets = plan["targets"]!.AsArray();
        targets.Select(t => t!["name"]!.GetValue<string>()).ShouldBe(["Tools", "Check", "Roll", "Release", "Report"]);
        targets.Single(t => t!["name"]!.GetValue<string>() == "Check")!["lanes"]!.AsArray().Select(l => l!.GetValue<string>())
            .ShouldBe(["north", "south"]);
        targets.Single(t => t!["name"]!.GetValue<string>() == "Report")!["reason"]!.GetValue<string>().ShouldBe("triggered-by");
        plan["edges"]!.AsArray().Select(e => $"{e!["from"]} {e["kind"]} {e["to"]}")
            .ShouldBe(["Tools needs Check", "Check needs Roll", "Tools needs Release", "Roll needs Release", "Release triggers Report"]);
    }

    [Theory]
    [InlineData("--plan Release --format svg", "--format: 'svg' is not one of tree, mermaid, json")]
    [InlineData("Release --format mermaid", "--format: only with --plan (a run and a dry run print the plan as a tree)")]
    public async Task A_format_that_is_unknown_or_without_plan_is_one_line_and_exit_2(string args, string error)
    {
        var run = await Harness.Run<Chain>(args.Split(' '));
        run.ExitCode.ShouldBe(2);
        run.Error.Trim().ShouldBe(error);
        run.Out.ShouldBeEmpty();
    }
}
