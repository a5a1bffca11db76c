using System.Security.Claims;
using System.Text;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;
using PolicySearch.Answering;
using PolicySearch.Retrieval.Access;

namespace PolicySearch.Api;

/// <summary>
/// Who is asking: a bearer JWT (an intranet SSO or gateway: OIDC discovery or a shared HMAC key) or the page's session
/// cookie (signed in against the directory). Every request then runs in the caller's <see cref="AccessScope"/>, which
/// the index applies to everything it returns.
/// </summary>
public static class SignInSetup
{
    public const string Scheme = "PolicySearch";
    public const string CookieScheme = CookieAuthenticationDefaults.AuthenticationScheme;
    public const string BearerScheme = JwtBearerDefaults.AuthenticationScheme;
    public const string SessionCookie = "policysearch.session";
    public const string AntiforgeryHeader = "X-CSRF-TOKEN";

    /// <summary>The claim a session keeps its groups in (bearer tokens use Security:Jwt:GroupsClaim).</summary>
    public const string GroupsClaim = "groups";

    public static IServiceCollection AddPolicySearchSignIn(this IServiceCollection services)
    {
        services.AddOptions<SecurityOptions>()
            .Validate(o => string.IsNullOrEmpty(o.Jwt.SigningKey) || Encoding.UTF8.GetByteCount(o.Jwt.SigningKey) >= 32,
                "Security:Jwt:SigningKey must be at least 32 bytes (256 bits) for HMAC-SHA256.")
            .Validate(o => string.IsNullOrEmpty(o.Jwt.Authority) || Uri.TryCreate(o.Jwt.Authority, UriKind.Absolute, out _),
                "Security:Jwt:Authority must be an absolute URL (the OIDC issuer).")
            .Validate(o => !o.Ldap.Enabled || Uri.TryCreate(o.Ldap.Url, UriKind.Absolute, out var u) && u.Scheme is "ldap" or "ldaps",
                "Security:Ldap:Url must be ldap://host:port or ldaps://host:port.")
            .Validate(o => !o.Ldap.Enabled || o.Ldap.UserDnTemplate.Contains("{0}", StringComparison.Ordinal),
                "Security:Ldap:UserDnTemplate must hold {0} where the user name goes.");
        services.AddAuthentication(Scheme)
            .AddPolicyScheme(Scheme, "Bearer token or session", o => o.ForwardDefaultSelector = context =>
                HasBearer(context) && TokensAccepted(context) ? BearerScheme : CookieScheme)
            .AddCookie(CookieScheme, o =>
            {
                o.Cookie.Name = SessionCookie;
                o.Cookie.HttpOnly = true;
                o.Cookie.SameSite = SameSiteMode.Strict;
                o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                o.SlidingExpiration = true;
                // An API answers 401/403; it never redirects to a login page.
                o.Events.OnRedirectToLogin = context => { context.Response.StatusCode = StatusCodes.Status401Unauthorized; return Task.CompletedTask; };
                o.Events.OnRedirectToAccessDenied = context => { context.Response.StatusCode = StatusCodes.Status403Forbidden; return Task.CompletedTask; };
            })
            .AddJwtBearer(BearerScheme, _ => { });
        services.AddOptions<CookieAuthenticationOptions>(CookieScheme).Configure<IOptions<SecurityOptions>>((o, security) =>
            o.ExpireTimeSpan = TimeSpan.FromMinutes(security.Value.SessionMinutes));
        services.AddOptions<JwtBearerOptions>(BearerScheme).Configure<IOptions<SecurityOptions>>((o, security) =>
        {
            var jwt = security.Value.Jwt;
            o.MapInboundClaims = false;
            o.TokenValidationParameters = new TokenValidationParameters
            {
                ValidateIssuer = !string.IsNullOrWhiteSpace(jwt.Issuer) || !string.IsNullOrWhiteSpace(jwt.Authority),
                ValidIssuer = string.IsNullOrWhiteSpace(jwt.Issuer) ? null : jwt.Issuer,
                ValidateAudience = !string.IsNullOrWhiteSpace(jwt.Audience),
                ValidAudience = jwt.Audience,
                ValidateLifetime = true,
                RequireExpirationTime = true,
                ClockSkew = TimeSpan.FromMinutes(1),
                NameClaimType = "preferred_username",
            };
            if (!string.IsNullOrWhiteSpace(jwt.SigningKey))
            {
                o.TokenValidationParameters.IssuerSigningKey = new SymmetricSecurityKey(Encoding.UTF8.GetBytes(jwt.SigningKey));
                o.TokenValidationParameters.ValidAlgorithms = [SecurityAlgorithms.HmacSha256, SecurityAlgorithms.HmacSha384, SecurityAlgorithms.HmacSha512];
            }
            if (!string.IsNullOrWhiteSpace(jwt.Authority))
            {
                o.Authority = jwt.Authority;
                // An issuer on this machine (a test's, a local gateway's) may serve its keys over plain http.
                o.RequireHttpsMetadata = jwt.RequireHttpsMetadata && !IsLoopback(jwt.Authority);
            }
        });
        services.AddAuthorization();
        services.AddAntiforgery(o =>
        {
            o.HeaderName = AntiforgeryHeader;
            o.Cookie.Name = "policysearch.csrf";
            o.Cookie.SameSite = SameSiteMode.Strict;
            o.Cookie.HttpOnly = true;
            o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
        });
        // Session cookies stay valid across restarts: the keys that protect them are kept beside the index.
        services.AddDataProtection().SetApplicationName("PolicySearch");
        services.AddOptions<Microsoft.AspNetCore.DataProtection.KeyManagement.KeyManagementOptions>()
            .Configure<IOptions<PolicySearch.Retrieval.PathsOptions>, ILoggerFactory>((o, paths, logs) => o.XmlRepository =
                new Microsoft.AspNetCore.DataProtection.Repositories.FileSystemXmlRepository(
                    new DirectoryInfo(Path.Combine(paths.Value.IndexFullPath, "..", Path.GetFileName(paths.Value.IndexFullPath.TrimEnd('/')) + "-keys")), logs));
        services.AddSingleton<LdapDirectory>();
        services.AddOptions<AuditOptions>().BindConfiguration(AuditOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<AuditLog>();
        return services;
    }

    private static bool HasBearer(HttpContext context) =>
        context.Request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// Whether this server takes bearer tokens at all (Security:Jwt configured). Without, an Authorization header is
    /// not an identity: OpenAI clients send their API key (often a placeholder) that way, and are answered as anonymous.
    /// </summary>
    private static bool TokensAccepted(HttpContext context) =>
        context.RequestServices.GetRequiredService<IOptionsMonitor<SecurityOptions>>().CurrentValue.Jwt.Enabled;

    private static bool IsLoopback(string url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) && (uri.IsLoopback || System.Net.IPAddress.TryParse(uri.Host, out var ip) && System.Net.IPAddress.IsLoopback(ip));

    public static WebApplication UsePolicySearchSignIn(this WebApplication app)
    {
        app.UseAuthentication();
        app.Use(CallerScope);
        app.UseAuthorization();
        return app;
    }

    /// <summary>
    /// Runs the request in its caller's scope. A bearer token that does not validate is a 401 (the caller meant to be
    /// someone: answering them as anonymous would hide documents without saying why), and a cookie-signed POST,
    /// PUT or DELETE must carry the page's anti-forgery token.
    /// </summary>
    private static async Task CallerScope(HttpContext context, RequestDelegate next)
    {
        var security = context.RequestServices.GetRequiredService<IOptionsMonitor<SecurityOptions>>().CurrentValue;
        var user = context.User;
        if (HasBearer(context) && security.Jwt.Enabled && user.Identity?.IsAuthenticated != true)
        {
            var failure = context.Features.Get<Microsoft.AspNetCore.Authentication.IAuthenticateResultFeature>()?.AuthenticateResult?.Failure;
            context.RequestServices.GetRequiredService<AuditLog>().Record("token-refused", context.Request.Path, outcome: failure?.GetType().Name ?? "no token");
            context.Response.Headers.WWWAuthenticate = "Bearer";
            await Results.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "令牌无效 / The bearer token was not accepted",
                detail: failure is null ? "The token could not be read." : $"The token was not accepted: {FirstSentence(failure.Message)}").ExecuteAsync(context);
            return;
        }
        if (user.Identity is { IsAuthenticated: true, AuthenticationType: CookieScheme } && !HttpMethods.IsGet(context.Request.Method)
            && !HttpMethods.IsHead(context.Request.Method) && !HttpMethods.IsOptions(context.Request.Method))
        {
            var antiforgery = context.RequestServices.GetRequiredService<IAntiforgery>();
            if (!await antiforgery.IsRequestValidAsync(context))
            {
                await Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "缺少防伪令牌 / Anti-forgery token missing or wrong",
                    detail: $"A signed-in page's requests carry the token GET /api/session gives, in the {AntiforgeryHeader} header.",
                    extensions: new Dictionary<string, object?> { ["field"] = AntiforgeryHeader }).ExecuteAsync(context);
                return;
            }
        }
        using (AccessScope.Enter(ScopeOf(user, security)))
        {
            await next(context);
        }
    }

    private static string FirstSentence(string message)
    {
        var end = message.IndexOf(". ", StringComparison.Ordinal);
        return end > 0 ? message[..(end + 1)] : message;
    }

    /// <summary>What a caller may see: anonymous, public only; an admin group member, everything; else their groups'.</summary>
    public static AccessScope ScopeOf(ClaimsPrincipal user, SecurityOptions security)
    {
        if (user.Identity?.IsAuthenticated != true) return AccessScope.Public;
        var groups = GroupsOf(user, security);
        var name = UserName(user);
        return groups.Contains(security.AdminGroup, StringComparer.Ordinal)
            ? AccessScope.Everyone with { User = name }
            : AccessScope.Of(groups) with { User = name };
    }

    /// <summary>A signed-in caller's groups: a session's own claim, or the token's (Security:Jwt:GroupsClaim).</summary>
    public static IReadOnlyList<string> GroupsOf(ClaimsPrincipal user, SecurityOptions security) =>
        user.Identity?.IsAuthenticated != true
            ? []
            : user.FindAll(user.Identity.AuthenticationType == CookieScheme ? GroupsClaim : security.Jwt.GroupsClaim).Select(c => c.Value).ToList();

    public static string? UserName(ClaimsPrincipal user) =>
        new[] { "preferred_username", ClaimTypes.Name, "name", "unique_name", "sub" }.Select(t => user.FindFirst(t)?.Value).FirstOrDefault(v => !string.IsNullOrEmpty(v));

    /// <summary>The principal a session cookie carries for a signed-in member of staff.</summary>
    public static ClaimsPrincipal Principal(StaffMember member) => new(new ClaimsIdentity(
        [
            new Claim(ClaimTypes.Name, member.UserName),
            new Claim("display_name", member.DisplayName),
            .. member.Groups.Select(g => new Claim(GroupsClaim, g)),
        ], CookieScheme, ClaimTypes.Name, ClaimTypes.Role));
}
