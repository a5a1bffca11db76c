using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Http.Features;
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

    public static IServiceCollection AddPolicySearchProtection(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<SecurityOptions>().BindConfiguration(SecurityOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        var security = configuration.GetSection(SecurityOptions.Section).Get<SecurityOptions>() ?? new SecurityOptions();

        services.Configure<Microsoft.AspNetCore.Server.Kestrel.Core.KestrelServerOptions>(o => o.Limits.MaxRequestBodySize = security.MaxRequestBodyBytes);

        services.AddRateLimiter(o =>
        {
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            o.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(context =>
            {
                var perMinute = context.RequestServices.GetRequiredService<IOptionsMonitor<SecurityOptions>>().CurrentValue.RequestsPerMinutePerClient;
                // The page's own files and the probes are not what a client floods with.
                if (perMinute <= 0 || !context.Request.Path.StartsWithSegments("/api")) return RateLimitPartition.GetNoLimiter("unlimited");
                var client = context.Connection.RemoteIpAddress?.ToString() ?? "unknown";
                return RateLimitPartition.GetFixedWindowLimiter(client, _ => new FixedWindowRateLimiterOptions
                {
                    PermitLimit = perMinute,
                    Window = TimeSpan.FromMinutes(1),
                    QueueLimit = 0,
                });
            });
            o.OnRejected = async (context, ct) =>
            {
                var retryAfter = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromSeconds(60);
                context.HttpContext.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
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

    public static WebApplication UsePolicySearchProtection(this WebApplication app)
    {
        app.Use(RequestIdAndBodyLimit);
        app.UseCors(CorsPolicy);
        app.UseRateLimiter();
        app.MapPrometheusScrapingEndpoint("/metrics");
        return app;
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
