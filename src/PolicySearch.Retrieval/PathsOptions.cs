using System.ComponentModel.DataAnnotations;

namespace PolicySearch.Retrieval;

/// <summary>Where the documents and the index live. Relative paths are resolved against the repository root.</summary>
public sealed class PathsOptions
{
    public const string Section = "Paths";

    [Required] public string Seeds { get; set; } = "seeds";
    [Required] public string Index { get; set; } = "index";

    public string SeedsFullPath => RepositoryRoot.Resolve(Seeds);
    public string IndexFullPath => RepositoryRoot.Resolve(Index);
}

/// <summary>
/// The folder holding appsettings.json and PolicySearch.sln (or, in a release bundle, the bundle's marker file):
/// found from the working directory or the program's own folder, so `dotnet run --project …` works from anywhere
/// inside a clone, and a bundle's programs from anywhere.
/// </summary>
public static class RepositoryRoot
{
    /// <summary>The file deploy/bundle.sh writes at a bundle's root.</summary>
    public const string BundleMarker = ".policysearch-bundle";

    private static readonly Lazy<string> Root = new(Find);

    public static string Path => Root.Value;

    public static string Resolve(string path) =>
        System.IO.Path.GetFullPath(System.IO.Path.IsPathRooted(path) ? path : System.IO.Path.Combine(Root.Value, path));

    private static string Find()
    {
        // A bundle's programs belong to their bundle, wherever they are started from.
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(dir.FullName, BundleMarker)) && File.Exists(System.IO.Path.Combine(dir.FullName, "appsettings.json")))
            {
                return dir.FullName;
            }
        }
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(System.IO.Path.Combine(dir.FullName, "appsettings.json")) &&
                    (File.Exists(System.IO.Path.Combine(dir.FullName, "PolicySearch.sln")) || File.Exists(System.IO.Path.Combine(dir.FullName, BundleMarker))))
                {
                    return dir.FullName;
                }
            }
        }
        return Directory.GetCurrentDirectory();
    }
}
