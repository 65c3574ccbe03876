using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Build.Tests.Cluster;
using Testing;

// The cluster leg, measured side by side in one run: the real build against fake clusters (127.0.0.1).
// Prints one line per figure: name, value, goal, verdict.
const int Runs = 5;
var latency = TimeSpan.FromMilliseconds(300);

var single = new List<double>();
var all = new List<double>();
for (var i = 0; i < Runs; i++)
{
    string[] clouds = ["aws", "gcp", "azure"];
    var clusters = await Task.WhenAll(clouds.Select(PlatformCluster.StartAsync));
    foreach (var c in clusters) c.Api.Latency = latency;
    var slowest = 0.0;
    foreach (var c in clusters) slowest = Math.Max(slowest, await Time(() => Validate([c])));
    single.Add(slowest);
    all.Add(await Time(() => Validate(clusters)));
    foreach (var c in clusters) await c.DisposeAsync();
}

var requests = new List<int>();
{
    await using var cluster = await PlatformCluster.StartAsync("gcp");
    cluster.Api.ClearRequests();
    await Validate([cluster]);
    requests.Add(cluster.Api.RequestCount);
}

var reactions = new List<double>();
for (var i = 0; i < Runs; i++)
{
    await using var cluster = await PlatformCluster.StartAsync("gcp");
    cluster.App("trinity-observability-gcp", a => a["status"]!["health"] = new JsonObject { ["status"] = "Progressing" });
    var writer = new StampingWriter("every wave done");
    var root = Harness.TempRoot();
    cluster.Api.WriteKubeconfig(Path.Combine(root, "kubeconfig.gcp.yaml"));
    var running = Harness.Run<Trinity.Build.Build>(["WaitForSync", "--cloud", "gcp"],
        new() { Root = root, Default = Trinity.Build.Build.DefaultTarget, Out = writer });
    await cluster.Api.WaitForWatchesAsync(1, TimeSpan.FromSeconds(30));
    var healthyAt = Stopwatch.GetTimestamp();
    cluster.App("trinity-observability-gcp", a => a["status"]!["health"] = new JsonObject { ["status"] = "Healthy" });
    await running;
    reactions.Add(Stopwatch.GetElapsedTime(healthyAt,
        writer.Stamp ?? throw new InvalidOperationException("the wave never completed")).TotalMilliseconds);
}

var ratio = Median(all) / Median(single);
Print("validate_all_clouds_vs_slowest_single", Math.Round(ratio, 2), "x", "<= 1.3", ratio <= 1.3,
    $"{Median(all):0.00} s vs {Median(single):0.00} s, {latency.TotalMilliseconds:0} ms latency per request");
Print("wave_reaction_ms", Median(reactions), "ms", "<= 100", Median(reactions) <= 100, "last app Healthy → wave complete");
Print("validate_requests_per_cloud", requests.Max(), "", "<= 30", requests.Max() <= 30, "API requests for one Validate");

static async Task Validate(PlatformCluster[] clusters)
{
    var root = Harness.TempRoot();
    foreach (var c in clusters) c.Api.WriteKubeconfig(Path.Combine(root, $"kubeconfig.{c.Cloud}.yaml"));
    var run = await Harness.Run<Trinity.Build.Build>(["Validate", "--cloud", .. clusters.Select(c => c.Cloud)],
        new() { Root = root, Default = Trinity.Build.Build.DefaultTarget });
    if (run.ExitCode != 0) throw new InvalidOperationException("Validate failed in the benchmark:\n" + run.Out);
}

static async Task<double> Time(Func<Task> action)
{
    var start = Stopwatch.GetTimestamp();
    await action();
    return Stopwatch.GetElapsedTime(start).TotalSeconds;
}

static double Median(List<double> values) => values.Order().ElementAt(values.Count / 2);

static void Print(string name, double value, string unit, string goal, bool met, string detail) =>
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"{name}\t{value:0.##}{unit}\t{goal}\t{(met ? "met" : "missed")}\t{detail}"));

/// <summary>Records when a line containing the marker is written.</summary>
sealed class StampingWriter(string marker) : StringWriter
{
    public long? Stamp { get; private set; }

    public override void WriteLine(string? value)
    {
        if (Stamp is null && value?.Contains(marker, StringComparison.Ordinal) == true) Stamp = Stopwatch.GetTimestamp();
        base.WriteLine(value);
    }

    public override Encoding Encoding => Encoding.UTF8;
}
