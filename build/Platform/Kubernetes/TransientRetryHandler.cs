using System.Net;
using Polly;
using Polly.Retry;

namespace Trinity.Build.Platform.Kubernetes;

/// <summary>Retries what an API server behind a load balancer does now and then: 5xx, 429, resets. Four tries with
/// exponential, jittered backoff; the caller's cancellation always wins.</summary>
public sealed class TransientRetryHandler : DelegatingHandler
{
    static readonly ResiliencePipeline<HttpResponseMessage> Pipeline = new ResiliencePipelineBuilder<HttpResponseMessage>()
        .AddRetry(new RetryStrategyOptions<HttpResponseMessage>
        {
            MaxRetryAttempts = 4,
            Delay = TimeSpan.FromMilliseconds(200),
            BackoffType = DelayBackoffType.Exponential,
            UseJitter = true,
            ShouldHandle = new PredicateBuilder<HttpResponseMessage>()
                .Handle<HttpRequestException>()
                .Handle<IOException>()
                .HandleResult(r => (int)r.StatusCode >= 500 || r.StatusCode == HttpStatusCode.TooManyRequests),
        })
        .Build();

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
        Pipeline.ExecuteAsync(async ct => await base.SendAsync(request, ct), cancellationToken).AsTask();
}
