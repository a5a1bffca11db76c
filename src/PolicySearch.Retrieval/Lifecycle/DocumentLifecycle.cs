using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Text.Json.Serialization;
using Microsoft.Extensions.Options;

namespace PolicySearch.Retrieval.Lifecycle;

/// <summary>Configuration section "Lifecycle".</summary>
public sealed class LifecycleOptions
{
    public const string Section = "Lifecycle";

    /// <summary>The day statuses are computed for (yyyy-MM-dd); empty: today.</summary>
    [RegularExpression(@"^\s*(\d{4}-\d{2}-\d{2})?\s*$", ErrorMessage = "Lifecycle:AsOf must be a date written yyyy-MM-dd.")]
    public string? AsOf { get; set; }
}

/// <summary>Another document a relation names: its id when it is in the index, and how it was written.</summary>
public sealed record DocumentRef(
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? DocumentId,
    string Text);

/// <summary>What a document shows of its lifecycle wherever it appears (results, citations, the document view).</summary>
public sealed record LifecycleView(
    string? DocNumber, string? Issuer, string? WrittenDate, string? EffectiveDate, string? ExpiryDate, string? Status,
    IReadOnlyList<DocumentRef> ReplacedBy, IReadOnlyList<DocumentRef> Replaces)
{
    public static readonly LifecycleView Unknown = new(null, null, null, null, null, null, [], []);

    /// <summary>The groups the document is restricted to (access.json, or the internal group); empty: public.</summary>
    public IReadOnlyList<string> Groups { get; init; } = [];
}

/// <summary>
/// Statuses and relations of the indexed documents as of <see cref="AsOf"/>. Computed when asked, from the facts read
/// at ingest: a repeal names its target by 文号 or title, and the target is found among the other documents; the day
/// decides expiry and entry into force. Nothing is frozen at ingest.
/// </summary>
public sealed class DocumentLifecycle(PolicyIndex index, IOptionsMonitor<LifecycleOptions> options)
{
    private sealed record Snapshot(IReadOnlyList<DocumentFactsRecord> Source, DateOnly AsOf, Dictionary<string, LifecycleView> Views);

    // One per scope: relations and statuses are computed from the documents the caller may see, so a hidden
    // document never shows as what replaced a visible one.
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, Snapshot> _snapshots = new(StringComparer.Ordinal);

    public DateOnly AsOf => DateOnly.TryParseExact(options.CurrentValue.AsOf?.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d)
        ? d
        : DateOnly.FromDateTime(DateTime.Now);

    /// <summary>A document's lifecycle as of <see cref="AsOf"/>; <see cref="LifecycleView.Unknown"/> when it states nothing.</summary>
    public LifecycleView Of(string documentId) =>
        (Current().Views.GetValueOrDefault(documentId) ?? LifecycleView.Unknown) with { Groups = index.GroupsOf(documentId) };

    /// <summary>A document's view (a folded copy's id opens its original) with its lifecycle as of <see cref="AsOf"/>.</summary>
    public DocumentView? Document(string documentId) =>
        index.ResolveDocument(documentId) is { } view ? view with { Lifecycle = Of(view.DocumentId) } : null;

    /// <summary>What a document states of itself (with where it says so); null for a document not in the index.</summary>
    public GongwenFacts? FactsOf(string documentId) => index.AllDocumentFacts().FirstOrDefault(r => r.DocumentId == documentId)?.Facts;

    /// <summary>The ids of the documents whose status is this one (for a search filter).</summary>
    public IReadOnlySet<string> WithStatus(string status) =>
        Current().Views.Where(v => v.Value.Status == status).Select(v => v.Key).ToHashSet();

    /// <summary>The documents whose 文号 a number names (the code may be left out: 〔2021〕1号).</summary>
    public IReadOnlyList<string> WithDocNumber(DocNumber asked) =>
        index.AllDocumentFacts().Where(r => r.Facts.DocNumber is { } n && LifecycleText.ParseDocNumber(n) is { } own && own.IsNamedBy(asked))
            .Select(r => r.DocumentId).ToList();

    private Snapshot Current()
    {
        var source = index.AllDocumentFacts();
        var asOf = AsOf;
        var key = Access.AccessScope.Current.Key;
        if (_snapshots.TryGetValue(key, out var snapshot) && ReferenceEquals(snapshot.Source, source) && snapshot.AsOf == asOf) return snapshot;
        snapshot = new Snapshot(source, asOf, Compute(source, asOf));
        _snapshots[key] = snapshot;
        return snapshot;
    }

    private static Dictionary<string, LifecycleView> Compute(IReadOnlyList<DocumentFactsRecord> records, DateOnly asOf)
    {
        var replacedBy = new Dictionary<string, List<DocumentRef>>();
        var replaces = new Dictionary<string, List<DocumentRef>>();
        foreach (var r in records)
        {
            foreach (var named in r.Facts.Replaces)
            {
                var target = Resolve(records, r, named);
                (replaces.TryGetValue(r.DocumentId, out var list) ? list : replaces[r.DocumentId] = []).Add(new DocumentRef(target, named));
                if (target is not null)
                {
                    (replacedBy.TryGetValue(target, out var back) ? back : replacedBy[target] = []).Add(new DocumentRef(r.DocumentId, r.Title));
                }
            }
        }
        var views = new Dictionary<string, LifecycleView>();
        foreach (var r in records)
        {
            var f = r.Facts;
            var by = replacedBy.GetValueOrDefault(r.DocumentId) ?? [];
            var status = LifecycleText.StatusOf(asOf, by.Count > 0, f.StatedStatus,
                LifecycleText.ParseDate(f.EffectiveDate), LifecycleText.ParseDate(f.ExpiryDate, yearAloneIsFirstDay: false));
            var view = new LifecycleView(f.DocNumber, f.Issuer, f.WrittenDate, f.EffectiveDate, f.ExpiryDate, status, by,
                replaces.GetValueOrDefault(r.DocumentId) ?? []);
            if (view != LifecycleView.Unknown) views[r.DocumentId] = view;
        }
        return views;
    }

    /// <summary>The indexed document a relation names: by 文号, else by a title that contains the one named.</summary>
    private static string? Resolve(IReadOnlyList<DocumentFactsRecord> records, DocumentFactsRecord from, string named)
    {
        if (LifecycleText.ParseDocNumber(named) is { } number)
        {
            return records.FirstOrDefault(o => o.DocumentId != from.DocumentId && o.Facts.DocNumber is { } n && LifecycleText.ParseDocNumber(n) is { } own && own.IsNamedBy(number))?.DocumentId;
        }
        var folded = ScriptNormalizer.Fold(named);
        if (folded.Length < 6) return null;
        return records.FirstOrDefault(o => o.DocumentId != from.DocumentId && ScriptNormalizer.Fold(o.Title).Contains(folded, StringComparison.Ordinal))?.DocumentId;
    }
}

/// <summary>
/// The lifecycle fields a document carries wherever it shows (a result, a citation, the document view), written
/// flat as the API's JSON has them; <see cref="Lifecycle"/> sets them all from a <see cref="LifecycleView"/>.
/// </summary>
public abstract record LifecycleFields
{
    public string? DocNumber { get; init; }
    public string? Issuer { get; init; }
    public string? WrittenDate { get; init; }
    public string? EffectiveDate { get; init; }
    public string? ExpiryDate { get; init; }

    /// <summary>现行有效 | 已失效 | 已废止 | 尚未施行, as of Lifecycle:AsOf; null when the document does not say.</summary>
    public string? Status { get; init; }

    public IReadOnlyList<DocumentRef>? ReplacedBy { get; init; }
    public IReadOnlyList<DocumentRef>? Replaces { get; init; }

    /// <summary>Who may see the document, when not everyone (the page shows a lock); null for a public document.</summary>
    public IReadOnlyList<string>? Groups { get; init; }

    [JsonIgnore]
    public LifecycleView Lifecycle
    {
        get => new(DocNumber, Issuer, WrittenDate, EffectiveDate, ExpiryDate, Status, ReplacedBy ?? [], Replaces ?? []) { Groups = Groups ?? [] };
        init
        {
            Groups = value.Groups.Count > 0 ? value.Groups : null;
            DocNumber = value.DocNumber;
            Issuer = value.Issuer;
            WrittenDate = value.WrittenDate;
            EffectiveDate = value.EffectiveDate;
            ExpiryDate = value.ExpiryDate;
            Status = value.Status;
            ReplacedBy = value.ReplacedBy.Count > 0 ? value.ReplacedBy : null;
            Replaces = value.Replaces.Count > 0 ? value.Replaces : null;
        }
    }
}
