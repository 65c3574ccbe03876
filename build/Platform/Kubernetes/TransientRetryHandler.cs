using Trinity.Build.Platform.Resilience;

namespace Trinity.Build.Platform.Kubernetes;

/// <summary>Puts every request to a cluster's API through <see cref="Retries.ClusterRequest"/>: what an API server
/// behind a load balancer does now and then (5xx, 429, resets) is tried again; the caller's cancellation always wins.</summary>
public sealed class TransientRetryHandler : DelegatingHandler
{
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
        Retries.ClusterRequest.ExecuteAsync(async ct => await base.SendAsync(request, ct), cancellationToken).AsTask();
}
