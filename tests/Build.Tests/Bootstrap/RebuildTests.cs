using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Build.Tests.Bootstrap;

/// <summary>A change to the build, seen by two starts at once while a build from the previous output is still
/// running: one compiles, the other waits, and the running build keeps its folder and finishes.</summary>
public sealed class RebuildTests
{
    [Fact]
    public async Task A_change_is_compiled_once_while_a_second_start_waits_and_a_build_running_from_the_old_output_finishes()
    {
        var root = await BootstrapCopy.CloneAsync((await ColdStart.Value).Root);
        var before = BootstrapCopy.StampedFolder(root);

        // A build from the current output that stays in flight: its first GitHub request is held until released.
        using var github = new HeldRequest();
        var running = BootstrapCopy.Sh(root, "DispatchSecretBackends", "--cloud", "aws", "--repository", "o/n", "--github-token",
            "ghp_heldRequestToken",
            "--github-api-url", github.Url);
        await github.Arrived.WaitAsync(TimeSpan.FromMinutes(2), TestContext.Current.CancellationToken);

        File.AppendAllText(Path.Combine(root, "build", "Build.cs"), "\n// changed\n");
        var first = BootstrapCopy.Sh(root, "--help");
        var second = BootstrapCopy.Sh(root, "--help");
        var calls = new[] { await first.ExitAsync(), await second.ExitAsync() };

        foreach (var call in calls)
        {
            call.ExitCode.ShouldBe(0, call.Trace);
            call.Trace.ShouldStartWith("build.sh: cold: build inputs changed since the last build\n");
            call.Out.ShouldContain("Targets (→ direct dependencies):");
        }
        calls.Count(c => c.Trace.Contains("build.sh: building build/_build.csproj", StringComparison.Ordinal)).ShouldBe(1);
        calls.Count(c => c.Trace.Contains("waiting for it (.nuke/temp/build.lock)", StringComparison.Ordinal)).ShouldBe(1);
        var after = BootstrapCopy.StampedFolder(root);
        after.ShouldNotBe(before);
        BootstrapCopy.BuildFolders(root)
            .ShouldBe([.. new[] { before, after }.Order(StringComparer.Ordinal)],
                customMessage: "the replaced output stays for the build still running from it");

        github.Release();
        var old = await running.ExitAsync();
        old.ExitCode.ShouldBe(1, old.Out + old.Trace);
        // Its GitHub call ended from the old folder: answered once released, or, when the rebuild on a loaded machine
        // outlived GitHub's request timeout, the timeout's own line; either proves the old build ran its target to the end.
        old.Out.ShouldMatch(@"DispatchSecretBackends failed: GitHub (answered 404|did not answer within \d+s)");
        (old.Out + old.Trace).ShouldNotContain("Could not load");
    }

    /// <summary>Accepts one HTTP request on 127.0.0.1 and answers it 404 only when released.</summary>
    sealed class HeldRequest : IDisposable
    {
        readonly TcpListener _listener = new(IPAddress.Loopback, 0);
        readonly TaskCompletionSource _arrived = new(TaskCreationOptions.RunContinuationsAsynchronously);
        readonly TaskCompletionSource _released = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public HeldRequest()
        {
            _listener.Start();
            _ = Task.Run(ServeAsync);
        }

        public string Url => $"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}/";
        public Task Arrived => _arrived.Task;
        public void Release() => _released.TrySetResult();

        async Task ServeAsync()
        {
            using var client = await _listener.AcceptTcpClientAsync();
            var stream = client.GetStream();
            var buffer = new byte[8192];
            var request = new StringBuilder();
            while (!request.ToString().Contains("\r\n\r\n", StringComparison.Ordinal))
            {
                var read = await stream.ReadAsync(buffer);
                if (read == 0) return;
                request.Append(Encoding.ASCII.GetString(buffer, 0, read));
            }
            _arrived.TrySetResult();
            await _released.Task;
            var body = """{"message":"Not Found"}""";
            await stream.WriteAsync(Encoding.ASCII.GetBytes(
                $"HTTP/1.1 404 Not Found\r\nContent-Type: application/json\r\nContent-Length: {body.Length}\r\nConnection: " +
                    $"close\r\n\r\n{body}"));
        }

        public void Dispose()
        {
            _released.TrySetResult();
            _listener.Stop();
        }
    }
}
