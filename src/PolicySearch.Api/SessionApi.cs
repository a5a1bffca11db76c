using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using PolicySearch.Answering;
using PolicySearch.Retrieval.Access;

namespace PolicySearch.Api;

/// <summary>The body of POST /api/session.</summary>
public sealed record SessionBody(string? Username, string? Password);

/// <summary>Who the caller is, as the page shows it; <see cref="CsrfToken"/> goes in X-CSRF-TOKEN on the page's POSTs.</summary>
public sealed record SessionInfo(bool SignedIn, string? User, string? DisplayName, IReadOnlyList<string> Groups, bool Admin, bool SignInAvailable, string? CsrfToken);

public static class SessionApi
{
    public const int MaxUserNameLength = 128;
    public const int MaxPasswordLength = 512;

    /// <summary>Failed sign-ins a user name may have in <see cref="FailureWindow"/> before the next are refused unasked.</summary>
    public const int MaxFailures = 5;
    public static readonly TimeSpan FailureWindow = TimeSpan.FromMinutes(15);

    // Per user name, whatever the address: password guessing is slowed down even when spread over many clients.
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, (int Count, DateTime Since)> Failures = new(StringComparer.OrdinalIgnoreCase);

    public static RouteGroupBuilder MapSessionApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/session").WithTags("Sign-in");
        group.MapGet("/", Current).WithSummary("Who the caller is (signed in or not, groups) and the anti-forgery token for the page's POSTs");
        group.MapPost("/", SignIn).WithSummary("Signs a member of staff in against the directory (Security:Ldap) and sets the session cookie");
        group.MapDelete("/", SignOut).WithSummary("Signs out: the session cookie is cleared");
        return group;
    }

    public static SessionInfo Current(HttpContext context, IAntiforgery antiforgery, LdapDirectory directory, IOptionsMonitor<SecurityOptions> security) =>
        Info(context, context.User, antiforgery, directory, security.CurrentValue);

    private static SessionInfo Info(HttpContext context, System.Security.Claims.ClaimsPrincipal user, IAntiforgery antiforgery, LdapDirectory directory, SecurityOptions security)
    {
        var scope = SignInSetup.ScopeOf(user, security);
        var signedIn = user.Identity?.IsAuthenticated == true;
        var groups = SignInSetup.GroupsOf(user, security);
        // The token is bound to who the caller is now: after signing in or out the page takes the new one.
        context.User = user;
        var token = antiforgery.GetAndStoreTokens(context).RequestToken;
        return new SessionInfo(signedIn, scope.User, user.FindFirst("display_name")?.Value ?? scope.User, groups, scope.All && signedIn, directory.Configured, token);
    }

    public static async Task<Results<Ok<SessionInfo>, ValidationProblem, ProblemHttpResult>> SignIn(HttpContext context, SessionBody body, LdapDirectory directory,
        IAntiforgery antiforgery, IOptionsMonitor<SecurityOptions> security, AuditLog audit, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        if (string.IsNullOrWhiteSpace(body.Username)) errors["username"] = ["请输入用户名 / The user name is empty."];
        else if (body.Username.Length > MaxUserNameLength) errors["username"] = [$"The user name is longer than {MaxUserNameLength} characters."];
        if (string.IsNullOrEmpty(body.Password)) errors["password"] = ["请输入密码 / The password is empty."];
        else if (body.Password.Length > MaxPasswordLength) errors["password"] = [$"The password is longer than {MaxPasswordLength} characters."];
        if (errors.Count > 0) return TypedResults.ValidationProblem(errors);
        if (!directory.Configured)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status501NotImplemented, title: "未配置登录 / Sign-in is not configured",
                detail: "本服务器未配置登录目录（Security:Ldap:Url）。 This server has no directory to sign in against.");
        }
        var userName = body.Username!.Trim();
        if (Failures.TryGetValue(userName, out var failed) && failed.Count >= MaxFailures && DateTime.UtcNow - failed.Since < FailureWindow)
        {
            audit.Record("sign-in", outcome: "Throttled", user: userName);
            var wait = (int)Math.Ceiling((FailureWindow - (DateTime.UtcNow - failed.Since)).TotalMinutes);
            context.Response.Headers.RetryAfter = ((int)(FailureWindow - (DateTime.UtcNow - failed.Since)).TotalSeconds + 1).ToString(System.Globalization.CultureInfo.InvariantCulture);
            return TypedResults.Problem(statusCode: StatusCodes.Status429TooManyRequests, title: "登录失败次数过多 / Too many failed sign-ins",
                detail: $"该用户名登录失败次数过多，请{wait}分钟后再试。 Too many failed sign-ins for this user name; try again in {wait} minutes.");
        }
        var (outcome, member) = await directory.SignInAsync(userName, body.Password!, cancellationToken);
        audit.Record("sign-in", outcome: outcome.ToString(), user: userName);
        if (outcome == SignInOutcome.WrongCredentials)
        {
            Failures.AddOrUpdate(userName, _ => (1, DateTime.UtcNow),
                (_, f) => DateTime.UtcNow - f.Since < FailureWindow ? (f.Count + 1, f.Since) : (1, DateTime.UtcNow));
        }
        else if (outcome == SignInOutcome.SignedIn)
        {
            Failures.TryRemove(userName, out _);
        }
        if (outcome == SignInOutcome.DirectoryUnavailable)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: "目录服务不可用 / The directory cannot be reached",
                detail: "目录服务暂时无法连接，请稍后再试。 The directory server cannot be reached; try again later.");
        }
        if (member is null)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "用户名或密码错误 / Wrong user name or password",
                detail: "用户名或密码错误，请重试。 The directory did not accept this user name and password.");
        }
        var principal = SignInSetup.Principal(member);
        await context.SignInAsync(SignInSetup.CookieScheme, principal, new AuthenticationProperties { IsPersistent = false, AllowRefresh = true });
        return TypedResults.Ok(Info(context, principal, antiforgery, directory, security.CurrentValue));
    }

    public static async Task<Ok<SessionInfo>> SignOut(HttpContext context, IAntiforgery antiforgery, LdapDirectory directory, IOptionsMonitor<SecurityOptions> security, AuditLog audit)
    {
        audit.Record("sign-out");
        await context.SignOutAsync(SignInSetup.CookieScheme);
        return TypedResults.Ok(Info(context, new System.Security.Claims.ClaimsPrincipal(new System.Security.Claims.ClaimsIdentity()), antiforgery, directory, security.CurrentValue));
    }
}
