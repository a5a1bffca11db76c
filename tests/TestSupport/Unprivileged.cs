using System.Diagnostics;

namespace PolicySearch.Tests;

/// <summary>
/// A child process that permissions stop: root ignores them, so as root it runs as the unprivileged user nobody
/// (util-linux's setpriv). For the tests of what happens when the index folder is read-only.
/// </summary>
public static class Unprivileged
{
    public static ProcessStartInfo StartInfo(string program, IEnumerable<string> args)
    {
        var info = new ProcessStartInfo { UseShellExecute = false, WorkingDirectory = TestPaths.RepoRoot };
        if (Environment.IsPrivilegedProcess)
        {
            info.FileName = "setpriv";
            foreach (var a in new[] { "--reuid=65534", "--regid=65534", "--clear-groups", "--", program }) info.ArgumentList.Add(a);
        }
        else
        {
            info.FileName = program;
        }
        foreach (var a in args) info.ArgumentList.Add(a);
        info.Environment["HOME"] = Path.GetTempPath();
        info.Environment["DOTNET_CLI_HOME"] = Path.GetTempPath();
        return info;
    }

    /// <summary>Takes write permission away from a folder and everything in it (and gives it back when disposed).</summary>
    public static IDisposable ReadOnly(string folder)
    {
        SetWritable(folder, false);
        return new Restore(() => SetWritable(folder, true));
    }

    private static void SetWritable(string folder, bool writable)
    {
        if (OperatingSystem.IsWindows()) throw new PlatformNotSupportedException("Unix permissions only.");
        const UnixFileMode write = UnixFileMode.UserWrite | UnixFileMode.GroupWrite | UnixFileMode.OtherWrite;
        foreach (var path in Directory.EnumerateFileSystemEntries(folder, "*", SearchOption.AllDirectories).Append(folder))
        {
            var mode = File.GetUnixFileMode(path);
            File.SetUnixFileMode(path, writable ? mode | UnixFileMode.UserWrite : mode & ~write);
        }
    }

    private sealed class Restore(Action undo) : IDisposable
    {
        public void Dispose() => undo();
    }
}
