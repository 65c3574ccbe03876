using System.Net;
using Engine;
using Octokit;

namespace Trinity.Build.Platform.GitHub;

/// <summary>GitHub's REST API for one repository, and what its refusals mean in one line.</summary>
public static class GitHubApi
{
    public static IGitHubClient Connect(string apiUrl, string token) =>
        new GitHubClient(new ProductHeaderValue("trinity-delivery"), new Uri(apiUrl)) { Credentials = new Credentials(token) };

    /// <summary>Runs a call; an answer GitHub refused is one line naming the status and what usually causes it.</summary>
    public static async Task<T> CallAsync<T>(Func<Task<T>> call)
    {
        try
        {
            return await call();
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
