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
}
