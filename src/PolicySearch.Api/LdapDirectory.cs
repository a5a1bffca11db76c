using System.DirectoryServices.Protocols;
using System.Net;
using System.Text;
using Microsoft.Extensions.Options;

namespace PolicySearch.Api;

/// <summary>A signed-in member of staff: the name they signed in with, the name to show, their groups.</summary>
public sealed record StaffMember(string UserName, string DisplayName, IReadOnlyList<string> Groups);

public enum SignInOutcome { SignedIn, WrongCredentials, DirectoryUnavailable }

/// <summary>
/// Signs staff in against the bureau's directory: a simple bind as the user (their DN from the template), then a
/// search for the groups that list them. The user name is escaped for the DN and the filter, and an empty password is
/// refused before any bind (LDAP treats a bind without one as anonymous, which "succeeds").
/// </summary>
public sealed class LdapDirectory(IOptionsMonitor<SecurityOptions> options, ILogger<LdapDirectory> logger)
{
    public bool Configured => options.CurrentValue.Ldap.Enabled;

    public async Task<(SignInOutcome Outcome, StaffMember? Member)> SignInAsync(string userName, string password, CancellationToken cancellationToken)
    {
        if (userName.Length == 0 || password.Length == 0) return (SignInOutcome.WrongCredentials, null);
        var o = options.CurrentValue.Ldap;
        // The client library is synchronous: keep it off the request threads.
        return await Task.Run(() => SignIn(o, userName, password), cancellationToken);
    }

    private (SignInOutcome, StaffMember?) SignIn(LdapOptions o, string userName, string password)
    {
        var url = new Uri(o.Url!);
        var dn = string.Format(System.Globalization.CultureInfo.InvariantCulture, o.UserDnTemplate, EscapeDnValue(userName));
        try
        {
            using var connection = new LdapConnection(new LdapDirectoryIdentifier(url.Host, url.Port > 0 ? url.Port : url.Scheme == "ldaps" ? 636 : 389))
            {
                AuthType = AuthType.Basic,
                Timeout = TimeSpan.FromSeconds(o.TimeoutSeconds),
            };
            connection.SessionOptions.ProtocolVersion = 3;
            if (url.Scheme == "ldaps") connection.SessionOptions.SecureSocketLayer = true;
            connection.Bind(new NetworkCredential(dn, password));

            var self = (SearchResponse)connection.SendRequest(new SearchRequest(dn, "(objectClass=*)", SearchScope.Base, o.DisplayNameAttribute));
            var display = self.Entries.Count > 0 ? FirstValue(self.Entries[0], o.DisplayNameAttribute) : null;
            var filter = string.Format(System.Globalization.CultureInfo.InvariantCulture, o.GroupFilter, EscapeFilterValue(dn), EscapeFilterValue(userName));
            var found = (SearchResponse)connection.SendRequest(new SearchRequest(GroupBase(o, dn), filter, SearchScope.Subtree, o.GroupNameAttribute));
            var groups = found.Entries.Cast<SearchResultEntry>().Select(e => FirstValue(e, o.GroupNameAttribute)).OfType<string>()
                .Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
            return (SignInOutcome.SignedIn, new StaffMember(userName, display ?? userName, groups));
        }
        catch (LdapException ex) when (ex.ErrorCode == 49)
        {
            return (SignInOutcome.WrongCredentials, null);
        }
        catch (Exception ex) when (ex is LdapException or DirectoryOperationException)
        {
            logger.LogWarning("The directory at {Url} could not be used: {Message}", o.Url, ex.Message);
            return (SignInOutcome.DirectoryUnavailable, null);
        }
    }

    private static string GroupBase(LdapOptions o, string userDn)
    {
        if (!string.IsNullOrWhiteSpace(o.GroupSearchBase)) return o.GroupSearchBase;
        // uid=x,ou=people,dc=… → dc=…: the directory's root, where ou=groups usually sits beside ou=people.
        var parts = userDn.Split(',');
        return string.Join(',', parts.Skip(Math.Min(2, parts.Length - 1)));
    }

    private static string? FirstValue(SearchResultEntry entry, string attribute) =>
        entry.Attributes.Contains(attribute) && entry.Attributes[attribute].GetValues(typeof(string)) is { Length: > 0 } values ? (string)values[0] : null;

    /// <summary>RFC 4514: a user name as one attribute value of a DN (no "," or "+" can start another).</summary>
    internal static string EscapeDnValue(string value)
    {
        var escaped = new StringBuilder();
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (c is ',' or '+' or '"' or '\\' or '<' or '>' or ';' or '=' || (c is '#' or ' ' && i == 0) || (c == ' ' && i == value.Length - 1)) escaped.Append('\\').Append(c);
            else if (c < 0x20) escaped.Append($"\\{(int)c:x2}");
            else escaped.Append(c);
        }
        return escaped.ToString();
    }

    /// <summary>RFC 4515: a value inside a search filter (no "*" or ")" can widen it).</summary>
    internal static string EscapeFilterValue(string value)
    {
        var escaped = new StringBuilder();
        foreach (var c in value)
        {
            if (c is '*' or '(' or ')' or '\\' or '\0') escaped.Append($"\\{(int)c:x2}");
            else escaped.Append(c);
        }
        return escaped.ToString();
    }
}
