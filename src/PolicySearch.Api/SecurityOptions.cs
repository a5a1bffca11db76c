using System.ComponentModel.DataAnnotations;

namespace PolicySearch.Api;

public sealed class SecurityOptions
{
    public const string Section = "Security";

    /// <summary>The key admin actions need in X-Api-Key; none configured means admin actions are refused for everyone.</summary>
    public string? AdminKey { get; set; }

    /// <summary>Requests per minute from one client (by address); 0 turns rate limiting off (load tests).</summary>
    [Range(0, 1_000_000)] public int RequestsPerMinutePerClient { get; set; } = 600;

    /// <summary>Origins allowed to call the API from other sites' pages; none (the default) means same-origin only.</summary>
    public string[] CorsOrigins { get; set; } = [];

    /// <summary>Largest request body; bodies up to this size reach validation (so an over-long question is a 400).</summary>
    [Range(1024, 100 * 1024 * 1024)] public long MaxRequestBodyBytes { get; set; } = 128 * 1024;

    /// <summary>
    /// A request still running after this long is answered 503 (its work is cancelled where it can be: between the
    /// years of a comparison, a chat model's reply); 0 turns the budget off.
    /// </summary>
    [Range(0, 3600)] public double RequestTimeoutSeconds { get; set; } = 10;

    /// <summary>
    /// Who may read /metrics and the API reference page: <c>local</c> (the default: callers on this machine, and
    /// anyone with the admin key), <c>all</c>, or <c>key</c> (only with the admin key).
    /// </summary>
    [RegularExpression("^(local|all|key)$")] public string Diagnostics { get; set; } = "local";

    /// <summary>Members see every document and may run admin actions (as the admin key does).</summary>
    public string AdminGroup { get; set; } = "admin";

    /// <summary>Bearer tokens from an intranet SSO or gateway.</summary>
    public JwtOptions Jwt { get; set; } = new();

    /// <summary>The directory the page signs staff in against.</summary>
    public LdapOptions Ldap { get; set; } = new();

    /// <summary>How long a page session lasts without a request (each request renews it).</summary>
    [Range(1, 7 * 24 * 60)] public int SessionMinutes { get; set; } = 480;
}

/// <summary>Section "Security:Jwt": OIDC discovery (Authority) or a shared HMAC key; neither: bearer tokens are refused.</summary>
public sealed class JwtOptions
{
    /// <summary>An OIDC issuer: its /.well-known/openid-configuration gives the signing keys (JWKS).</summary>
    public string? Authority { get; set; }

    /// <summary>A shared HMAC-SHA256 key (at least 32 bytes), for a gateway that signs tokens itself.</summary>
    public string? SigningKey { get; set; }

    public string? Issuer { get; set; }
    public string? Audience { get; set; }

    /// <summary>The claim holding the caller's groups (an array or one string per claim).</summary>
    public string GroupsClaim { get; set; } = "groups";

    /// <summary>Whether the Authority must be https (a loopback Authority is always allowed over http).</summary>
    public bool RequireHttpsMetadata { get; set; } = true;

    public bool Enabled => !string.IsNullOrWhiteSpace(Authority) || !string.IsNullOrWhiteSpace(SigningKey);
}

/// <summary>Section "Security:Ldap": simple bind as the user, then the groups that list them as a member.</summary>
public sealed class LdapOptions
{
    /// <summary>ldap://host:389 or ldaps://host:636; empty: the page offers no sign-in.</summary>
    public string? Url { get; set; }

    /// <summary>The user's DN, with {0} for the (escaped) user name: uid={0},ou=people,dc=bureau,dc=local.</summary>
    public string UserDnTemplate { get; set; } = "uid={0},ou=people,dc=example,dc=org";

    /// <summary>Where groups are looked for (empty: the DN template's parent's parent).</summary>
    public string? GroupSearchBase { get; set; }

    /// <summary>The groups of a user, with {0} for the user's (escaped) DN and {1} for the user name.</summary>
    public string GroupFilter { get; set; } = "(|(&(objectClass=groupOfNames)(member={0}))(&(objectClass=posixGroup)(memberUid={1})))";

    /// <summary>The attribute naming a group (what access.json's groups are).</summary>
    public string GroupNameAttribute { get; set; } = "cn";

    /// <summary>The user's attribute shown as their name on the page.</summary>
    public string DisplayNameAttribute { get; set; } = "cn";

    [Range(1, 120)] public int TimeoutSeconds { get; set; } = 5;

    public bool Enabled => !string.IsNullOrWhiteSpace(Url);
}
