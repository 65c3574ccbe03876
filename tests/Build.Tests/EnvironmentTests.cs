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
            "platform/observability/overlays", "platform/mandelbrot/overlays" };
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
        File.ReadAllText(copy.PathOf("platform/environments/qa.yaml"))
            .ShouldContain("images:\n  mandelbrot: ghcr.io/trinity-platform/mandelbrot:1.4.2\n");
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

    [Fact]
    public async Task An_environment_with_another_mandelbrot_image_runs_it_on_its_own_clusters_only()
    {
        var copy = new PlatformCopy();
        (await Run(copy, "AddEnvironment", "--environment", "prod")).ExitCode.ShouldBe(0);
        copy.Edit("platform/environments/prod.yaml", "mandelbrot: ghcr.io/trinity-platform/mandelbrot:1.4.2",
            "mandelbrot: registry.example.com/trinity/mandelbrot:2.0.1");
        var run = await Run(copy, "GenerateEnvironments");
        run.ExitCode.ShouldBe(0, run.All);

        foreach (var cloud in new[] { "aws", "gcp", "azure" })
        {
            Images(await KustomizeAsync(copy, $"platform/mandelbrot/overlays/prod-{cloud}"))
                .ShouldBe(["registry.example.com/trinity/mandelbrot:2.0.1"], cloud);
            Images(await KustomizeAsync(copy, $"platform/mandelbrot/overlays/dev-{cloud}"))
                .ShouldBe(["ghcr.io/trinity-platform/mandelbrot:1.4.2"], cloud);
            var children = await KustomizeAsync(copy, $"platform/argocd/overlays/prod-{cloud}");
            var mandelbrot = Application(children, $"trinity-mandelbrot-{cloud}");
            mandelbrot["spec"]!["source"]!["path"]!.GetValue<string>().ShouldBe($"platform/mandelbrot/overlays/prod-{cloud}");
        }

        // Verify's environment rule holds the generated overlay to its declaration.
        copy.Edit("platform/mandelbrot/overlays/prod-gcp/kustomization.yaml", "newTag: \"2.0.1\"", "newTag: \"2.0.2\"");
        (await copy.VerifyAsync()).Of("environment")
            .ShouldContain(f => f.File == "platform/mandelbrot/overlays/prod-gcp/kustomization.yaml");
    }

    [Fact]
    public async Task Only_the_Azure_clusters_label_the_ESO_pods_for_workload_identity()
    {
        var copy = new PlatformCopy();
        foreach (var cloud in new[] { "aws", "gcp", "azure" })
        {
            var eso = Application(await KustomizeAsync(copy, $"platform/argocd/overlays/dev-{cloud}"), $"trinity-secrets-{cloud}");
            var values = eso["spec"]!["source"]!["helm"]!["valuesObject"]!;
            if (cloud == "azure") values["podLabels"]!["azure.workload.identity/use"]!.GetValue<string>().ShouldBe("true");
            else values["podLabels"].ShouldBeNull(cloud);
            // The chart still uses the stack's ServiceAccount on every cloud.
            values["serviceAccount"]!["name"]!.GetValue<string>().ShouldBe("external-secrets");
        }
    }

    static async Task<IReadOnlyList<System.Text.Json.Nodes.JsonObject>> KustomizeAsync(PlatformCopy copy, string folder)
    {
        var kubectl = new System.Diagnostics.ProcessStartInfo("kubectl", ["kustomize", copy.PathOf(folder)])
            { RedirectStandardOutput = true, RedirectStandardError = true };
        using var process = System.Diagnostics.Process.Start(kubectl)!;
        var output = process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        var error = process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        await process.WaitForExitAsync(TestContext.Current.CancellationToken).WaitAsync(TimeSpan.FromSeconds(60),
            TestContext.Current.CancellationToken);
        process.ExitCode.ShouldBe(0, await error);
        return [.. Trinity.Build.Platform.Manifests.Yaml.Documents(await output).OfType<System.Text.Json.Nodes.JsonObject>()];
    }

    static System.Text.Json.Nodes.JsonObject Application(IReadOnlyList<System.Text.Json.Nodes.JsonObject> objects, string name) =>
        objects.Single(o => o["kind"]!.GetValue<string>() == "Application" && o["metadata"]!["name"]!.GetValue<string>() == name);

    static IReadOnlyList<string> Images(IReadOnlyList<System.Text.Json.Nodes.JsonObject> objects) =>
    [
        .. objects.Where(o => o["kind"]!.GetValue<string>() == "Deployment")
            .SelectMany(d => d["spec"]!["template"]!["spec"]!["containers"]!.AsArray().Select(c => c!["image"]!.GetValue<string>())),
    ];
}
