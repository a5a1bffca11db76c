namespace PolicySearch.Retrieval;

/// <summary>A cleaned document, ready to be indexed with its passages.</summary>
public sealed record IndexedDocument(
    string DocumentId,
    string File,
    string Title,
    string Agency,
    string Date,
    int Year,
    string DocType,
    string Text,
    IReadOnlyList<Passage> Passages,
    IReadOnlyList<AlternateSource> Alternates,
    IReadOnlyList<string> Places)
{
    /// <summary>The text was read by OCR from page images (a scanned PDF).</summary>
    public bool Ocr { get; init; }

    /// <summary>Its 公文 elements and validity clauses, as read at ingest.</summary>
    public Lifecycle.GongwenFacts Gongwen { get; init; } = Lifecycle.GongwenFacts.None;
}

/// <summary>A span of a document's cleaned text: Text == document.Text[Start..End].</summary>
public sealed record Passage(int Ordinal, int Start, int End, string Text, string Heading, IReadOnlyList<int> YearsMentioned)
{
    /// <summary>The page (1-based) the passage begins on, for a paged source (PDF, OFD); null otherwise.</summary>
    public int? Page { get; init; }

    /// <summary>Offsets in the passage's text where a next page begins (a passage running across a page break).</summary>
    public IReadOnlyList<int> PageBreaks { get; init; } = [];

    /// <summary>The headings the passage is under and the article it begins in (["第三章", "第十二条"]); empty if none.</summary>
    public IReadOnlyList<string> HeadingPath { get; init; } = [];

    /// <summary>
    /// The path at an offset of the passage's text: a later article begun before the offset (第十三条 in a passage
    /// beginning in 第十二条) takes the last place.
    /// </summary>
    public static IReadOnlyList<string>? PathAt(IReadOnlyList<string>? path, string text, int offset)
    {
        if (path is null || path.Count == 0) return null;
        var article = ArticleAt(text, offset);
        if (article is null) return path;
        var last = path[^1];
        var isArticle = last.StartsWith('第') && last.EndsWith('条');
        return [.. isArticle ? path.Take(path.Count - 1) : path, article];
    }

    /// <summary>The last article (第十二条) begun at a line's start before the offset; null if none is.</summary>
    private static string? ArticleAt(string text, int offset)
    {
        string? found = null;
        var lineStart = 0;
        while (lineStart <= offset && lineStart < text.Length)
        {
            var at = lineStart;
            while (at < text.Length && char.IsWhiteSpace(text[at]) && text[at] != '\n') at++;
            // The line's first characters only: a label is short.
            var m = StructureLabels.Label().Match(text, at, Math.Min(16, text.Length - at));
            if (m.Success && m.Groups[2].Value == "条") found = m.Groups[1].Value;
            var end = text.IndexOf('\n', lineStart);
            if (end < 0) break;
            lineStart = end + 1;
        }
        return found;
    }

    /// <summary>The page of an offset in the passage's text.</summary>
    public static int? PageAt(int? first, IReadOnlyList<int> breaks, int offset) => first is { } page ? page + breaks.Count(b => b <= offset) : null;
}

/// <summary>A republished copy folded into its original.</summary>
public sealed record AlternateSource(string File, string Title, string Agency, string Date);

/// <summary>What the index remembers of a source file, so that a rerun touches only what changed.</summary>
/// <param name="DeclaresCopy">The file says it is a copy (a forum post, a mirror, 转载自…): never chosen as the original over one that does not.</param>
/// <param name="Facts">Its figures and dates with the words before them (<c>NearDuplicateDetector.Facts</c>): a copy that changes one is not a copy.</param>
public sealed record SourceFileRecord(
    string File, string ContentHash, string? DocumentId, string Role, string Date, ulong[] Signature, string? SkipReason,
    bool DeclaresCopy = false, IReadOnlyList<string>? Facts = null)
{
    /// <summary>The groups that may see the document (from access.json, or the internal group); empty: public.</summary>
    public IReadOnlyList<string> Groups { get; init; } = [];

    /// <summary>Its 附注 says it is not for the public (此件不公开, 内部资料), whatever access.json says.</summary>
    public bool MarkedInternal { get; init; }

    public const string RolePrimary = "primary";
    public const string RoleAlternate = "alternate";
    public const string RoleSkipped = "skipped";

    /// <summary>Taken out of the index by an administrator: not read again until the file changes.</summary>
    public const string RoleRemoved = "removed";
}

/// <param name="Status">现行有效 | 已失效 | 已废止 | 尚未施行, as of Lifecycle:AsOf.</param>
/// <param name="DocNumber">A 发文字号 (any brackets; the organ's code may be left out).</param>
public sealed record SearchFilters(int? Year = null, int? From = null, int? To = null, string? Agency = null, string? DocType = null,
    string? Status = null, string? DocNumber = null)
{
    /// <summary>What Year, From and To filter: the year a document was issued (the default) or the years a passage speaks of.</summary>
    public string YearOf { get; init; } = YearsOf.Published;

    /// <summary>Only these documents (what Status and DocNumber come to, resolved by the searcher); null: any.</summary>
    public IReadOnlySet<string>? DocumentIds { get; init; }
}

/// <summary>The two readings of a year filter: 发布年份 and 涉及年份.</summary>
public static class YearsOf
{
    public const string Published = "published";
    public const string Mentioned = "mentioned";

    public static readonly IReadOnlyList<string> All = [Published, Mentioned];
}

public sealed record SearchRequest(string Query, SearchFilters Filters, int Top = 10, int Skip = 0)
{
    /// <summary>One result per document (its best passage, with how many more of its passages matched); Top and Skip count documents.</summary>
    public bool GroupByDocument { get; init; }

    /// <summary>
    /// Only passages that hold one of the query's units of meaning (a word, or a term SmartCn left in characters), as
    /// a library's search does: not every passage that shares a character or sits near in the vector space.
    /// </summary>
    public bool MeaningfulOnly { get; init; }

    /// <summary>Counts by year, issuer, kind and status over the documents found.</summary>
    public bool WithFacets { get; init; }
}

/// <summary>One value of a facet and how many of the documents found have it.</summary>
public sealed record FacetValue(string Value, int Count);

/// <summary>The documents found, counted by year, issuer, kind of document and status (most first).</summary>
public sealed record Facets(IReadOnlyList<FacetValue> Year, IReadOnlyList<FacetValue> Issuer, IReadOnlyList<FacetValue> Type, IReadOnlyList<FacetValue> Status);

public sealed record SearchHit(
    int Rank,
    float Score,
    string PassageId,
    string DocumentId,
    string File,
    string Title,
    string Agency,
    string Date,
    int Year,
    string DocType,
    int Start,
    int End,
    string Text,
    string Highlight) : Lifecycle.LifecycleFields
{
    /// <summary>The page (1-based) the passage begins on, for a paged source (PDF, OFD).</summary>
    public int? Page { get; init; }

    /// <summary>Offsets in <see cref="Text"/> where a next page begins.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public IReadOnlyList<int> PageBreaks { get; init; } = [];

    /// <summary>True when the passage's document was read by OCR; null otherwise.</summary>
    public bool? Ocr { get; init; }

    /// <summary>The headings the passage is under and its article (["第三章", "第十二条"]); null if none.</summary>
    public IReadOnlyList<string>? HeadingPath { get; init; }

    /// <summary>With results grouped by document: how many other passages of the document matched.</summary>
    public int? More { get; init; }

    /// <summary>The places the passage's document is about (see <see cref="PlaceGazetteer"/>); for answering, not shown.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public IReadOnlyList<string> Places { get; init; } = [];
}

/// <summary>A passage found by the keyword index, before ranking by context.</summary>
public sealed record PassageCandidate(
    string PassageId,
    string DocumentId,
    string File,
    string Title,
    string Agency,
    string Date,
    int Year,
    string DocType,
    int Ordinal,
    int Start,
    int End,
    string Text,
    int[] YearsMentioned,
    string[] Places,
    float Score)
{
    public int? Page { get; init; }
    public IReadOnlyList<int> PageBreaks { get; init; } = [];
    public bool Ocr { get; init; }
    public IReadOnlyList<string> HeadingPath { get; init; } = [];

    /// <summary>The text folded to Simplified and lower case, for matching (same length and offsets as Text).</summary>
    public string Folded { get; } = ScriptNormalizer.FoldLower(Text);

    /// <summary>The title folded the same way.</summary>
    public string FoldedTitle { get; } = ScriptNormalizer.FoldLower(Title);

    /// <summary>End offsets of the text's sentences.</summary>
    public int[] SentenceEnds { get; } = SentenceMatcher.Sentences(Text).Select(s => s.End).ToArray();
}

public sealed record CandidateSet(int Total, IReadOnlyList<PassageCandidate> Candidates);

public sealed record SearchResponse(int Total, IReadOnlyList<SearchHit> Results, string Mode)
{
    public Facets? Facets { get; init; }

    /// <summary>Why nothing was searched for: <c>no-words</c> when the query has no word to look for (的, 了).</summary>
    public string? Notice { get; init; }

    /// <summary>The candidates filled the pool read: more than <see cref="Total"/> may match.</summary>
    public bool Capped { get; init; }
}

public sealed record DocumentView(
    string DocumentId,
    string File,
    string Title,
    string Agency,
    string Date,
    int Year,
    string DocType,
    string Text,
    IReadOnlyList<PassageSpan> Passages,
    IReadOnlyList<AlternateSource> Alternates) : Lifecycle.LifecycleFields
{
    /// <summary>Set when the id asked for was a republished copy's, folded into this document: that copy's file.</summary>
    public string? RequestedCopy { get; init; }

    /// <summary>True when the text was read by OCR (a scanned PDF); null otherwise.</summary>
    public bool? Ocr { get; init; }
}

public sealed record PassageSpan(string PassageId, int Ordinal, int Start, int End)
{
    /// <summary>The page (1-based) the passage begins on, for a paged source.</summary>
    public int? Page { get; init; }
}

public sealed record IndexStatistics(int Documents, int Passages, int SourceFiles, int SkippedFiles, string? LastCommit);

/// <summary>A document's 公文 facts with what identifies it (for statuses and relations across documents).</summary>
public sealed record DocumentFactsRecord(string DocumentId, string Title, string Date, Lifecycle.GongwenFacts Facts);
