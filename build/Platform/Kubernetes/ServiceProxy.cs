using System.Net;

namespace Trinity.Build.Platform.Kubernetes;

/// <summary>GET through the API server's service proxy (/api/v1/namespaces/NS/services/NAME:PORT/proxy/PATH?QUERY),
/// on the client's own handler chain and credentials, answering with the status code whatever it is (the generated
/// ConnectGet…ProxyWithPath throws on a 503 from /-/ready, where the status is the answer).</summary>
public static class ServiceProxy
{
    public static async Task<(HttpStatusCode Status, string Body)> GetAsync(Cluster cluster, string ns, string service, string port,
        string pathAndQuery, CancellationToken ct)
    {
        using var response = await cluster.GetAsync(
            $"/api/v1/namespaces/{ns}/services/{service}:{port}/proxy/{pathAndQuery.TrimStart('/')}", ct);
        return (response.StatusCode, await response.Content.ReadAsStringAsync(ct));
    }
}
