using System.Text;
using Engine.Processes;

namespace Engine.Tests;

/// <summary>Canary values through every output channel: console, tool output (stdout and stderr), the logged
/// command line, exceptions, the summary, the step summary, reports and GitHub annotations.</summary>
public sealed class MaskingTests
{
    const string Token = "canary-token-7Qx9Lm2Pz";
    const string Learned = "canary-learned-Vb3Kw8Rt";
    const string MultiLine = "first-canary-line-A1\nsecond-canary-line-B2";

    sealed class Leaky : BuildBase
    {
        [Parameter("A token."), Secret] string? ApiToken { get; set; }
        [Parameter("A value the build learns at run time.")] string Learnt { get; set; } = "";

        Target Leak => _ => _.Executes(async ct =>
        {
            Secrets.Register(Learnt);
            Secrets.Register(MultiLine);
            Log.Info($"token is {ApiToken}; learned is {Learnt}");
            Log.Warning("second line of the multi-line secret: " + MultiLine.Split('\n')[1]);
            Log.Info("base64 of the learned value: " + Convert.ToBase64String(Encoding.UTF8.GetBytes(Learnt)));
            await new Tool("sh").RunAsync(["-c", $"echo out {Learnt}; echo err {ApiToken} >&2"], cancellationToken: ct);
            Summary.Note($"note {Learnt}");
            Summary.Markdown($"markdown {Learnt}");
            Reports.WriteJson(".nuke/temp/report.json", new { ApiToken, Learnt });
            await new Tool("sh").RunAsync(["-c", $"echo dying with {Learnt}; exit 3"], cancellationToken: ct);
        });

        Target Throw => _ => _.Executes(() => throw new InvalidOperationException($"defect mentions {ApiToken}"));
    }

    static readonly string[] Canaries = [Token, Learned, .. MultiLine.Split('\n'), Convert.ToBase64String(Encoding.UTF8.GetBytes(Learned))];

    static void ShouldHoldNoCanary(string text, string channel)
    {
        foreach (var canary in Canaries) text.ShouldNotContain(canary, Case.Sensitive, $"{channel} leaked a secret");
    }

    [Fact]
    public async Task No_channel_shows_a_secret()
    {
        var root = Harness.TempRoot();
        var stepSummary = Path.Combine(root, "step-summary.md");
        var run = await Harness.Run<Leaky>(["Leak", "--learnt", Learned],
            new() { Root = root,
                Environment = { ["API_TOKEN"] = Token, ["GITHUB_ACTIONS"] = "true", ["GITHUB_STEP_SUMMARY"] = stepSummary } });

        run.ExitCode.ShouldBe(1);
        // GitHub hides these lines itself; they are the only place a value may appear.
        var lines = run.Out.Split('\n').Where(l => !l.StartsWith("::add-mask::", StringComparison.Ordinal));
        ShouldHoldNoCanary(string.Join('\n', lines), "console");
        ShouldHoldNoCanary(run.Error, "stderr");
        ShouldHoldNoCanary(File.ReadAllText(stepSummary), "step summary");
        ShouldHoldNoCanary(File.ReadAllText(Path.Combine(root, ".nuke/temp/report.json")), "report");

        run.Out.ShouldContain("token is ***; learned is ***");
        run.Out.ShouldContain("sh │ out ***");
        run.Out.ShouldContain("sh │ err ***");
        run.Out.ShouldContain("second line of the multi-line secret: ***");
        run.Out.ShouldContain("base64 of the learned value: ***");
        run.Out.ShouldContain("> sh -c 'echo out ***; echo err *** >&2'");
        run.Out.ShouldContain("exited with code 3; last lines:");
        run.Out.ShouldContain("dying with ***");
        run.Out.ShouldContain("::error title=Leak failed::");
        File.ReadAllText(stepSummary).ShouldContain("markdown ***");
        File.ReadAllText(Path.Combine(root, ".nuke/temp/report.json")).ShouldContain("\"learnt\": \"***\"");
    }

    [Fact]
    public async Task GitHub_is_told_every_form_of_a_secret_to_mask()
    {
        var run = await Harness.Run<Leaky>(["Leak", "--learnt", Learned],
            new() { Environment = { ["API_TOKEN"] = Token, ["GITHUB_ACTIONS"] = "true" } });
        var masks = run.Out.Split('\n').Where(l => l.StartsWith("::add-mask::", StringComparison.Ordinal)).ToList();
        masks.ShouldContain($"::add-mask::{Token}");
        masks.ShouldContain($"::add-mask::{Learned}");
        masks.ShouldContain("::add-mask::first-canary-line-A1");
        masks.ShouldContain("::add-mask::second-canary-line-B2");
        masks.ShouldContain($"::add-mask::{Convert.ToBase64String(Encoding.UTF8.GetBytes(Learned))}");
        // Announced before the first line that could carry the value.
        run.Out.IndexOf($"::add-mask::{Learned}", StringComparison.Ordinal)
            .ShouldBeLessThan(run.Out.IndexOf("token is", StringComparison.Ordinal));
    }

    [Fact]
    public void A_multi_line_secret_masks_its_lines_but_not_the_keys_that_only_open_a_block()
    {
        var masker = new Engine.Output.Masker();
        masker.Register("users:\n- name: trinity-dev-gcp\n  user:\n    token: canary-kube-Wq38Zt\n");
        masker.Mask("gcloud compute disks list --filter=\"-users:*\"").ShouldBe("gcloud compute disks list --filter=\"-users:*\"");
        masker.Mask("the line token: canary-kube-Wq38Zt leaked").ShouldBe("the line *** leaked");
    }

    [Fact]
    public async Task Exceptions_and_stack_traces_are_masked()
    {
        var run = await Harness.Run<Leaky>(["Throw", "--api-token", Token]);
        run.ExitCode.ShouldBe(1);
        run.Out.ShouldContain("InvalidOperationException: defect mentions ***");
        ShouldHoldNoCanary(run.All, "exception");
    }

    [Fact]
    public async Task Help_and_plan_never_show_a_secret_value()
    {
        var help = await Harness.Run<Leaky>(["--help"], new() { Environment = { ["API_TOKEN"] = Token } });
        help.Out.ShouldContain("secret, masked in all output");
        var plan = await Harness.Run<Leaky>(["Leak", "--plan", "--api-token", Token]);
        plan.Out.ShouldContain("--api-token ***");
        ShouldHoldNoCanary(help.All + plan.All, "help/plan");
    }

    [Fact]
    public async Task A_bad_secret_value_is_not_echoed_in_the_error_line()
    {
        var run = await Harness.Run<SecretNumber>(["Show", "--pin", "12ab-canary"]);
        run.ExitCode.ShouldBe(2);
        run.Error.Trim().ShouldBe("--pin: the value is not a whole number");
    }

    sealed class SecretNumber : BuildBase
    {
        [Parameter("A PIN."), Secret] int Pin { get; set; }
        Target Show => _ => _.Executes(() => Log.Info($"pin set: {Pin > 0}"));
    }
}
