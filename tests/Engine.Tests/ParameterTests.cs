using Engine.Text;

namespace Engine.Tests;

public sealed class ParameterTests
{
    public enum Flavour { Vanilla, Chocolate, StrawberryRipple }

    sealed class Shop : BuildBase
    {
        [Parameter("Region to deliver to.")] string Region { get; set; } = "us-east-1";
        [Parameter("Say more.")] bool Verbose { get; set; }
        [Parameter("How often to retry.")] int Retries { get; set; } = 3;
        [Parameter("How long one wave may take.")] TimeSpan WaveTimeout { get; set; } = TimeSpan.FromMinutes(10);
        [Parameter("Flavours to serve.", AllowAll = true)] Flavour[] Flavours { get; set; } = [];
        [Parameter("The one flavour.")] Flavour Favourite { get; set; } = Flavour.Vanilla;
        [Parameter("Shop name.", Pattern = "[a-z]+", PatternHint = "lowercase letters only")] string Name { get; set; } = "dev";

        Target Show => _ => _.Executes(() => Log.Info(
            $"values: region={Region} verbose={Verbose} retries={Retries} timeout={Durations.Format(WaveTimeout)} " +
            $"flavours={string.Join(",", Flavours)} favourite={Favourite} name={Name}"));

        Target Serve => _ => _.Requires(() => Flavours).Executes(() => Log.Info("ran Serve"));
    }

    static async Task<string> Values(string[] args, Harness.Settings? settings = null)
    {
        var run = await Harness.Run<Shop>(["Show", .. args], settings ?? new Harness.Settings());
        run.ExitCode.ShouldBe(0, run.All);
        return run.Out.Split('\n').Single(l => l.StartsWith("values: ", StringComparison.Ordinal))["values: ".Length..].Trim();
    }

    static async Task BadInput(string[] args, string expected, Harness.Settings? settings = null)
    {
        var run = await Harness.Run<Shop>(args, settings ?? new Harness.Settings());
        run.ExitCode.ShouldBe(2);
        run.Out.ShouldBeEmpty("nothing runs on bad input");
        run.Error.TrimEnd('\n').ShouldBe(expected);
    }

    [Fact]
    public async Task Members_keep_their_defaults_when_nothing_is_given() =>
        (await Values([])).ShouldBe("region=us-east-1 verbose=False retries=3 timeout=10m flavours= favourite=Vanilla name=dev");

    [Fact]
    public async Task Each_source_overrides_the_next_cli_env_profile_parameters_json_default()
    {
        var root = Harness.TempRoot("""{ "$schema": "./build.schema.json", "region": "from-json", "retries": 4, "name": "json" }""");
        File.WriteAllText(Path.Combine(root, ".nuke", "parameters.ci.json"), """{ "region": "from-ci", "retries": 5 }""");
        File.WriteAllText(Path.Combine(root, ".nuke", "parameters.late.json"), """{ "region": "from-late" }""");

        (await Values([], new() { Root = root })).ShouldContain("region=from-json verbose=False retries=4");
        (await Values(["--profile", "ci"], new() { Root = root })).ShouldContain("region=from-ci verbose=False retries=5");
        (await Values(["--profile", "ci", "late"], new() { Root = root })).ShouldContain("region=from-late verbose=False retries=5");
        var env = new Harness.Settings { Root = root, Environment = { ["REGION"] = "from-env" } };
        (await Values(["--profile", "ci", "late"], env)).ShouldContain("region=from-env verbose=False retries=5");
        (await Values(["--profile", "ci", "--region", "from-cli"], env))
            .ShouldContain("region=from-cli verbose=False retries=5 timeout=10m flavours= favourite=Vanilla name=json");
    }

    [Fact]
    public async Task Values_are_typed_from_the_words_people_type()
    {
        (await Values(["--verbose", "--retries", "7", "--wave-timeout", "90s"])).ShouldContain("verbose=True retries=7 timeout=1m30s");
        (await Values(["--wave-timeout", "1h30m", "--verbose", "false"])).ShouldContain("verbose=False retries=3 timeout=1h30m");
        (await Values(["--wave-timeout=00:02:00"])).ShouldContain("timeout=2m");
        (await Values(["--favourite", "CHOCOLATE"])).ShouldContain("favourite=Chocolate");
        (await Values(["--flavours", "vanilla", "strawberry-ripple"])).ShouldContain("flavours=Vanilla,StrawberryRipple");
        (await Values(["--flavours", "all"])).ShouldContain("flavours=Vanilla,Chocolate,StrawberryRipple");
        (await Values(["--flavours=chocolate,vanilla"])).ShouldContain("flavours=Vanilla,Chocolate");
    }

    [Fact]
    public async Task A_list_of_enum_values_ends_at_the_first_target_name()
    {
        var run = await Harness.Run<Shop>("--flavours", "chocolate", "Serve", "Show");
        run.ExitCode.ShouldBe(0, run.All);
        run.Ran.ShouldBe(["Serve"]);
        run.Out.ShouldContain("flavours=Chocolate ");
    }

    [Fact]
    public async Task A_flag_does_not_swallow_the_target_after_it()
    {
        var run = await Harness.Run<Shop>("--verbose", "Show");
        run.ExitCode.ShouldBe(0, run.All);
        run.Out.ShouldContain("verbose=True");
    }

    [Fact]
    public async Task Environment_variables_use_the_upper_snake_name() =>
        (await Values([], new() { Environment = { ["WAVE_TIMEOUT"] = "5m", ["FLAVOURS"] = "vanilla,chocolate", ["VERBOSE"] = "true" } }))
            .ShouldBe("region=us-east-1 verbose=True retries=3 timeout=5m flavours=Vanilla,Chocolate favourite=Vanilla name=dev");

    [Fact]
    public Task An_unknown_parameter_names_the_closest_one() =>
        BadInput(["Show", "--flavors", "vanilla"], "unknown parameter '--flavors'; did you mean '--flavours'?");

    [Fact]
    public Task An_unknown_parameter_without_a_close_one_says_only_that() =>
        BadInput(["Show", "--colour", "red"], "unknown parameter '--colour'");

    [Fact]
    public Task A_wrong_enum_value_lists_the_allowed_ones() =>
        BadInput(["Show", "--flavours", "vanilla", "mint"], "--flavours: 'mint' is not one of vanilla, chocolate, strawberry-ripple, all");

    [Fact]
    public Task A_wrong_number_says_so() => BadInput(["Show", "--retries", "many"], "--retries: 'many' is not a whole number");

    [Fact]
    public Task A_wrong_duration_shows_the_forms_allowed() =>
        BadInput(["Show", "--wave-timeout", "soon"], "--wave-timeout: 'soon' is not a duration such as 90s, 10m, 1h30m or 00:10:00");

    [Fact]
    public Task A_value_outside_the_pattern_names_what_is_allowed() =>
        BadInput(["Show", "--name", "Dev_1"], "--name: 'Dev_1' is not lowercase letters only");

    [Fact]
    public Task A_missing_value_is_named() => BadInput(["Show", "--retries"], "--retries: a value is required (a whole number)");

    [Fact]
    public Task A_bad_environment_value_names_the_variable() =>
        BadInput(["Show"], "FLAVOURS: 'mint' is not one of vanilla, chocolate, strawberry-ripple, all",
            new() { Environment = { ["FLAVOURS"] = "mint" } });

    [Fact]
    public Task A_required_parameter_missing_for_a_scheduled_target_fails_before_anything_runs() =>
        BadInput(["Show", "Serve"],
            "Serve requires --flavours: pass --flavours vanilla|chocolate|strawberry-ripple|all, or set FLAVOURS or 'flavours' in " +
                ".nuke/parameters.json");

    [Fact]
    public async Task A_required_parameter_is_not_needed_when_its_target_is_not_scheduled() =>
        (await Harness.Run<Shop>("Show")).ExitCode.ShouldBe(0);

    [Fact]
    public Task Malformed_parameters_json_names_the_file_the_line_and_what_is_wrong() =>
        BadInput(["Show"], ".nuke/parameters.json: line 3: unexpected '}' at position 3",
            new() { Root = Harness.TempRoot("{\n  \"region\": \n  }\n") });

    [Fact]
    public Task A_parameters_json_that_ends_too_early_says_so() =>
        BadInput(["Show"], ".nuke/parameters.json: line 2: unexpected end of file (a brace, bracket or quote is not closed)",
            new() { Root = Harness.TempRoot("{\n  \"region\": \"north\"\n") });

    [Fact]
    public Task An_unknown_key_in_parameters_json_names_the_closest_parameter() =>
        BadInput(["Show"], ".nuke/parameters.json: unknown parameter 'regoin'; did you mean 'region'?",
            new() { Root = Harness.TempRoot("""{ "regoin": "x" }""") });

    [Fact]
    public Task A_wrongly_shaped_value_in_parameters_json_is_named() =>
        BadInput(["Show"], ".nuke/parameters.json: retries: expected a string, number or boolean",
            new() { Root = Harness.TempRoot("""{ "retries": { "count": 3 } }""") });

    [Fact]
    public Task A_bad_value_in_a_profile_names_the_profile_file()
    {
        var root = Harness.TempRoot();
        File.WriteAllText(Path.Combine(root, ".nuke", "parameters.ci.json"), """{ "favourite": "mint" }""");
        return BadInput(["Show", "--profile", "ci"],
            ".nuke/parameters.ci.json: favourite: 'mint' is not one of vanilla, chocolate, strawberry-ripple", new() { Root = root });
    }

    [Fact]
    public Task A_profile_without_its_file_is_named() =>
        BadInput(["Show", "--profile", "nightly"], ".nuke/parameters.nightly.json does not exist (named by --profile)");
}
