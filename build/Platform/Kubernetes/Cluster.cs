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

    /// <summary>A GET of a path on the API server (it starts with /), answered whatever its status.</summary>
    internal async Task<HttpResponseMessage> GetAsync(string path, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, Server + path);
        return await SendAsync(request, ct);
    }

    public void Dispose()
    {
        http.Dispose();
        api.Dispose();
    }
}
