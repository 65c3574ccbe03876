namespace Build.Tests;

/// <summary>Environments as data: AddEnvironment's refusals leave nothing behind, and GenerateEnvironments reproduces the
/// committed roots and overlays exactly from the declarations and the stack config.</summary>
public sealed class EnvironmentTests
{
    static Task<Harness.Result> Run(PlatformCopy copy, params string[] args) =>
        Harness.Run<Trinity.Build.Build>(args, new() { Root = copy.Root, Default = Trinity.Build.Build.DefaultTarget });

    [Fact]
    public async Task The_committed_roots_and_overlays_are_exactly_what_the_declarations_generate()
    {
        var copy = new PlatformCopy();
        var folders = new[] { "platform/argocd/roots", "platform/argocd/overlays", "platform/secrets-demo/overlays",
            "platform/observability/overlays" };
        var before = folders.SelectMany(f => Directory.GetFiles(copy.PathOf(f), "*", SearchOption.AllDirectories))
            .ToDictionary(f => f, File.ReadAllText);
        var run = await Run(copy, "GenerateEnvironments");
        run.ExitCode.ShouldBe(0, run.All);
        run.Out.ShouldNotContain("wrote ");
        foreach (var (file, text) in before) File.ReadAllText(file).ShouldBe(text, file);
    }

    [Fact]
    public async Task AddEnvironment_refuses_a_declared_name_and_a_name_no_cluster_could_carry_and_writes_nothing()
    {
        var copy = new PlatformCopy();
        var files = Directory.GetFiles(copy.Root, "*", SearchOption.AllDirectories).Length;

        var declared = await Run(copy, "AddEnvironment");
        declared.ExitCode.ShouldBe(2);
        declared.Error.Trim().ShouldBe("AddEnvironment: --environment dev is declared already (platform/environments/dev.yaml)");

        var tooLong = await Run(copy, "AddEnvironment", "--environment", "production");
        tooLong.ExitCode.ShouldBe(2);
        tooLong.Error.Trim().ShouldBe("AddEnvironment: --environment production: a new environment's name must be 2-8 lowercase " +
            "letters and digits, starting with a letter");
        Directory.GetFiles(copy.Root, "*", SearchOption.AllDirectories).Length.ShouldBe(files);
    }

    [Fact]
    public async Task A_new_environment_has_its_own_names_everywhere_and_no_secret_of_the_other()
    {
        var copy = new PlatformCopy();
        copy.Edit("infra/pulumi/gcp/Pulumi.dev.yaml", "  gcp:zone: europe-west1-b\n",
            "  gcp:zone: europe-west1-b\n  trinity:secretsDemoValue:\n    secure: v1:canaryCiphertext0000\n");
        var run = await Run(copy, "AddEnvironment", "--environment", "qa");
        run.ExitCode.ShouldBe(0, run.All);
        var stack = File.ReadAllText(copy.PathOf("infra/pulumi/gcp/Pulumi.qa.yaml"));
        stack.ShouldContain("trinity:env: qa");
        stack.ShouldNotContain("canaryCiphertext");
        stack.ShouldNotContain("  trinity:secretsDemoValue:");
        var overlay = File.ReadAllText(copy.PathOf("platform/secrets-demo/overlays/qa-gcp/kustomization.yaml"));
        overlay.ShouldContain("value: trinity-qa-gcp-secrets-demo");
        overlay.ShouldContain("clusterName, value: trinity-qa-gcp");
        overlay.ShouldNotContain("trinity-dev-");
        File.ReadAllText(copy.PathOf("platform/argocd/roots/qa-aws/kustomization.yaml")).ShouldContain("namePrefix: trinity-qa-aws-");
        File.ReadAllText(copy.PathOf("platform/environments/qa.yaml")).ShouldContain("clouds: [aws, gcp, azure]");
        File.ReadAllText(copy.PathOf("platform/environments/qa.yaml")).ShouldContain("\nkubernetes: \"1.33\"\n");
    }

    [Theory]
    [InlineData("kubernetes: \"1.33\"", "kubernetes: \"1.32\"", "1.32")]
    [InlineData("kubernetes: \"1.33\"\n", "", "1.33")]
    public async Task AddEnvironment_declares_the_Kubernetes_minor_of_the_environment_it_copies_or_the_default(string from, string to,
        string declared)
    {
        var copy = new PlatformCopy();
        copy.Edit("platform/environments/dev.yaml", from, to);
        var run = await Run(copy, "AddEnvironment", "--environment", "qa");
        run.ExitCode.ShouldBe(0, run.All);
        File.ReadAllText(copy.PathOf("platform/environments/qa.yaml")).ShouldContain($"\nkubernetes: \"{declared}\"\n");
    }
}
