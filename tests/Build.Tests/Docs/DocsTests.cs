using System.Text.RegularExpressions;

namespace Build.Tests.Docs;

/// <summary>The generated diagrams: what the real mermaid parser makes of them (the README's as committed, and the plan of
/// Deploy for every cloud), and CheckDocs, which fails on a hand edit and on a wave changed in platform/ without
/// GenerateDocs, and refuses a document without its markers.</summary>
public sealed partial class DocsTests
{
    static CancellationToken Ct => TestContext.Current.CancellationToken;

    static readonly string[] Clouds = ["aws", "gcp", "azure"], Waves = ["-1", "0", "1", "2"];

    static string Repository(string relative) => File.ReadAllText(Path.Combine(Harness.RepositoryRoot(), relative));

    static IEnumerable<string> Diagrams(string markdown) => MermaidBlock().Matches(markdown).Select(m => m.Groups[1].Value);

    [GeneratedRegex("```mermaid\n(.*?)```", RegexOptions.Singleline)]
    private static partial Regex MermaidBlock();

    static Task<Harness.Result> RunAsync(PlatformCopy copy, params string[] args) =>
        Harness.Run<Trinity.Build.Build>(args, new() { Root = copy.Root, Default = Trinity.Build.Build.DefaultTarget });

    [Fact]
    public async Task The_committed_diagrams_parse_and_draw_every_cloud_s_waves_in_order_and_its_identity_chain()
    {
        var readme = Diagrams(Repository("README.md")).ToList();
        var platform = Diagrams(Repository("platform/README.md")).ToList();
        readme.Count.ShouldBe(3);
        platform.Count.ShouldBe(2);
        foreach (var diagram in readme.Concat(platform)) (await MermaidGraph.ParseAsync(diagram, Ct)).Type.ShouldBe("flowchart-v2");

        var waves = await MermaidGraph.ParseAsync(readme[0], Ct);
        foreach (var cloud in Clouds)
        {
            var lane = waves.Subgraph($"{cloud} · root trinity-dev-{cloud}-root");
            var byWave = Waves.Select(w => waves.Subgraphs.Single(s => s.Title == $"wave {w}" && lane.Nodes.Contains(s.Id))).ToList();
            byWave.Select(w => string.Join(", ", w.Nodes.Select(waves.Label).Order(StringComparer.Ordinal))).ShouldBe([
                "AppProject trinity",
                $"trinity-hello-{cloud}, trinity-mandelbrot-{cloud}",
                $"trinity-secrets-{cloud}",
                $"trinity-observability-{cloud}, trinity-secrets-demo-{cloud}",
            ]);
            for (var i = 1; i < byWave.Count; i++)
                waves.Edges.ShouldContain(e => e.From == byWave[i - 1].Id && e.To == byWave[i].Id && e.Stroke == "normal");
        }

        var identity = await MermaidGraph.ParseAsync(readme[2], Ct);
        var gcp = identity.Subgraph("gcp · trinity-dev-gcp");
        const string store = "ClusterSecretStore gcp-secret-manager", serviceAccount = "ServiceAccount external-secrets/external-secrets",
            account = "service account trinity-dev-gcp-eso@trinity-platform-dev.iam.gserviceaccount.com",
            backend = "Secret Manager, project trinity-platform-dev";
        gcp.Nodes.Select(identity.Label).ShouldBe([store, serviceAccount, account, backend], ignoreOrder: true);
        identity.Edges.Where(e => gcp.Nodes.Contains(e.From)).Select(e => $"{identity.Label(e.From)} → {identity.Label(e.To)}")
            .ShouldBe([$"{store} → {serviceAccount}", $"{serviceAccount} → {account}", $"{account} → {backend}"]);
        // The vault's name is the foundation's config value; the pods' label is what Azure's webhook reads.
        identity.Nodes.ShouldContain(n => n.Text.StartsWith("Azure Key Vault trinity-dev-kv<br>", StringComparison.Ordinal));
        identity.Nodes.ShouldContain(n => n.Text.EndsWith("pods labelled azure.workload.identity/use: true", StringComparison.Ordinal));
    }

    static readonly (string, string)[] Ordered = [("Up", "Kubeconfig"), ("Kubeconfig", "WaitForSync"), ("WaitForSync", "Validate")];

    [Fact]
    public async Task The_plan_of_Deploy_for_every_cloud_parses_as_three_lanes_joined_at_Deploy()
    {
        var run = await Harness.Run<Trinity.Build.Build>(["--plan", "Deploy", "--cloud", "all", "--format", "mermaid"],
            new() { Root = Harness.TempRoot(), Default = Trinity.Build.Build.DefaultTarget });
        run.ExitCode.ShouldBe(0, run.All);
        var plan = await MermaidGraph.ParseAsync(run.Out, Ct);
        plan.Subgraphs.Select(s => s.Title).ShouldBe(["aws", "gcp", "azure"]);
        foreach (var lane in plan.Subgraphs)
        {
            lane.Nodes.Select(plan.Label).ShouldBe(["Preflight", "Up", "Kubeconfig", "WaitForSync", "Validate"], ignoreOrder: true);
            var node = lane.Nodes.ToDictionary(plan.Label);
            plan.Edges.ShouldContain(e => e.From == node["Preflight"] && e.To == node["Up"] && e.Stroke == "normal");
            foreach (var (from, to) in Ordered)
                plan.Edges.ShouldContain(e => e.From == node[from] && e.To == node[to] && e.Stroke == "dotted" && e.Text == "after");
            plan.Edges.ShouldContain(e => e.From == node["Validate"] && plan.Label(e.To) == "Deploy" && e.Stroke == "normal");
            plan.Edges.ShouldContain(e => e.From == node["Validate"] && plan.Label(e.To) == "ValidationReport" && e.Stroke == "thick");
            // No edge crosses from one cloud's lane into another's: each runs on its own.
            plan.Edges.Where(e => lane.Nodes.Contains(e.From)).ShouldAllBe(e => lane.Nodes.Contains(e.To) || !plan.Subgraphs.Any(s =>
                s.Nodes.Contains(e.To)));
        }
    }

    [Fact]
    public async Task A_clean_copy_passes_and_a_hand_edited_diagram_fails_with_the_diff_and_the_command_that_regenerates_it()
    {
        var copy = new PlatformCopy();
        var clean = await RunAsync(copy, "CheckDocs");
        clean.ExitCode.ShouldBe(0, clean.All);
        clean.Out.ShouldContain("README.md: its generated diagrams match their sources");

        copy.Edit("README.md", "[\"trinity-hello-gcp\"]", "[\"trinity-hello-gcp (renamed by hand)\"]");
        var edited = await RunAsync(copy, "CheckDocs");
        edited.ExitCode.ShouldBe(1, edited.All);
        edited.Out.ShouldContain("README.md: a generated diagram differs from what platform/, the stack config and the build's " +
            "targets make");
        edited.Out.ShouldContain("-      n_gcp_Application_trinity_hello_gcp[\"trinity-hello-gcp (renamed by hand)\"]");
        edited.Out.ShouldContain("1 documents out of step with their diagrams' sources; run ./build.sh GenerateDocs and commit the result");
    }

    [Fact]
    public async Task A_wave_changed_in_platform_without_GenerateDocs_fails_until_it_is_regenerated()
    {
        var copy = new PlatformCopy();
        copy.Edit("platform/argocd/base/observability.yaml", "argocd.argoproj.io/sync-wave: \"2\"", "argocd.argoproj.io/sync-wave: \"3\"");
        var stale = await RunAsync(copy, "CheckDocs");
        stale.ExitCode.ShouldBe(1, stale.All);
        stale.Out.ShouldContain("2 documents out of step");
        stale.Out.ShouldContain("+    subgraph w_gcp_3[\"wave 3\"]");

        var generated = await RunAsync(copy, "GenerateDocs");
        generated.ExitCode.ShouldBe(0, generated.All);
        (await RunAsync(copy, "CheckDocs")).ExitCode.ShouldBe(0);
        File.ReadAllText(copy.PathOf("platform/README.md"))
            .ShouldContain("| 3 | `trinity-observability-<cloud>` | `platform/observability/overlays/<env>-<cloud>` |");
        var waves = await MermaidGraph.ParseAsync(Diagrams(File.ReadAllText(copy.PathOf("README.md"))).First(), Ct);
        var lane = waves.Subgraph("gcp · root trinity-dev-gcp-root");
        waves.Subgraphs.Single(s => s.Title == "wave 3" && lane.Nodes.Contains(s.Id)).Nodes.Select(waves.Label)
            .ShouldBe(["trinity-observability-gcp"]);
    }

    [Fact]
    public async Task A_project_changed_in_the_stack_config_reaches_the_identity_diagram_with_GenerateEnvironments()
    {
        var copy = new PlatformCopy();
        copy.Edit("infra/pulumi/gcp/Pulumi.dev.yaml", "gcp:project: trinity-platform-dev", "gcp:project: acme-platform-dev");
        copy.Edit("infra/pulumi/foundation-gcp/Pulumi.dev.yaml", "gcp:project: trinity-platform-dev", "gcp:project: acme-platform-dev");
        (await RunAsync(copy, "CheckDocs")).ExitCode.ShouldBe(1);

        var run = await RunAsync(copy, "GenerateEnvironments");
        run.ExitCode.ShouldBe(0, run.All);
        run.Out.ShouldContain("wrote README.md");
        (await RunAsync(copy, "CheckDocs")).ExitCode.ShouldBe(0);
        var identity = await MermaidGraph.ParseAsync(Diagrams(File.ReadAllText(copy.PathOf("README.md"))).Last(), Ct);
        identity.Nodes.Select(n => n.Text).ShouldContain("service account trinity-dev-gcp-eso@acme-platform-dev.iam.gserviceaccount.com");
    }

    [Fact]
    public async Task A_document_without_its_markers_is_one_line_and_nothing_is_written()
    {
        var copy = new PlatformCopy();
        copy.Edit("README.md", "<!-- end of generated: identity-chain -->", "");
        var before = File.ReadAllText(copy.PathOf("README.md"));
        var platformBefore = File.ReadAllText(copy.PathOf("platform/README.md"));
        copy.Edit("platform/argocd/base/observability.yaml", "argocd.argoproj.io/sync-wave: \"2\"", "argocd.argoproj.io/sync-wave: \"3\"");

        var run = await RunAsync(copy, "GenerateDocs");
        run.ExitCode.ShouldBe(1, run.All);
        run.Out.ShouldContain("README.md has no section identity-chain: put the lines <!-- generated: identity-chain — ./build.sh " +
            "GenerateDocs writes this section; Verify fails when it differs --> and <!-- end of generated: identity-chain --> where it " +
            "belongs, then run ./build.sh GenerateDocs");
        run.Out.ShouldNotContain("   at ");
        File.ReadAllText(copy.PathOf("README.md")).ShouldBe(before);
        File.ReadAllText(copy.PathOf("platform/README.md")).ShouldBe(platformBefore);
    }
}
