namespace Trinity.Build.Platform.Kubernetes;

/// <summary>One cluster's API: the typed client, and a raw HTTP client on the same handler chain (retries, TLS)
/// for what the typed client cannot express (a service-proxy GET with a query string). Knows where it points and
/// which kubeconfig said so, for messages.</summary>
public sealed class Cluster(k8s.Kubernetes api, HttpClient http, string kubeconfig) : IDisposable
{
    public k8s.IKubernetes Api { get; } = api;

    /// <summary>The API server's URL.</summary>
    public string Server => api.BaseUri.ToString().TrimEnd('/');

    /// <summary>The kubeconfig file, as the user would type it.</summary>
    public string Kubeconfig { get; } = kubeconfig;

    internal async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken ct)
    {
        if (api.Credentials is { } credentials) await credentials.ProcessHttpRequestAsync(request, ct);
        return await http.SendAsync(request, ct);
    }

    internal Uri BaseUri => api.BaseUri;

    public void Dispose()
    {
        http.Dispose();
        api.Dispose();
    }
}
