using Polly;
using Polly.Retry;

namespace Trinity.Build.Platform.Resilience;

/// <summary>Every retry of the build, as Polly pipelines over one classification (<see cref="Failures"/>): what is
/// transient is tried again with exponential, jittered backoff and a bound; what is not fails at once with its own
/// message. The caller's cancellation always wins.</summary>
public static class Retries
{
    /// <summary>One request to a cluster's API: a transient answer or a reset again after about 0.2, 0.4, 0.8 and
    /// 1.6 s. An unreachable server is left to <see cref="Reconnect"/>, which knows the caller's deadline.</summary>
    public static ResiliencePipeline<HttpResponseMessage> ClusterRequest { get; } = new ResiliencePipelineBuilder<HttpResponseMessage>()
        .AddRetry(new RetryStrategyOptions<HttpResponseMessage>
        {
            MaxRetryAttempts = 4,
            Delay = TimeSpan.FromMilliseconds(200),
            BackoffType = DelayBackoffType.Exponential,
            UseJitter = true,
            ShouldHandle = new PredicateBuilder<HttpResponseMessage>()
                .Handle<HttpRequestException>(e => Failures.Classify(e) == FailureKind.Transient)
                .Handle<IOException>()
                .HandleResult(r => Failures.Of(r.StatusCode) == FailureKind.Transient),
        })
        .Build();

    /// <summary>Reaching a cluster (a list, a watch that ended): again with backoff from 0.1 s up to 5 s for as long as
    /// the caller waits (its token bounds it), while the failure is transient or the server unreachable.</summary>
    public static ResiliencePipeline Reconnect(Action<Exception> onRetry) => new ResiliencePipelineBuilder()
        .AddRetry(new RetryStrategyOptions
        {
            MaxRetryAttempts = int.MaxValue,
            Delay = TimeSpan.FromMilliseconds(100),
            MaxDelay = TimeSpan.FromSeconds(5),
            BackoffType = DelayBackoffType.Exponential,
            UseJitter = true,
            ShouldHandle = new PredicateBuilder()
                .Handle<Exception>(e => e is not OperationCanceledException && Failures.IsRetried(Failures.Classify(e))),
            OnRetry = args =>
            {
                if (args.Outcome.Exception is { } e) onRetry(e);
                return ValueTask.CompletedTask;
            },
        })
        .Build();

    /// <summary>A Key Vault call refused while an earlier change settles: again with backoff (0.5 s up to 8 s) until
    /// <paramref name="wait"/> has passed, then the refusal itself fails the call; one that is not transient (403, a
    /// bad request) fails at once.</summary>
    public static ResiliencePipeline KeyVault(TimeSpan wait, Action<TimeSpan> onRetry)
    {
        var giveUpAt = DateTimeOffset.UtcNow + wait;
        return new ResiliencePipelineBuilder()
            .AddRetry(new RetryStrategyOptions
            {
                MaxRetryAttempts = int.MaxValue,
                Delay = TimeSpan.FromMilliseconds(500),
                MaxDelay = TimeSpan.FromSeconds(8),
                BackoffType = DelayBackoffType.Exponential,
                ShouldHandle = args => ValueTask.FromResult(args.Outcome.Exception is Engine.TargetFailedException e
                    && Failures.OfAzError(e.Message) == FailureKind.Transient && DateTimeOffset.UtcNow < giveUpAt),
                OnRetry = args =>
                {
                    onRetry(args.RetryDelay);
                    return ValueTask.CompletedTask;
                },
            })
            .Build();
    }

    /// <summary>Waits until <paramref name="holds"/> is true, asking again with backoff (0.25 s up to 5 s) within
    /// <paramref name="wait"/>. False when it never held.</summary>
    public static async Task<bool> UntilAsync(Func<CancellationToken, Task<bool>> holds, TimeSpan wait, CancellationToken ct)
    {
        var pipeline = new ResiliencePipelineBuilder<bool>()
            .AddRetry(new RetryStrategyOptions<bool>
            {
                MaxRetryAttempts = int.MaxValue,
                Delay = TimeSpan.FromMilliseconds(250),
                MaxDelay = TimeSpan.FromSeconds(5),
                BackoffType = DelayBackoffType.Exponential,
                ShouldHandle = new PredicateBuilder<bool>().HandleResult(false),
            })
            .Build();
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
        deadline.CancelAfter(wait);
        try
        {
            return await pipeline.ExecuteAsync(async token => await holds(token), deadline.Token);
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested && !ct.IsCancellationRequested)
        {
            return false;
        }
    }
}
