namespace PolicySearch.Retrieval.Lifecycle;

/// <summary>
/// What a document states of itself as an official document (GB/T 9704-2012 elements and its validity clauses),
/// read at ingest. Dates are ISO (yyyy-MM-dd); anything it does not state is null. Its status is not here: that
/// depends on the day asked and on the other documents indexed (<see cref="DocumentLifecycle"/>).
/// </summary>
public sealed record GongwenFacts
{
    /// <summary>发文字号, normalised to 〔YYYY〕.</summary>
    public string? DocNumber { get; init; }

    /// <summary>发文机关: the 署名, the 发文机关标志, a labelled field or the title's 关于 prefix.</summary>
    public string? Issuer { get; init; }

    /// <summary>主送机关, without its closing colon.</summary>
    public string? Recipients { get; init; }

    /// <summary>成文日期: the date under the signature, or a labelled one.</summary>
    public string? WrittenDate { get; init; }

    /// <summary>施行日期: 本…自…起施行 (自印发之日起: the written date).</summary>
    public string? EffectiveDate { get; init; }

    /// <summary>The last day it applies: 有效期至…, 有效期N年 from the effective date, or the end of the period in its title.</summary>
    public string? ExpiryDate { get; init; }

    /// <summary>A status the document is labelled with (时效性：现行有效), one of <see cref="LifecycleText.Statuses"/>.</summary>
    public string? StatedStatus { get; init; }

    /// <summary>附注: the 公开属性 line, with its brackets ((此件公开发布)).</summary>
    public string? Disclosure { get; init; }

    /// <summary>Documents it says it repeals or supersedes, as written (a 文号 or a title).</summary>
    public IReadOnlyList<string> Replaces { get; init; } = [];

    /// <summary>Where in the text each fact is stated (field name → [start, end)), so an answer can cite it.</summary>
    public IReadOnlyDictionary<string, int[]> Evidence { get; init; } = new Dictionary<string, int[]>();

    public bool IsEmpty => DocNumber is null && Issuer is null && WrittenDate is null && EffectiveDate is null && ExpiryDate is null
                           && StatedStatus is null && Disclosure is null && Recipients is null && Replaces.Count == 0;

    public static readonly GongwenFacts None = new();
}
