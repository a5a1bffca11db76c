using System.Runtime.InteropServices;

namespace PolicySearch.Ingestion;

/// <summary>A file found in the documents folder: where to read it from, or why it is not read.</summary>
public sealed record SourceEntry(string RelativePath, string? FullPath, string? SkipReason);

/// <summary>
/// The documents folder as a jail: only regular files inside it are read. Symbolic links are not followed (unless
/// <see cref="IngestionOptions.FollowLinksInsideFolder"/> allows links to files that stay inside the folder); links to
/// folders never are, so no walk can loop. Pipes, sockets and devices are never opened: DocumentReader.ReadBytes checks a
/// file's type before it opens it (opening a pipe blocks, a device never ends). Each refusal comes with its reason.
/// </summary>
public static class SourceFolder
{
    /// <summary>Folders nested deeper than this are not walked.</summary>
    public const int MaxDepth = 32;

    public const string LinkNotFollowed = "a symbolic link (not followed: set Ingestion:FollowLinksInsideFolder to index links to files inside the folder)";

    public static List<SourceEntry> Enumerate(string root, bool followLinksInside)
    {
        var entries = new List<SourceEntry>();
        var realRoot = RealFolder(root);
        var pending = new Stack<(string Path, int Depth)>();
        pending.Push((root, 0));
        var options = new EnumerationOptions { RecurseSubdirectories = false, IgnoreInaccessible = true, AttributesToSkip = 0 };
        while (pending.Count > 0)
        {
            var (folder, depth) = pending.Pop();
            foreach (var item in new DirectoryInfo(folder).EnumerateFileSystemInfos("*", options))
            {
                // Hidden files and folders (.git, editor swap files) are not documents.
                if (item.Name.StartsWith('.')) continue;
                var relative = Path.GetRelativePath(root, item.FullName).Replace('\\', '/');
                // The folder's visibility rules are configuration, not a document.
                if (relative == PolicySearch.Retrieval.Access.AccessRules.FileName) continue;
                if (item.LinkTarget is not null)
                {
                    entries.Add(followLinksInside ? FollowLink(item, relative, realRoot) : new SourceEntry(relative, null, LinkNotFollowed));
                }
                else if (item is DirectoryInfo)
                {
                    if (depth + 1 > MaxDepth) entries.Add(new SourceEntry(relative + "/", null, $"a folder nested more than {MaxDepth} deep (not walked)"));
                    else pending.Push((item.FullName, depth + 1));
                }
                else
                {
                    // Whether it is a regular file is checked where it is opened (DocumentReader.ReadBytes), once.
                    entries.Add(new SourceEntry(relative, item.FullName, null));
                }
            }
        }
        entries.Sort((a, b) => StringComparer.Ordinal.Compare(a.RelativePath, b.RelativePath));
        return entries;
    }

    /// <summary>A link is read only when it ends at a regular file inside the folder, reached through no other link.</summary>
    private static SourceEntry FollowLink(FileSystemInfo link, string relative, string realRoot)
    {
        FileSystemInfo? target;
        try
        {
            target = link.ResolveLinkTarget(returnFinalTarget: true);
        }
        catch (IOException ex)
        {
            return new SourceEntry(relative, null, $"a symbolic link that cannot be resolved ({ex.Message})");
        }
        if (target is null || !target.Exists) return new SourceEntry(relative, null, "a broken symbolic link");
        if (target is DirectoryInfo) return new SourceEntry(relative, null, "a symbolic link to a folder (never followed)");
        var full = Path.GetFullPath(target.FullName);
        if (!IsInside(full, realRoot) || ThroughLinkedFolder(full, realRoot))
        {
            return new SourceEntry(relative, null, "a symbolic link to a file outside the documents folder (not followed)");
        }
        return new SourceEntry(relative, full, null);
    }

    private static bool IsInside(string path, string folder) =>
        path.StartsWith(folder.EndsWith(Path.DirectorySeparatorChar) ? folder : folder + Path.DirectorySeparatorChar, StringComparison.Ordinal);

    private static bool ThroughLinkedFolder(string path, string realRoot)
    {
        for (var dir = Path.GetDirectoryName(path); dir is not null && dir.Length > realRoot.Length; dir = Path.GetDirectoryName(dir))
        {
            if (new DirectoryInfo(dir).LinkTarget is not null) return true;
        }
        return false;
    }

    /// <summary>The folder itself may be a link (seeds → /data/docs): what is inside is judged against where it leads.</summary>
    private static string RealFolder(string root)
    {
        var info = new DirectoryInfo(root);
        return info.LinkTarget is not null && info.ResolveLinkTarget(returnFinalTarget: true) is { } target
            ? Path.GetFullPath(target.FullName).TrimEnd(Path.DirectorySeparatorChar)
            : Path.GetFullPath(root).TrimEnd(Path.DirectorySeparatorChar);
    }

    /// <summary>Why the path is not a regular file (a pipe, a socket, a device, a link), or null when it is one.</summary>
    public static string? NotRegularReason(string path)
    {
        if (OperatingSystem.IsWindows()) return null;
        var mode = UnixFileType(path);
        return mode switch
        {
            null or RegularFile => null,
            Fifo => "a named pipe, not a regular file (never opened)",
            Socket => "a socket, not a regular file (never opened)",
            CharacterDevice or BlockDevice => "a device, not a regular file (never opened)",
            SymbolicLink => LinkNotFollowed,
            Folder => "a folder, not a file",
            _ => "not a regular file (never opened)",
        };
    }

    private const int TypeMask = 0xF000, Fifo = 0x1000, CharacterDevice = 0x2000, Folder = 0x4000, BlockDevice = 0x6000,
        RegularFile = 0x8000, SymbolicLink = 0xA000, Socket = 0xC000;

    private static bool _nativeStatMissing;

    /// <summary>
    /// The file type bits of lstat(2), through the runtime's own native shim (System.Native, shipped with every .NET
    /// on Unix): .NET reports pipes and devices as ordinary files. Null when the shim cannot be called.
    /// </summary>
    private static int? UnixFileType(string path)
    {
        if (_nativeStatMissing) return null;
        // The shim's FileStatus starts with two ints, flags then mode; the rest of the buffer is room for the struct.
        var status = new byte[256];
        try
        {
            if (LStat(path, status) != 0) return null;
        }
        catch (Exception ex) when (ex is DllNotFoundException or EntryPointNotFoundException)
        {
            _nativeStatMissing = true;
            return null;
        }
        return BitConverter.ToInt32(status, 4) & TypeMask;
    }

    [DllImport("libSystem.Native", EntryPoint = "SystemNative_LStat", CharSet = CharSet.Ansi, BestFitMapping = false)]
    private static extern int LStat([MarshalAs(UnmanagedType.LPUTF8Str)] string path, [Out] byte[] output);
}
