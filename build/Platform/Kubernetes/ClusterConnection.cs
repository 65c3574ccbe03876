using Engine;
using k8s;
using Trinity.Build.Platform.Advice;
using Trinity.Build.Platform.Clouds;

namespace Trinity.Build.Platform.Kubernetes;

/// <summary>The cluster of one cloud, from the kubeconfig in force: --kubeconfig (one cloud only) or
/// kubeconfig.&lt;cloud&gt;.yaml at the root, which the Kubeconfig target writes. Credentials in it are masked from the
/// moment it is read.</summary>
public static class ClusterConnection
{
    public static Cluster Connect(Cloud cloud, string path, Remedies remedies)
    {
        var shown = remedies.KubeconfigFile(cloud);
        if (!File.Exists(path))
            throw new TargetFailedException($"{shown} does not exist: write it with {remedies.Kubeconfig(cloud)}, or pass --kubeconfig " +
                $"<file>");
        return Open(cloud, shown, remedies, () => KubernetesClientConfiguration.BuildConfigFromConfigFile(path));
    }

    /// <summary>The cluster from a kubeconfig held in memory (a stack's secret output), never written to disk;
    /// <paramref name="shown"/> says where it came from in messages.</summary>
    public static Cluster FromText(Cloud cloud, string kubeconfig, string shown, Remedies remedies)
    {
        Secrets.Register(kubeconfig);
        return Open(cloud, shown, remedies, () =>
        {
            using var stream = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(kubeconfig));
            return KubernetesClientConfiguration.BuildConfigFromConfigObject(KubernetesClientConfiguration.LoadKubeConfig(stream));
        });
    }

    static Cluster Open(Cloud cloud, string shown, Remedies remedies, Func<KubernetesClientConfiguration> load)
    {
        KubernetesClientConfiguration config;
        try
        {
            config = load();
        }
        catch (Exception e) when (e is k8s.Exceptions.KubeConfigException or IOException or UnauthorizedAccessException
                                      or YamlDotNet.Core.YamlException or ArgumentException or InvalidOperationException)
        {
            throw new TargetFailedException($"{shown} is not a usable kubeconfig ({Secrets.Mask(e.Message)}): write it again with " +
                $"{remedies.Kubeconfig(cloud)}");
        }
        foreach (var secret in new[] { config.AccessToken, config.Password, config.ClientCertificateKeyData,
            config.ClientCertificateData }) Secrets.Register(secret);
        // The handler is first in the client's chain; a raw HttpClient over it shares retries and TLS settings.
        var retries = new TransientRetryHandler();
        var api = new k8s.Kubernetes(config, retries);
        return new Cluster(api, new HttpClient(retries, disposeHandler: false), shown);
    }
}
