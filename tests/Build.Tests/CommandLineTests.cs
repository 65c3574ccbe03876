namespace Build.Tests;

/// <summary>The platform build's command line, as a user meets it first.</summary>
public sealed class CommandLineTests
{
    static Task<Harness.Result> Run(params string[] args) =>
        Harness.Run<Trinity.Build.Build>(args, new() { Root = Harness.RepositoryRoot(), Default = Trinity.Build.Build.DefaultTarget });

    [Fact]
    public async Task Help_lists_every_target_and_parameter()
    {
        var run = await Run("--help");
        run.ExitCode.ShouldBe(0);
        run.Out.ShouldMatchSnapshot("help.txt");
    }

    [Fact]
    public async Task Plan_prints_the_tree_and_runs_nothing()
    {
        var run = await Run("--plan", "Verify");
        run.ExitCode.ShouldBe(0);
        run.Out.ShouldMatchSnapshot("plan.txt");
    }

    [Theory]
    [InlineData("--clod aws", "unknown parameter '--clod'; did you mean '--cloud'?")]
    [InlineData("Verify --cloud gpc", "--cloud: 'gpc' is not one of aws, gcp, azure, all")]
    [InlineData("Verify --environment Dev_1", "--environment: 'Dev_1' is not a lowercase DNS label (a-z, 0-9, '-'; starts with a letter)")]
    [InlineData("Verfy", "unknown target 'Verfy'; did you mean 'Verify'? (targets: AddEnvironment, Benchmark, Bootstrap, CheckDocs, ")]
    public async Task Bad_input_is_one_line_exit_2_and_nothing_runs(string args, string expected)
    {
        var run = await Run(args.Split(' '));
        run.ExitCode.ShouldBe(2);
        run.Out.ShouldBeEmpty();
        run.Error.ShouldStartWith(expected);
        run.Error.TrimEnd('\n').ShouldNotContain('\n');
        if (!expected.EndsWith(", ", StringComparison.Ordinal)) run.Error.ShouldBe(expected + "\n");
    }

    [Fact]
    public async Task All_expands_to_the_three_clouds()
    {
        var run = await Run("--plan", "Verify", "--cloud", "all");
        run.Out.ShouldStartWith("Verify  --cloud aws gcp azure");
    }
}
