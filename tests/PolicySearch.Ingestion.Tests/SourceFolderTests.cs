using System.Diagnostics;
using Microsoft.Extensions.Options;
using PolicySearch.Retrieval;
using PolicySearch.Tests;

namespace PolicySearch.Ingestion.Tests;

/// <summary>The documents folder is a jail: links, loops, pipes and devices never reach the index or hang it.</summary>
public sealed class SourceFolderTests : IDisposable
{
    private readonly TempFolder _temp = new();
    private readonly string _source;
    private readonly string _indexPath;

    public SourceFolderTests()
    {
        _source = _temp.Sub("seeds");
        _indexPath = _temp.Sub("index");
        File.Copy(TestPaths.SeedFile("a05-qd-2020-sanmin-hutai.txt"), Path.Combine(_source, "a05-qd-2020-sanmin-hutai.txt"));
    }

    public void Dispose() => _temp.Dispose();

    private async Task<(IngestionSummary Summary, PolicyIndex Index)> IngestAsync(bool followLinksInside = false)
    {
        var index = new PolicyIndex(_indexPath);
        var pipeline = new IngestionPipeline(index, Options.Create(new IngestionOptions { FollowLinksInsideFolder = followLinksInside }));
        // A run that hangs (a pipe opened, a loop walked) fails the test instead of blocking the suite.
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var run = pipeline.RunAsync(_source, null, timeout.Token);
        var finished = await Task.WhenAny(run, Task.Delay(TimeSpan.FromSeconds(60)));
        Assert.True(finished == run, "ingest did not finish within 60 s");
        return (await run, index);
    }

    private static void Mkfifo(string path)
    {
        using var process = Process.Start("mkfifo", [path]);
        process.WaitForExit();
        Assert.Equal(0, process.ExitCode);
    }

    private static string ReasonFor(IngestionSummary summary, string file) =>
        Assert.Single(summary.Skipped, s => s.File == file).Reason;

    [Fact]
    public async Task Run_LinkToAFileOutside_IsSkippedWithItsReasonAndNeverIndexed()
    {
        var outside = Path.Combine(_temp.Path, "secret.txt");
        File.WriteAllText(outside, "root:x:0:0:root:/root:/bin/bash\n青岛市海洋发展局内部口令清单，不得外传。这是一段足够长的中文文本。");
        File.CreateSymbolicLink(Path.Combine(_source, "passwd.txt"), outside);

        foreach (var follow in new[] { false, true })
        {
            var (summary, index) = await IngestAsync(follow);
            using (index)
            {
                Assert.Contains("symbolic link", ReasonFor(summary, "passwd.txt"));
                Assert.DoesNotContain(index.Retrieve("内部口令清单", new SearchFilters(), 10).Candidates, c => c.Text.Contains("内部口令"));
                Assert.DoesNotContain(index.GetSourceFiles(), r => r.File == "passwd.txt" && r.Role != SourceFileRecord.RoleSkipped);
                Assert.Equal(1, index.GetStatistics().Documents);
            }
        }
    }

    [Fact]
    public async Task Run_LinkToAFileInside_IsIndexedOnlyWhenAllowed()
    {
        Directory.CreateDirectory(Path.Combine(_source, "sub"));
        File.WriteAllText(Path.Combine(_source, "sub", "plan.txt"), "2024年青岛市海洋牧场建设工作方案：计划新建省级海洋牧场示范区三处，投放人工鱼礁十万空方。");
        File.CreateSymbolicLink(Path.Combine(_source, "plan-link.txt"), Path.Combine(_source, "sub", "plan.txt"));

        var (closed, index) = await IngestAsync(followLinksInside: false);
        index.Dispose();
        Assert.Contains("not followed", ReasonFor(closed, "plan-link.txt"));

        var (open, index2) = await IngestAsync(followLinksInside: true);
        using (index2)
        {
            Assert.DoesNotContain(open.Skipped, s => s.File == "plan-link.txt");
            // The link and its target are one text, so one document.
            var folded = Assert.Single(open.Folded);
            Assert.Equal(["plan-link.txt", "sub/plan.txt"], new[] { folded.File, folded.Original }.Order());
        }
    }

    [Fact]
    public async Task Run_LinkLoopsAndLinksToFolders_FinishWithoutWalkingThem()
    {
        File.CreateSymbolicLink(Path.Combine(_source, "l1"), ".");
        Directory.CreateDirectory(Path.Combine(_source, "sub"));
        File.CreateSymbolicLink(Path.Combine(_source, "sub", "l2"), "..");
        File.CreateSymbolicLink(Path.Combine(_source, "etc"), "/etc");

        foreach (var follow in new[] { false, true })
        {
            var (summary, index) = await IngestAsync(follow);
            using (index)
            {
                Assert.Equal(3, summary.Skipped.Count(s => s.Reason.Contains("symbolic link")));
                Assert.DoesNotContain(index.GetSourceFiles(), r => r.File.StartsWith("etc/") || r.File.StartsWith("l1/"));
                Assert.Equal(1, index.GetStatistics().Documents);
            }
        }
    }

    [Fact]
    public async Task Run_NamedPipeAndDevices_AreNeverOpened()
    {
        if (OperatingSystem.IsWindows()) return;
        Mkfifo(Path.Combine(_source, "x.txt"));
        File.CreateSymbolicLink(Path.Combine(_source, "z.txt"), "/dev/zero");

        var (summary, index) = await IngestAsync(followLinksInside: true);
        using (index)
        {
            Assert.Contains("named pipe", ReasonFor(summary, "x.txt"));
            Assert.Contains("outside the documents folder", ReasonFor(summary, "z.txt"));
            Assert.Equal(1, index.GetStatistics().Documents);
        }
        Assert.Equal("a device, not a regular file (never opened)", SourceFolder.NotRegularReason("/dev/zero"));
        Assert.Contains("named pipe", DocumentReader.ReadBytes(Path.Combine(_source, "x.txt")).Reason);
    }

    [Fact]
    public async Task Run_SkippedFiles_AreRememberedWithTheirReasons()
    {
        File.CreateSymbolicLink(Path.Combine(_source, "passwd.txt"), "/etc/passwd");
        var (_, index) = await IngestAsync();
        using (index)
        {
            var record = Assert.Single(index.GetSourceFiles(), r => r.File == "passwd.txt");
            Assert.Equal(SourceFileRecord.RoleSkipped, record.Role);
            Assert.Contains("symbolic link", record.SkipReason);
            Assert.Equal(1, index.GetStatistics().SkippedFiles);
        }
    }
}
