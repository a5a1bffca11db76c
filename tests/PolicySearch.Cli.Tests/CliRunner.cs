using System.Diagnostics;
using System.Text;
using PolicySearch.Tests;

namespace PolicySearch.Cli.Tests;

public sealed record CliResult(int ExitCode, string StdOut, string StdErr);

/// <summary>Runs the real policysearch program (built beside the tests) as a child process.</summary>
public static class CliRunner
{
    public static string ProgramPath
    {
        get
        {
            var configuration = AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}") ? "Release" : "Debug";
            var path = Path.Combine(TestPaths.RepoRoot, "src", "PolicySearch.Cli", "bin", configuration, "net10.0", "policysearch.dll");
            if (!File.Exists(path)) throw new FileNotFoundException("Build the CLI first.", path);
            return path;
        }
    }

    public static Process Start(params string[] args) => Start(unprivileged: false, args);

    private static Process Start(bool unprivileged, string[] args)
    {
        var info = unprivileged ? Unprivileged.StartInfo("dotnet", []) : new ProcessStartInfo("dotnet") { UseShellExecute = false, WorkingDirectory = TestPaths.RepoRoot };
        info.RedirectStandardOutput = true;
        info.RedirectStandardError = true;
        info.StandardOutputEncoding = Encoding.UTF8;
        info.StandardErrorEncoding = Encoding.UTF8;
        info.ArgumentList.Add(ProgramPath);
        foreach (var a in args) info.ArgumentList.Add(a);
        return Process.Start(info)!;
    }

    public static Task<CliResult> RunAsync(params string[] args) => RunAsync(unprivileged: false, args);

    /// <summary>Runs as a user that permissions stop (see <see cref="Unprivileged"/>).</summary>
    public static Task<CliResult> RunUnprivilegedAsync(params string[] args) => RunAsync(unprivileged: true, args);

    private static async Task<CliResult> RunAsync(bool unprivileged, string[] args)
    {
        using var process = Start(unprivileged, args);
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await process.WaitForExitAsync(timeout.Token);
        return new CliResult(process.ExitCode, await stdout, await stderr);
    }
}
