namespace Build.Tests;

/// <summary>.nuke/build.schema.json is generated from the parameters and checked for drift.</summary>
public sealed class SchemaTests
{
    static Task<Harness.Result> Run(string root, params string[] args) => Harness.Run<Trinity.Build.Build>(args,
        new() { Root = root, Default = Trinity.Build.Build.DefaultTarget });

    static string CopyOfNuke()
    {
        var root = Harness.TempRoot();
        foreach (var file in Directory.GetFiles(Path.Combine(Harness.RepositoryRoot(), ".nuke"), "*.json"))
            File.Copy(file, Path.Combine(root, ".nuke", Path.GetFileName(file)));
        return root;
    }

    [Fact]
    public async Task The_committed_schema_matches_the_parameters()
    {
        var run = await Run(Harness.RepositoryRoot(), "CheckSchema");
        run.ExitCode.ShouldBe(0, run.All);
        run.Out.ShouldContain(".nuke/build.schema.json matches its definitions");
    }

    [Fact]
    public async Task A_stale_schema_fails_with_the_diff_and_the_command_that_fixes_it()
    {
        var root = CopyOfNuke();
        var schema = Path.Combine(root, ".nuke", "build.schema.json");
        File.WriteAllText(schema, File.ReadAllText(schema).Replace("\"gcp\",", "\"gcp\",\n          \"oracle\","));

        var run = await Run(root, "CheckSchema");
        run.ExitCode.ShouldBe(1);
        run.Out.ShouldContain("-          \"oracle\",");
        run.Out.ShouldContain(".nuke/build.schema.json is stale: it differs from what the build's definitions generate; run ./build.sh " +
            "GenerateSchema and commit the result");

        (await Run(root, "GenerateSchema")).ExitCode.ShouldBe(0);
        (await Run(root, "CheckSchema")).ExitCode.ShouldBe(0);
        File.ReadAllText(schema).ShouldNotContain("oracle");
    }

    [Fact]
    public async Task The_schema_describes_types_values_and_defaults()
    {
        var root = Harness.TempRoot();
        (await Run(root, "GenerateSchema")).ExitCode.ShouldBe(0);
        var schema = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(Path.Combine(root, ".nuke", "build.schema.json")))!;
        schema["additionalProperties"]!.GetValue<bool>().ShouldBeFalse();
        var cloud = schema["properties"]!["cloud"]!;
        cloud["type"]!.GetValue<string>().ShouldBe("array");
        cloud["items"]!["enum"]!.AsArray().Select(v => v!.GetValue<string>()).ShouldBe(["aws", "gcp", "azure", "all"]);
        schema["properties"]!["environment"]!["default"]!.GetValue<string>().ShouldBe("dev");
    }

    [Fact]
    public void The_parameters_file_points_editors_at_the_schema() =>
        File.ReadAllText(Path.Combine(Harness.RepositoryRoot(), ".nuke", "parameters.json"))
            .ShouldContain("\"$schema\": \"./build.schema.json\"");
}
