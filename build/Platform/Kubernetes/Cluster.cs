namespace Trinity.Build.Platform.Kubernetes;

/// <summary>One cluster's API: the typed client, and a raw HTTP client on the same handler chain (retries, TLS)
/// for what the typed client cannot express (a service-proxy GET with a query string).</summary>
public sealed class Cluster(k8s.Kubernetes api, HttpClient http) : IDisposable
{
    public k8s.IKubernetes Api { get; } = api;

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
