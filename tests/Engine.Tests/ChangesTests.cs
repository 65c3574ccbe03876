using Engine.Workflows;

namespace Engine.Tests;

/// <summary>Changes through an API: made in a real run, only said in a dry run (the engine decides, the target reads the
/// same way in both); and the workflow pieces that carry expressions (concurrency, run-name) and Dependabot's file.</summary>
public sealed class ChangesTests
{
    sealed class Service : BuildBase
    {
        public static List<string> Made { get; } = [];

        [Parameter("Where the sample writes.")] public string Marker { get; set; } = "";

        Target Configure => _ => _.Executes(async _ =>
        {
            Changes.Reading($"GET settings/{Marker}");
            var made = await Changes.MakeAsync($"PUT settings/{Marker} {{\"on\":true}}", () =>
            {
                lock (Made) Made.Add(Marker);
                return Task.CompletedTask;
            });
            Log.Info(made ? "made" : "planned");
        });
    }

    [Fact]
    public async Task A_dry_run_prints_the_call_and_its_read_and_makes_nothing_while_a_real_run_makes_it_quietly()
    {
        var marker = Guid.NewGuid().ToString("N");
        var dry = await Harness.Run<Service>("Configure", "--marker", marker, "--dry-run");
        dry.ExitCode.ShouldBe(0, dry.All);
        dry.Out.ShouldContain($"reading (runs in a dry run too): GET settings/{marker}");
        dry.Out.ShouldContain($"would PUT settings/{marker} {{\"on\":true}}");
        dry.Out.ShouldContain("planned");
        lock (Service.Made) Service.Made.ShouldNotContain(marker);

        var real = await Harness.Run<Service>("Configure", "--marker", marker);
        real.ExitCode.ShouldBe(0, real.All);
        real.Out.ShouldNotContain("GET settings");
        real.Out.ShouldNotContain("would PUT");
        real.Out.ShouldContain("made");
        lock (Service.Made) Service.Made.ShouldContain(marker);
    }

    [Fact]
    public void Concurrency_may_cancel_by_expression_and_a_run_name_is_written()
    {
        var yaml = WorkflowWriter.Write(new Workflow("ci.yml", "CI")
        {
            RunName = "CI ${{ inputs.id }}",
            Concurrency = new Concurrency("ci-${{ github.ref }}", "${{ github.event_name == 'pull_request' }}"),
            Jobs =
            [
                new Job("a", "A") { Concurrency = new Concurrency("a", cancelInProgress: false), Steps = [new Step("x") { Run = "true" }] },
            ],
        }, "header");
        yaml.ShouldContain("run-name: CI ${{ inputs.id }}\n");
        yaml.ShouldContain("  cancel-in-progress: ${{ github.event_name == 'pull_request' }}\n");
        yaml.ShouldContain("    cancel-in-progress: false\n");
    }

    [Fact]
    public void Dependabot_lists_each_ecosystem_with_its_folders_and_groups_minor_and_patch_updates()
    {
        var yaml = new Dependabot([new("npm", ["/a", "/b"]), new("nuget", ["/"])]).Write("Generated");
        yaml.ShouldBe("""
            # Generated
            version: 2
            updates:
              - package-ecosystem: npm
                directories:
                  - /a
                  - /b
                schedule:
                  interval: weekly
                groups:
                  npm-minor-and-patch:
                    patterns:
                      - "*"
                    update-types:
                      - minor
                      - patch
              - package-ecosystem: nuget
                directory: /
                schedule:
                  interval: weekly
                groups:
                  nuget-minor-and-patch:
                    patterns:
                      - "*"
                    update-types:
                      - minor
                      - patch

            """.Replace("\r\n", "\n", StringComparison.Ordinal));
    }
}
