using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;
using OpenTelemetry.Metrics;
using PolicySearch.Retrieval;

namespace PolicySearch.Api;

/// <summary>What an unattended intranet server needs: limits, rate limiting, closed CORS, request ids, metrics.</summary>
public static class ProtectionSetup
{
    public const string RequestIdHeader = "X-Request-Id";
    private const string CorsPolicy = "configured-origins";

    /// <summary>The 503 a request past its time budget gets, whether the timer or the work itself noticed.</summary>
    public static ProblemHttpResult TookTooLong(double seconds) =>
        TypedResults.Problem(statusCode: StatusCodes.Status503ServiceUnavailable,
            title: "The request took too long",
            detail: $"Requests are answered within {seconds:0.###} s; this one was stopped. Ask for fewer years or a narrower question.");

    public static IServiceCollection AddPolicySearchProtection(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<SecurityOptions>().BindConfiguration(SecurityOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        var security = configuration.GetSection(SecurityOptions.Section).Get<SecurityOptions>() ?? new SecurityOptions();

        services.Configure<Microsoft.AspNetCore.Server.Kestrel.Core.KestrelServerOptions>(o =>
        {
            o.Limits.MaxRequestBodySize = security.MaxRequestBodyBytes;
            o.AddServerHeader = false;
        });

        // Every request has a time budget: past it the server answers 503 and cancels what listens to the token.
        // Read through options, so that configuration added after registration (tests, hosts) counts too.
        services.AddRequestTimeouts();
        services.AddOptions<Microsoft.AspNetCore.Http.Timeouts.RequestTimeoutOptions>().Configure<IOptions<SecurityOptions>>((o, options) =>
        {
            var seconds = options.Value.RequestTimeoutSeconds;
            if (seconds <= 0) return;
            o.DefaultPolicy = new Microsoft.AspNetCore.Http.Timeouts.RequestTimeoutPolicy
            {
                Timeout = TimeSpan.FromSeconds(seconds),
                TimeoutStatusCode = StatusCodes.Status503ServiceUnavailable,
                WriteTimeoutResponse = context => TookTooLong(seconds).ExecuteAsync(context),
            };
        });

        services.AddSingleton<RateWindows>();
        services.AddRateLimiter(o =>
        {
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            o.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(context =>
            {
                var perMinute = context.RequestServices.GetRequiredService<IOptionsMonitor<SecurityOptions>>().CurrentValue.RequestsPerMinutePerClient;
                // The page's own files and the probes are not what a client floods with.
                if (perMinute <= 0 || !(context.Request.Path.StartsWithSegments("/api") || context.Request.Path.StartsWithSegments("/v1") || context.Request.Path.StartsWithSegments("/mcp")))
                {
                    return RateLimitPartition.GetNoLimiter("unlimited");
                }
                var client = context.Connection.RemoteIpAddress?.ToString() ?? "unknown";
                var windows = context.RequestServices.GetRequiredService<RateWindows>();
                return RateLimitPartition.GetFixedWindowLimiter(client, _ =>
                {
                    windows.Started(client);
                    return new FixedWindowRateLimiterOptions { PermitLimit = perMinute, Window = RateWindow, QueueLimit = 0 };
                });
            });
            o.OnRejected = async (context, ct) =>
            {
                var client = context.HttpContext.Connection.RemoteIpAddress?.ToString() ?? "unknown";
                var seconds = context.HttpContext.RequestServices.GetRequiredService<RateWindows>().SecondsLeft(client);
                context.HttpContext.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
                await Results.Problem(statusCode: StatusCodes.Status429TooManyRequests, title: "Too many requests",
                    detail: "This client sent too many requests; try again after the time in Retry-After.").ExecuteAsync(context.HttpContext);
            };
        });

        // Closed unless origins are configured: the page is served from the same origin and needs no CORS.
        services.AddCors(o => o.AddPolicy(CorsPolicy, policy =>
        {
            if (security.CorsOrigins.Length > 0) policy.WithOrigins(security.CorsOrigins).WithMethods("GET", "POST").WithHeaders("Content-Type");
        }));

        services.AddOpenTelemetry().WithMetrics(metrics => metrics
            .AddAspNetCoreInstrumentation()
            .AddRuntimeInstrumentation()
            .AddMeter(PolicySearchMetrics.MeterName)
            .AddPrometheusExporter());
        return services;
    }

    private static readonly TimeSpan RateWindow = TimeSpan.FromMinutes(1);

    /// <summary>
    /// When each client's rate window started: its limiter grants a whole window's permits again after that, and
    /// after every window since, so the seconds left in the current one are when its next request can succeed.
    /// </summary>
    internal sealed class RateWindows
    {
        private readonly System.Collections.Concurrent.ConcurrentDictionary<string, long> _starts = new();

        public void Started(string client) => _starts[client] = Stopwatch.GetTimestamp();

        public int SecondsLeft(string client)
        {
            if (!_starts.TryGetValue(client, out var started)) return (int)RateWindow.TotalSeconds;
            var into = Stopwatch.GetElapsedTime(started).Ticks % RateWindow.Ticks;
            return Math.Max(1, (int)Math.Ceiling(TimeSpan.FromTicks(RateWindow.Ticks - into).TotalSeconds));
        }
    }

    public static WebApplication UsePolicySearchProtection(this WebApplication app)
    {
        app.Use(SecurityHeaders);
        app.Use(RequestIdAndBodyLimit);
        app.UseCors(CorsPolicy);
        app.UseRateLimiter();
        app.UseWhen(context => IsDiagnostics(context.Request.Path), diagnostics => diagnostics.Use(RequireDiagnosticsAccess));
        app.MapPrometheusScrapingEndpoint("/metrics");
        return app;
    }

    /// <summary>The page runs no inline script and is never framed; the API reference page (Scalar) needs inline script.</summary>
    private const string PageCsp = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; " +
        "font-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    private const string ReferenceCsp = "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; " +
        "img-src 'self' data:; connect-src 'self'; font-src 'self' data:; object-src 'none'; base-uri 'none'; frame-ancestors 'none'";

    private static Task SecurityHeaders(HttpContext context, RequestDelegate next)
    {
        var headers = context.Response.Headers;
        headers.ContentSecurityPolicy = context.Request.Path.StartsWithSegments(ReferencePath) ? ReferenceCsp : PageCsp;
        headers.XContentTypeOptions = "nosniff";
        headers.XFrameOptions = "DENY";
        headers["Referrer-Policy"] = "no-referrer";
        // Answers depend on who asks: no shared cache may keep one for the next caller.
        if (context.Request.Path.StartsWithSegments("/api") || context.Request.Path.StartsWithSegments("/v1") || context.Request.Path.StartsWithSegments("/mcp"))
        {
            headers.CacheControl = "no-store";
        }
        return next(context);
    }

    public const string ReferencePath = "/api/reference";
    public const string MetricsPath = "/metrics";

    private static bool IsDiagnostics(PathString path) => path.StartsWithSegments(MetricsPath) || path.StartsWithSegments(ReferencePath);

    /// <summary>
    /// /metrics and the API reference tell an outsider how the server is built and used: by default only callers on
    /// this machine (a scraper beside it, an administrator's tunnel) and holders of the admin key see them.
    /// </summary>
    private static async Task RequireDiagnosticsAccess(HttpContext context, RequestDelegate next)
    {
        var security = context.RequestServices.GetRequiredService<IOptionsMonitor<SecurityOptions>>().CurrentValue;
        var remote = context.Connection.RemoteIpAddress;
        // No address: an in-process or Unix-socket caller, on this machine by definition.
        var local = remote is null || System.Net.IPAddress.IsLoopback(remote);
        var keyed = !string.IsNullOrEmpty(security.AdminKey) && AdminApi.KeysMatch(context.Request.Headers[AdminApi.KeyHeader].ToString(), security.AdminKey);
        var allowed = security.Diagnostics switch
        {
            "all" => true,
            "key" => keyed,
            _ => local || keyed,
        };
        if (allowed)
        {
            await next(context);
            return;
        }
        await Results.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Diagnostics are not open to this client",
            detail: $"Metrics and the API reference are served to this machine and to the admin key ({AdminApi.KeyHeader}); see Security:Diagnostics.")
            .ExecuteAsync(context);
    }

    /// <summary>
    /// Every request gets an id (the caller's X-Request-Id, else the trace id), echoed in the response and in every
    /// log line written while it runs. A body declared larger than the limit is refused with 413 before it is read.
    /// </summary>
    private static async Task RequestIdAndBodyLimit(HttpContext context, RequestDelegate next)
    {
        var given = context.Request.Headers[RequestIdHeader].ToString();
        var requestId = given.Length is > 0 and <= 64 && given.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.')
            ? given
            : Activity.Current?.TraceId.ToString() ?? context.TraceIdentifier;
        context.TraceIdentifier = requestId;
        context.Response.Headers[RequestIdHeader] = requestId;
        var logger = context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger("PolicySearch.Requests");
        // A message-template scope: readable on the console ("X-Request-Id:…"), a named property for structured sinks.
        using var scope = logger.BeginScope("X-Request-Id:{XRequestId}", requestId);

        var limit = context.RequestServices.GetRequiredService<IOptionsMonitor<SecurityOptions>>().CurrentValue.MaxRequestBodyBytes;
        if (context.Request.ContentLength > limit)
        {
            await Results.Problem(statusCode: StatusCodes.Status413PayloadTooLarge, title: "Request body too large",
                detail: $"Request bodies are limited to {limit / 1024} KB.").ExecuteAsync(context);
            return;
        }
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } bodySize) bodySize.MaxRequestBodySize = limit;

        var started = Stopwatch.GetTimestamp();
        await next(context);
        if (context.Request.Path.StartsWithSegments("/api"))
        {
            logger.LogInformation("{Method} {Path} {Status} in {Elapsed:F1} ms", context.Request.Method, context.Request.Path.Value,
                context.Response.StatusCode, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }
    }
}
