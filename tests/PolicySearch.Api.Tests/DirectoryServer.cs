using System.Diagnostics;
using System.Net.Sockets;
using System.Text;
using PolicySearch.Tests;

namespace PolicySearch.Api.Tests;

/// <summary>A member of staff in the test directory.</summary>
public sealed record DirectoryUser(string Uid, string Name, string Password, params string[] Groups);

/// <summary>
/// A real directory for sign-in tests: Debian's slapd, started in the foreground on a free loopback port with a
/// generated configuration and database (loaded with slapadd from an LDIF of users and groups), stopped on dispose.
/// </summary>
public sealed class DirectoryServer : IDisposable
{
    public const string Suffix = "dc=bureau,dc=test";
    public const string UserDnTemplate = "uid={0},ou=people," + Suffix;

    private readonly TempFolder _folder = new("policysearch-slapd-");
    private readonly Process _slapd;
    private readonly StringBuilder _log = new();

    public DirectoryServer(IReadOnlyList<DirectoryUser> users)
    {
        var slapd = new[] { "/usr/sbin/slapd", "/usr/local/libexec/slapd" }.FirstOrDefault(File.Exists)
            ?? throw new InvalidOperationException("slapd is not installed (Debian: apt-get install slapd ldap-utils; .ci/test installs it).");
        var database = _folder.Sub("db");
        var config = Path.Combine(_folder.Path, "slapd.conf");
        File.WriteAllText(config, $"""
            include /etc/ldap/schema/core.schema
            include /etc/ldap/schema/cosine.schema
            include /etc/ldap/schema/inetorgperson.schema
            include /etc/ldap/schema/nis.schema
            pidfile {_folder.Path}/slapd.pid
            modulepath /usr/lib/ldap
            moduleload back_mdb
            database mdb
            maxsize 10485760
            suffix "{Suffix}"
            rootdn "cn=admin,{Suffix}"
            directory {database}
            access to attrs=userPassword by anonymous auth by self read by * none
            access to * by users read by * none
            """);
        var ldif = Path.Combine(_folder.Path, "data.ldif");
        File.WriteAllText(ldif, Ldif(users));
        Run("/usr/sbin/slapadd", $"-f {config} -l {ldif}");
        Port = RunningServer.FreePort();
        Url = $"ldap://127.0.0.1:{Port}";
        _slapd = Process.Start(new ProcessStartInfo(slapd, $"-f {config} -h {Url}/ -d 0")
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        })!;
        _slapd.ErrorDataReceived += (_, e) => { lock (_log) _log.AppendLine(e.Data); };
        _slapd.BeginErrorReadLine();
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (!Listening())
        {
            if (_slapd.HasExited || DateTime.UtcNow > deadline) throw new InvalidOperationException($"slapd did not start: {Log}");
            Thread.Sleep(100);
        }
    }

    public int Port { get; }

    public string Url { get; }

    public string Log
    {
        get
        {
            lock (_log) return _log.ToString();
        }
    }

    private bool Listening()
    {
        try
        {
            using var client = new TcpClient();
            client.Connect("127.0.0.1", Port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    private static string Ldif(IReadOnlyList<DirectoryUser> users)
    {
        var ldif = new StringBuilder($"""
            dn: {Suffix}
            objectClass: dcObject
            objectClass: organization
            o: Bureau
            dc: bureau

            dn: ou=people,{Suffix}
            objectClass: organizationalUnit
            ou: people

            dn: ou=groups,{Suffix}
            objectClass: organizationalUnit
            ou: groups


            """);
        foreach (var u in users)
        {
            // Non-ASCII values are written base64 (attr:: …), as LDIF requires.
            ldif.Append($"dn: uid={u.Uid},ou=people,{Suffix}\nobjectClass: inetOrgPerson\nuid: {u.Uid}\n{Value("cn", u.Name)}\n{Value("sn", u.Name[..1])}\nuserPassword: {u.Password}\n\n");
        }
        foreach (var group in users.SelectMany(u => u.Groups).Distinct())
        {
            ldif.Append($"{Value("dn", $"cn={group},ou=groups,{Suffix}")}\nobjectClass: groupOfNames\n{Value("cn", group)}\n");
            foreach (var u in users.Where(u => u.Groups.Contains(group))) ldif.Append($"member: uid={u.Uid},ou=people,{Suffix}\n");
            ldif.Append('\n');
        }
        return ldif.ToString();
    }

    private static string Value(string attribute, string value) =>
        value.All(c => c < 128) ? $"{attribute}: {value}" : $"{attribute}:: {Convert.ToBase64String(Encoding.UTF8.GetBytes(value))}";

    private static void Run(string program, string arguments)
    {
        using var process = Process.Start(new ProcessStartInfo(program, arguments) { RedirectStandardError = true, RedirectStandardOutput = true })!;
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0) throw new InvalidOperationException($"{program} {arguments} failed: {error}");
    }

    public void Dispose()
    {
        try
        {
            if (!_slapd.HasExited) _slapd.Kill(entireProcessTree: true);
            _slapd.WaitForExit(5000);
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
        _slapd.Dispose();
        _folder.Dispose();
    }
}
