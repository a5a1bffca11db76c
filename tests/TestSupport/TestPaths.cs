using System.Text.Json;

namespace PolicySearch.Tests;

/// <summary>Where the repository's seeds and the shared evaluation material are, and throwaway folders per test.</summary>
public static class TestPaths
{
    public static string RepoRoot { get; } = FindRepoRoot();

    public static string Seeds => Path.Combine(RepoRoot, "seeds");

    /// <summary>../shared beside the clone (read-only; CI has a copy there too).</summary>
    public static string Shared => Path.GetFullPath(Path.Combine(RepoRoot, "..", "shared"));

    public static string SeedFile(string name) => Path.Combine(Seeds, name);

    public static IReadOnlyList<ManifestEntry> Manifest()
    {
        var folder = Path.Combine(Shared, "corpus");
        if (!Directory.Exists(folder)) throw new DirectoryNotFoundException($"The shared corpus is expected at {folder}.");
        return Directory.GetFiles(folder, "manifest-*.jsonl")
            .SelectMany(File.ReadLines)
            .Where(l => !string.IsNullOrWhiteSpace(l))
            .Select(l => JsonSerializer.Deserialize<ManifestEntry>(l, new JsonSerializerOptions { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower })!)
            .ToList();
    }

    private static string FindRepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "PolicySearch.sln"))) return dir.FullName;
        }
        throw new InvalidOperationException("Tests must run inside the repository.");
    }
}

public sealed record ManifestEntry(
    string File, string Title, string Agency, string Date, int Year, string DocType, string Format, string Encoding,
    string Noise, bool Traditional, string? DuplicateOf);

/// <summary>A folder under the temp directory, deleted when the test ends.</summary>
public sealed class TempFolder : IDisposable
{
    public TempFolder(string? prefix = null)
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), (prefix ?? "policysearch-test-") + Guid.NewGuid().ToString("N")[..10]);
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    public string Sub(string name)
    {
        var p = System.IO.Path.Combine(Path, name);
        Directory.CreateDirectory(p);
        return p;
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // A file still open by a dying process: the OS temp cleaner gets it.
        }
    }
}
