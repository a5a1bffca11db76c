using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PolicySearch.Retrieval.Access;

namespace PolicySearch.Answering;

/// <summary>Configuration section "Security:Audit".</summary>
public sealed class AuditOptions
{
    public const string Section = "Security:Audit";

    /// <summary>Where the audit files (one JSON line per event, one file per day) are kept (relative: to the repository root); empty: log events only.</summary>
    public string? Folder { get; set; }

    /// <summary>Days an audit file is kept; older ones are deleted when a new day's file starts. 0 keeps them all.</summary>
    [System.ComponentModel.DataAnnotations.Range(0, 36500)] public int RetentionDays { get; set; } = 180;
}

/// <summary>One audited event: who (the caller's user and groups), what, and which documents it showed them.</summary>
public sealed record AuditEvent(DateTimeOffset At, string Event, string? User, IReadOnlyList<string> Groups, string? Text,
    IReadOnlyList<string> Documents, string? Outcome);

/// <summary>
/// Who asked what, which documents were cited or opened, sign-ins and their failures, admin actions: structured log
/// events (category PolicySearch.Audit) and, with a folder configured, JSON lines kept for the retention period.
/// Never a password or a token: callers pass what happened, not what was sent.
/// </summary>
public sealed class AuditLog(ILogger<AuditLog> logger, IOptions<AuditOptions> options)
{
    private readonly Lock _file = new();
    private string? _day;

    public void Record(string @event, string? text = null, IEnumerable<string>? documents = null, string? outcome = null, string? user = null)
    {
        var scope = AccessScope.Current;
        var entry = new AuditEvent(DateTimeOffset.Now, @event, user ?? scope.User, scope.All ? ["*"] : scope.Groups.Order(StringComparer.Ordinal).ToList(),
            text, documents?.Distinct().ToList() ?? [], outcome);
        logger.LogInformation("audit {Event} by {User} [{Groups}]: {Text} → {Documents} {Outcome}", entry.Event, entry.User ?? "(anonymous)",
            string.Join(',', entry.Groups), entry.Text, string.Join(',', entry.Documents), entry.Outcome);
        if (string.IsNullOrWhiteSpace(options.Value.Folder)) return;
        try
        {
            Append(entry);
        }
        catch (IOException ex)
        {
            // The request goes on; the failure is in the log, which the journal keeps.
            logger.LogError("Writing the audit file in {Folder} failed: {Message}", options.Value.Folder, ex.Message);
        }
    }

    private void Append(AuditEvent entry)
    {
        var folder = PolicySearch.Retrieval.RepositoryRoot.Resolve(options.Value.Folder!);
        var day = entry.At.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        var line = JsonSerializer.Serialize(entry, PolicyJson.Options) + "\n";
        lock (_file)
        {
            Directory.CreateDirectory(folder);
            File.AppendAllText(Path.Combine(folder, $"audit-{day}.jsonl"), line);
            if (_day == day) return;
            _day = day;
            Prune(folder, entry.At);
        }
    }

    /// <summary>Deletes the day files older than the retention period.</summary>
    private void Prune(string folder, DateTimeOffset now)
    {
        if (options.Value.RetentionDays <= 0) return;
        var oldest = DateOnly.FromDateTime(now.Date).AddDays(-options.Value.RetentionDays);
        foreach (var file in Directory.EnumerateFiles(folder, "audit-*.jsonl"))
        {
            var name = Path.GetFileNameWithoutExtension(file)["audit-".Length..];
            if (DateOnly.TryParseExact(name, "yyyy-MM-dd", out var date) && date < oldest) File.Delete(file);
        }
    }
}
