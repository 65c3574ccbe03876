using System.Net;
using Engine;
using Octokit;

namespace Trinity.Build.Platform.GitHub;

/// <summary>GitHub's REST API for one repository, and what its refusals mean in one line.</summary>
public static class GitHubApi
{
    /// <summary>How long one request may go unanswered: Octokit's own default, set here so the message can name it.</summary>
    static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(100);

    public static IGitHubClient Connect(string apiUrl, string token)
    {
        var client = new GitHubClient(new ProductHeaderValue("trinity-delivery"), new Uri(apiUrl)) { Credentials = new Credentials(token) };
        client.SetRequestTimeout(RequestTimeout);
        return client;
    }

    /// <summary>Runs a call; an answer GitHub refused, no answer in time and no connection are each one line naming the
    /// status or the address and what usually causes it.</summary>
    public static async Task<T> CallAsync<T>(Func<Task<T>> call, string apiUrl, CancellationToken ct)
    {
        try
        {
            return await call();
        }
        // Octokit ends a request that outlives its timeout by cancelling it: a cancellation nobody asked for is that.
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            throw new TargetFailedException($"GitHub did not answer within {RequestTimeout.TotalSeconds:0}s at {apiUrl} " +
                "(a proxy or firewall holding the connection, or a GitHub outage?)");
        }
        catch (HttpRequestException e)
        {
            throw new TargetFailedException($"GitHub could not be reached at {apiUrl}: {e.Message}");
        }
        catch (ApiException e)
        {
            var hint = e.StatusCode switch
            {
                HttpStatusCode.NotFound => " (is the workflow on that ref, and may the token see the repository?)",
                HttpStatusCode.Unauthorized => " (the token is not accepted: expired or mistyped?)",
                HttpStatusCode.Forbidden => " (the token lacks actions:write on the repository, or a rate limit was hit)",
                HttpStatusCode.UnprocessableEntity => " (an input the workflow does not accept, or a ref that does not exist)",
                _ => "",
            };
            throw new TargetFailedException($"GitHub answered {(int)e.StatusCode}: {e.Message}{hint}");
        }
    }
}
