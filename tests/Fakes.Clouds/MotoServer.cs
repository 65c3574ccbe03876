using System.Diagnostics;
using System.Text;

namespace Fakes.Clouds;

/// <summary>
/// A <c>moto_server</c> child process on 127.0.0.1 for the real <c>aws</c> CLI. <see cref="Environment"/> points the
/// CLI at it and shuts out the user's own AWS configuration.
/// </summary>
/// <remarks>
/// How moto 5.2.1 answers through the real CLI, measured here with aws-cli 1.45.11 / botocore 1.43.11 (the machine's
/// <c>aws</c> is v1: it prints timestamps as epoch seconds, e.g. <c>1795844318</c> or <c>1796449236.204298</c>, where
/// CLI v2 prints ISO 8601; it exits 255 on a service error where v2 exits 254; stderr is
/// <c>An error occurred (Code) when calling the Op operation: message</c> in both). Account 123456789012, ARNs
/// <c>arn:aws:secretsmanager:us-east-1:123456789012:secret:NAME-XXXXXX</c> (6 random characters).
/// <list type="bullet">
/// <item><c>create-secret --name N --secret-string V</c>: <c>{ARN, Name, VersionId}</c>. On an existing name, live
///   <em>or scheduled for deletion</em>: <c>ResourceExistsException</c> "The operation failed because the secret N
///   already exists." (real AWS, scheduled: <c>InvalidRequestException</c> "You can't create this secret because a
///   secret with this name is already scheduled for deletion.").</item>
/// <item><c>describe-secret --secret-id N</c>: <c>{ARN, Name, LastChangedDate, VersionIdsToStages, CreatedDate}</c>,
///   plus <c>DeletedDate</c> only while scheduled (moto sets it to the planned deletion time, now + window).
///   A missing or force-deleted secret: <c>ResourceNotFoundException</c> "Secrets Manager can't find the specified
///   secret." <c>VersionIdsToStages</c> maps each version id to its stages: <c>["AWSCURRENT"]</c>,
///   <c>["AWSPREVIOUS"]</c>, or <c>[]</c> for older versions.</item>
/// <item><c>get-secret-value</c>: <c>{ARN, Name, VersionId, SecretString, VersionStages, CreatedDate}</c>. While
///   scheduled: <c>InvalidRequestException</c> with moto's text "An error occurred (InvalidRequestException) when
///   calling the GetSecretValue operation: You tried to perform the operation on a secret that's currently marked
///   deleted." (the prefix is part of moto's message, with a run of spaces inside; real AWS: "You can't perform this
///   operation on the secret because it was marked for deletion.").</item>
/// <item><c>put-secret-value</c>: <c>{ARN, Name, VersionId, VersionStages}</c>; the new version becomes AWSCURRENT, the
///   old one AWSPREVIOUS. While scheduled, moto <em>accepts</em> it and adds a version (real AWS refuses with
///   <c>InvalidRequestException</c>). <c>update-secret</c> while scheduled is refused as on AWS.</item>
/// <item><c>delete-secret --recovery-window-in-days N</c>: N is validated, 7..30, else <c>InvalidParameterException</c>
///   "... The RecoveryWindowInDays value must be between 7 and 30 days (inclusive)."; without the option the window is
///   30 days. Answers <c>{ARN, Name, DeletionDate}</c> (now + N days). Both options together:
///   <c>InvalidParameterException</c> "... You can't use ForceDeleteWithoutRecovery in conjunction with
///   RecoveryWindowInDays." A second delete-secret (with a window) of a scheduled secret: <c>InvalidRequestException</c>
///   "... currently marked deleted."</item>
/// <item><c>delete-secret --force-delete-without-recovery</c>: immediate in moto (real AWS is asynchronous); works on
///   a scheduled secret too; <c>DeletionDate</c> is now. On a name that does not exist it still succeeds and invents an
///   ARN (real AWS answers <c>ResourceNotFoundException</c>).</item>
/// <item><c>restore-secret</c>: <c>{ARN, Name}</c>; clears <c>DeletedDate</c>; the value is readable again. Also
///   succeeds on a secret that is not scheduled. Missing name: <c>ResourceNotFoundException</c>.</item>
/// <item><c>list-secrets</c>: <c>{SecretList: [{ARN, Name, LastChangedDate, SecretVersionsToStages, CreatedDate}]}</c>
///   (note <c>SecretVersionsToStages</c>, not <c>VersionIdsToStages</c>); scheduled secrets are hidden unless
///   <c>--include-planned-deletion</c>, and then carry <c>DeletedDate</c>.</item>
/// </list>
/// </remarks>
public sealed class MotoServer : IAsyncDisposable
{
    public const string AccountId = "123456789012";
    public const string Region = "us-east-1";

    readonly Process _process;
    readonly StringBuilder _log;
    readonly string _directory;
    int _disposed;

    MotoServer(Process process, StringBuilder log, string directory, int port)
    {
        _process = process;
        _log = log;
        _directory = directory;
        Port = port;
        Endpoint = new Uri($"http://127.0.0.1:{port}");
        var config = Path.Combine(directory, "config");
        var credentials = Path.Combine(directory, "credentials");
        File.WriteAllText(config, "");
        File.WriteAllText(credentials, "");
        Environment = new Dictionary<string, string?>
        {
            ["AWS_ENDPOINT_URL"] = Endpoint.ToString().TrimEnd('/'),
            ["AWS_ACCESS_KEY_ID"] = "testing",
            ["AWS_SECRET_ACCESS_KEY"] = "testing",
            ["AWS_SESSION_TOKEN"] = null,
            ["AWS_SECURITY_TOKEN"] = null,
            ["AWS_PROFILE"] = null, // a profile named here would have to exist in the empty config file
            ["AWS_DEFAULT_PROFILE"] = null,
            ["AWS_REGION"] = Region,
            ["AWS_DEFAULT_REGION"] = Region,
            ["AWS_PAGER"] = "",
            ["AWS_CLI_AUTO_PROMPT"] = "off",
            ["AWS_CONFIG_FILE"] = config,
            ["AWS_SHARED_CREDENTIALS_FILE"] = credentials,
            ["AWS_EC2_METADATA_DISABLED"] = "true",
            ["NO_PROXY"] = "127.0.0.1,localhost",
            ["no_proxy"] = "127.0.0.1,localhost",
        };
    }

    /// <summary>http://127.0.0.1:PORT</summary>
    public Uri Endpoint { get; }

    public int Port { get; }

    /// <summary>Variables for the real aws CLI; a null value means "remove from the inherited environment".</summary>
    public IReadOnlyDictionary<string, string?> Environment { get; }

    /// <summary>What moto_server printed so far (its request log), for failure messages.</summary>
    public string Log { get { lock (_log) return _log.ToString(); } }

    /// <summary>Starts moto_server on a free port and returns once it answers HTTP.</summary>
    public static async Task<MotoServer> StartAsync(string executable = "moto_server", TimeSpan? timeout = null,
        CancellationToken cancellationToken = default)
    {
        var deadline = DateTimeOffset.UtcNow + (timeout ?? TimeSpan.FromSeconds(60));
        Exception? last = null;
        // The free port is only free until moto binds it: another process can take it in between, so try again.
        for (var attempt = 1; attempt <= 3; attempt++)
        {
            var directory = Scratch.NewDirectory("moto");
            var port = Scratch.FreeTcpPort();
            var log = new StringBuilder();
            Process process;
            try { process = Launch(executable, port, directory, log); }
            catch
            {
                Scratch.Remove(directory);
                throw;
            }
            try
            {
                await WaitUntilAnsweringAsync(process, port, log, deadline, cancellationToken);
                return new MotoServer(process, log, directory, port);
            }
            catch (MotoStartException e) when (e.ProcessExited && attempt < 3)
            {
                last = e;
                await StopAsync(process);
                Scratch.Remove(directory);
            }
            catch
            {
                await StopAsync(process);
                Scratch.Remove(directory);
                throw;
            }
        }
        throw last!;
    }

    /// <summary>Forgets every resource in every service (moto's <c>POST /moto-api/reset</c>).</summary>
    public async Task ResetAsync(CancellationToken cancellationToken = default)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        using var response = await http.PostAsync(new Uri(Endpoint, "/moto-api/reset"), null, cancellationToken);
        response.EnsureSuccessStatusCode();
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1) return;
        await StopAsync(_process);
        Scratch.Remove(_directory);
    }

    static Process Launch(string executable, int port, string directory, StringBuilder log)
    {
        var start = new ProcessStartInfo(executable)
        {
            ArgumentList = { "-H", "127.0.0.1", "-p", port.ToString(System.Globalization.CultureInfo.InvariantCulture) },
            WorkingDirectory = directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        var process = new Process { StartInfo = start };
        void Append(object _, DataReceivedEventArgs e)
        {
            if (e.Data is null) return;
            lock (log)
            {
                if (log.Length > 256 * 1024) log.Remove(0, 128 * 1024);
                log.AppendLine(e.Data);
            }
        }
        process.OutputDataReceived += Append;
        process.ErrorDataReceived += Append;
        try { process.Start(); }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new InvalidOperationException($"could not start '{executable}' (is moto[server] installed and on PATH?): {e.Message}", e);
        }
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    static async Task WaitUntilAnsweringAsync(Process process, int port, StringBuilder log, DateTimeOffset deadline,
        CancellationToken cancellationToken)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var probe = new Uri($"http://127.0.0.1:{port}/moto-api/");
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (process.HasExited)
                throw new MotoStartException($"moto_server exited with code {process.ExitCode} before answering on port " +
                    $"{port}:\n{Snapshot(log)}", processExited: true);
            try
            {
                using var response = await http.GetAsync(probe, cancellationToken);
                return; // any HTTP answer means the server is up
            }
            catch (HttpRequestException) { }
            catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested) { }
            if (DateTimeOffset.UtcNow > deadline)
                throw new MotoStartException($"moto_server did not answer on port {port} in time:\n{Snapshot(log)}", processExited: false);
            // Poll until it answers or exits; the bound is the deadline, not this interval.
            await Task.Delay(50, cancellationToken);
        }
    }

    static string Snapshot(StringBuilder log) { lock (log) return log.ToString(); }

    static async Task StopAsync(Process process)
    {
        try
        {
            if (!process.HasExited) process.Kill(entireProcessTree: true);
            using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            await process.WaitForExitAsync(wait.Token);
        }
        catch (InvalidOperationException) { } // never started or already gone
        catch (OperationCanceledException) { }
        finally { process.Dispose(); }
    }

    sealed class MotoStartException(string message, bool processExited) : Exception(message)
    {
        public bool ProcessExited { get; } = processExited;
    }
}
