using System.Text.Json;
using k8s;

namespace Fakes.Kubernetes.Tests;

/// <summary>A started fake and a real client built the way the build builds it: from a kubeconfig file.</summary>
sealed class Harness : IAsyncDisposable
{
    Harness(FakeKubernetes fake, k8s.Kubernetes client, string kubeconfig)
    {
        Fake = fake;
        Client = client;
        KubeconfigPath = kubeconfig;
    }

    public FakeKubernetes Fake { get; }

    public k8s.Kubernetes Client { get; }

    public string KubeconfigPath { get; }

    public static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static async Task<Harness> StartAsync()
    {
        var fake = await FakeKubernetes.StartAsync(Ct);
        var path = Path.Combine(Path.GetTempPath(), "fakes-kubernetes", $"kubeconfig-{Guid.NewGuid():n}.yaml");
        fake.WriteKubeconfig(path);
        var config = KubernetesClientConfiguration.BuildConfigFromConfigFile(path);
        return new Harness(fake, new k8s.Kubernetes(config), path);
    }

    /// <summary>A second client on the same kubeconfig (its own connection pool).</summary>
    public k8s.Kubernetes NewClient() => new(KubernetesClientConfiguration.BuildConfigFromConfigFile(KubeconfigPath));

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await Fake.DisposeAsync();
        File.Delete(KubeconfigPath);
    }

    /// <summary>What the client returns for custom objects (a JsonElement) as a JsonObject.</summary>
    public static JsonObject Node(object? value) => value switch
    {
        JsonElement element => JsonNode.Parse(element.GetRawText())!.AsObject(),
        JsonNode node => node.AsObject(),
        _ => JsonSerializer.SerializeToNode(value)!.AsObject(),
    };

    /// <summary>The Status body of a failed call.</summary>
    public static JsonObject Status(k8s.Autorest.HttpOperationException e) => JsonNode.Parse(e.Response.Content)!.AsObject();
}
