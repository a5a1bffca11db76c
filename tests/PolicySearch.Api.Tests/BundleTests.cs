using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using PolicySearch.Tests;

namespace PolicySearch.Api.Tests;

/// <summary>
/// The release bundle as an operator meets it: built by deploy/bundle.sh, unpacked into an empty folder and started
/// there with nothing on PATH (no dotnet, no SDK): it answers /health and a search, and its CLI runs too.
/// </summary>
public sealed class BundleTests : IDisposable
{
    private readonly TempFolder _temp = new("policysearch-bundle-");

    public void Dispose() => _temp.Dispose();

    private static (int ExitCode, string Output) Run(string file, IEnumerable<string> arguments, TimeSpan limit, Action<ProcessStartInfo>? setUp = null)
    {
        var info = new ProcessStartInfo(file, arguments) { RedirectStandardOutput = true, RedirectStandardError = true };
        setUp?.Invoke(info);
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(limit))
        {
            process.Kill(entireProcessTree: true);
            return (-1, $"{file} did not finish in {limit}: {stderr.Result}");
        }
        return (process.ExitCode, stdout.Result + stderr.Result);
    }

    /// <summary>No dotnet anywhere the program could look: an empty PATH and no .NET variables.</summary>
    private void WithoutDotnet(ProcessStartInfo info)
    {
        info.Environment.Clear();
        info.Environment["PATH"] = _temp.Sub("empty-path");
        info.Environment["HOME"] = _temp.Path;
    }

    [Fact]
    public async Task Bundle_StartedFromAnEmptyFolderWithoutDotnet_AnswersHealthAndSearch_AndItsCliRuns()
    {
        var dist = _temp.Sub("dist");
        var (built, log) = Run("bash", [Path.Combine(TestPaths.RepoRoot, "deploy", "bundle.sh"), "linux-x64", dist], TimeSpan.FromMinutes(10));
        Assert.True(built == 0, log);
        var archive = Path.Combine(dist, "policysearch-linux-x64.tar.gz");
        var unpacked = _temp.Sub("server");
        Assert.Equal(0, Run("tar", ["-xzf", archive, "-C", unpacked], TimeSpan.FromMinutes(2)).ExitCode);
        var folder = Path.Combine(unpacked, "policysearch");
        foreach (var file in new[] { "policysearch-server", "policysearch", "appsettings.json", "install.sh", "policysearch.service" })
        {
            Assert.True(File.Exists(Path.Combine(folder, file)), $"the bundle has no {file}");
        }
        File.Copy(TestPaths.SeedFile("000_53baf1169bf9d7be.txt"), Path.Combine(folder, "documents", "000_53baf1169bf9d7be.txt"));

        var port = RunningServer.FreePort();
        var info = new ProcessStartInfo(Path.Combine(folder, "policysearch-server"), ["--urls", $"http://127.0.0.1:{port}"]) { WorkingDirectory = _temp.Sub("elsewhere") };
        WithoutDotnet(info);
        await using (var server = await RunningServer.LaunchAsync(info, $"http://127.0.0.1:{port}"))
        {
            using var client = new HttpClient { BaseAddress = new Uri(server.BaseUrl), Timeout = TimeSpan.FromSeconds(10) };
            var search = await client.GetFromJsonAsync<JsonObject>("/api/search?q=" + Uri.EscapeDataString("海洋重点项目"));
            Assert.Equal("000_53baf1169bf9d7be.txt", search!["results"]![0]!["file"]!.ToString());
            // Its documents and index are the bundle's own folders (relative paths resolve against the bundle, not the working folder).
            Assert.NotEmpty(Directory.GetFiles(Path.Combine(folder, "index")));
        }

        // The CLI of the bundle, with nothing on PATH either, reads the same index. Without LightGBM's and FastTree's
        // native libraries, as on linux-arm64 (their packages ship none for it): the learned reader still answers,
        // since its models score in managed code; only training needs them.
        foreach (var native in new[] { "lib_lightgbm.so", "libFastTreeNative.so" }) File.Delete(Path.Combine(folder, "app", native));
        var (asked, answer) = Run(Path.Combine(folder, "policysearch"), ["ask", "2024年计划推进多少个海洋重点项目？", "--json"], TimeSpan.FromMinutes(2), WithoutDotnet);
        Assert.True(asked == 0, answer);
        Assert.Contains("140", answer);
        Assert.Contains("\"confidence\"", answer);
    }

    /// <summary>
    /// The Windows bundle cannot be started here: what is checked is that it holds Windows programs (PE files) with
    /// the native libraries they load, launchers for cmd, the service installer, and settings pointing at its own folders.
    /// </summary>
    [Fact]
    public void WindowsBundle_HoldsWindowsProgramsTheirNativeLibrariesAndTheServiceInstaller()
    {
        var dist = _temp.Sub("dist");
        var (built, log) = Run("bash", [Path.Combine(TestPaths.RepoRoot, "deploy", "bundle.sh"), "win-x64", dist], TimeSpan.FromMinutes(10));
        Assert.True(built == 0, log);
        using var zip = System.IO.Compression.ZipFile.OpenRead(Path.Combine(dist, "policysearch-win-x64.zip"));
        var names = zip.Entries.Select(e => e.FullName.Replace('\\', '/')).ToHashSet();
        foreach (var file in new[] { "policysearch-server.cmd", "policysearch.cmd", "install.ps1", "appsettings.json", ".policysearch-bundle",
                     "app/PolicySearch.Api.exe", "app/policysearch.exe", "app/lib_lightgbm.dll", "app/FastTreeNative.dll", "app/onnxruntime.dll", "app/wwwroot/index.html" })
        {
            Assert.True(names.Contains("policysearch/" + file), $"the Windows bundle has no {file}");
        }
        using (var exe = zip.GetEntry("policysearch/app/PolicySearch.Api.exe")!.Open())
        {
            var header = new byte[2];
            exe.ReadExactly(header);
            Assert.Equal("MZ", System.Text.Encoding.ASCII.GetString(header));
        }
        using var launcher = new StreamReader(zip.GetEntry("policysearch/policysearch-server.cmd")!.Open());
        Assert.Equal("@\"%~dp0app\\PolicySearch.Api.exe\" %*\r\n", launcher.ReadToEnd());
        using var settings = new StreamReader(zip.GetEntry("policysearch/appsettings.json")!.Open());
        Assert.Contains("\"Seeds\": \"documents\"", settings.ReadToEnd());
        using var installer = new StreamReader(zip.GetEntry("policysearch/install.ps1")!.Open());
        Assert.Contains("New-Service", installer.ReadToEnd());
    }
}
