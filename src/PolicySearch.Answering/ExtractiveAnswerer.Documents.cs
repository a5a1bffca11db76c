using System.Text.RegularExpressions;
using PolicySearch.Retrieval;

namespace PolicySearch.Answering;

/// <summary>
/// The 公文 answers: who issued a document, which document a 文号 is, whether something still applies. Each is
/// read from what ingest found in the documents (发文机关, 发文字号, validity clauses) and cited where they state it.
/// </summary>
public sealed partial class ExtractiveAnswerer
{
    /// <summary>Who issued something: 是哪个机关印发的, 由谁发布, 发文机关是.</summary>
    [GeneratedRegex("(谁|哪个|哪一个|哪家|什么)(机关|部门|单位|机构)?.{0,4}(印发|发布|出台|制定|下发|发文)|(印发|发布|出台|制定|下发)(的)?(单位|机关|部门)?(是)?(谁|哪个|哪家|什么)|发文机关")]
    private static partial Regex IssuerQuestion();

    /// <summary>
    /// Who issued a document the question names (its 《title》 within the document's title, or most of the title), from
    /// the 发文机关 read at ingest, cited where the document states it: its signature, else its title line. Null when no
    /// retrieved document is named with a known issuer: the question is then answered as any other.
    /// </summary>
    private Answer? DocumentIssuer(AskRequest request, IReadOnlyList<SearchHit> hits)
    {
        if (lifecycle is null) return null;
        var named = BookTitle().Matches(ScriptNormalizer.FoldLower(request.Question)).Select(m => m.Groups[1].Value).Where(n => n.Length >= 4).ToList();
        foreach (var hit in hits.DistinctBy(h => h.DocumentId))
        {
            if (hit.Issuer is not { Length: > 0 } issuer) continue;
            var title = ScriptNormalizer.FoldLower(hit.Title);
            if (!(named.Any(n => title.Contains(n, StringComparison.Ordinal)) || named.Count == 0 && NamesDocument(request.Question, hit.Title))) continue;
            if (index.GetDocument(hit.DocumentId) is not { } document) continue;
            int start, end;
            if (lifecycle.FactsOf(hit.DocumentId)?.Evidence.GetValueOrDefault("issuer") is [var s, var e] && e <= document.Text.Length)
            {
                (start, end) = (s, e);
            }
            else if (hit.Title.Contains(issuer, StringComparison.Ordinal) && document.Text.IndexOf(hit.Title, StringComparison.Ordinal) is >= 0 and var at)
            {
                (start, end) = (at, at + hit.Title.Length);
            }
            else continue;
            if (CiteDocument(document, start, end, hit.Lifecycle) is not { } citation) continue;
            var said = citation.Quote == issuer ? "" : "：" + citation.Quote;
            return new Answer(request.Question, $"{issuer}{said} [1]{LapsedNote(citation)}", false, Mode, [citation], hits);
        }
        return null;
    }

    [GeneratedRegex("《([^《》]+)》")]
    private static partial Regex BookTitle();

    /// <summary>Which document something is: 是哪份文件, 是什么文件, 指的是什么.</summary>
    [GeneratedRegex("哪份|哪一份|哪个文件|哪一个文件|什么文件|是什么|指的是|指什么|是哪个")]
    private static partial Regex WhichDocumentQuestion();

    /// <summary>
    /// A question that names a 发文字号 and asks which document it is, answered by that document's title (文号 are
    /// read at ingest and matched as the search's 文号 filter matches them), cited where the document states it: its
    /// title line, else the line with its 文号. Null when no indexed document has the number.
    /// </summary>
    private Answer? NumberedDocument(AskRequest request, IReadOnlyList<SearchHit> hits)
    {
        if (lifecycle is null) return null;
        foreach (var number in Retrieval.Lifecycle.LifecycleText.DocNumbers(ScriptNormalizer.Fold(request.Question)))
        {
            foreach (var id in lifecycle.WithDocNumber(number))
            {
                if (index.GetDocument(id) is not { } document) continue;
                var title = document.Title.Trim();
                var start = title.Length > 0 ? document.Text.IndexOf(title, StringComparison.Ordinal) : -1;
                var end = start + title.Length;
                if (start < 0 && lifecycle.FactsOf(id)?.Evidence.GetValueOrDefault("docNumber") is [var at, _])
                {
                    // The line the 文号 stands on.
                    start = document.Text.LastIndexOf('\n', Math.Max(0, at - 1)) + 1;
                    end = document.Text.IndexOf('\n', at) is var e and >= 0 ? e : document.Text.Length;
                }
                if (start < 0 || end <= start) continue;
                var view = lifecycle.Of(id);
                if (CiteDocument(document, start, end, view) is not { } citation) continue;
                var numbered = view.DocNumber ?? number.Value;
                var said = citation.Quote == title ? "" : "：" + citation.Quote;
                return new Answer(request.Question, $"《{title.Trim('《', '》')}》（{numbered}）{said} [1]{LapsedNote(citation)}", false, Mode, [citation], hits);
            }
        }
        return null;
    }

    /// <summary>Whether something still applies: 还有效吗, 现行有效的吗, 还在实施期内吗, 废止了吗 ….</summary>
    [GeneratedRegex("还有效|是否有效|仍然有效|依然有效|现行有效|有效吗|实施期内|还适用|是否适用|废止了吗|失效了吗|过期了吗|还在执行|是否仍在执行|还能执行")]
    private static partial Regex ValidityQuestion();

    /// <summary>
    /// A validity question is answered by its verdict as of Lifecycle:AsOf (现行有效, 已失效, 已废止, 尚未施行) and the
    /// sentence that decides it, cited whole: the best sentence whose repeal, stated status, validity period, plan
    /// period or effective date decides it (<see cref="Retrieval.Lifecycle.LifecycleText.VerdictOf"/>). Null when no
    /// retrieved sentence decides it: the question is then answered as any other.
    /// </summary>
    private Answer? Validity(AskRequest request, IReadOnlyList<SearchHit> hits, IReadOnlyList<int> years)
    {
        var asOf = lifecycle?.AsOf ?? DateOnly.FromDateTime(DateTime.Now);
        string? verdict = null;
        var span = BestSpan(request.Question, hits, years, CandidatesTried, s =>
            (verdict = Retrieval.Lifecycle.LifecycleText.VerdictOf(SentenceOf(s), request.Question, asOf)) is not null, belowThresholdToo: true);
        Citation? citation = null;
        if (span is not null && verdict is not null)
        {
            if (span.Signals is { } g) span = span with { Start = g.SentenceStart, End = g.SentenceEnd };
            citation = Cite(1, span);
        }
        else if (DocumentStatus(request.Question, hits) is { } stated)
        {
            (verdict, citation) = stated;
        }
        if (citation is null) return null;
        return new Answer(request.Question, $"{verdict}（截至{asOf:yyyy年M月d日}）：{citation.Quote} [1]", false, Mode, [citation], hits) { Confidence = span?.Confidence };
    }

    /// <summary>
    /// The status of the document the question names (a retrieved document whose title the question holds most of),
    /// as its lifecycle computes it, cited at the sentence it was read from (施行, 有效期, 时效性). Null when no
    /// retrieved document is named with a status and its evidence.
    /// </summary>
    private (string Verdict, Citation Citation)? DocumentStatus(string question, IReadOnlyList<SearchHit> hits)
    {
        if (lifecycle is null) return null;
        foreach (var hit in hits.DistinctBy(h => h.DocumentId))
        {
            if (hit.Status is not { } status || !NamesDocument(question, hit.Title)) continue;
            // A repeal is stated in the repealing document, not in this one: nothing here to cite for it.
            var field = status switch
            {
                Retrieval.Lifecycle.LifecycleText.Expired => "expiryDate",
                Retrieval.Lifecycle.LifecycleText.Repealed => null,
                _ => hit.EffectiveDate is not null ? "effectiveDate" : "status",
            };
            if (field is null || lifecycle.FactsOf(hit.DocumentId)?.Evidence.GetValueOrDefault(field) is not [var start, var end]) continue;
            if (index.GetDocument(hit.DocumentId) is not { } document || end > document.Text.Length) continue;
            while (end > start && char.IsWhiteSpace(document.Text[end - 1])) end--;
            if (CiteDocument(document, start, end, hit.Lifecycle) is { } citation) return (status, citation);
        }
        return null;
    }

    /// <summary>A citation of [start, end) of a document, in the passage that span begins in (null when none holds it).</summary>
    private static Citation? CiteDocument(DocumentView document, int start, int end, Retrieval.Lifecycle.LifecycleView lifecycle)
    {
        var passage = document.Passages.FirstOrDefault(p => p.Start <= start && start < p.End);
        return passage is null ? null
            : new Citation(1, document.DocumentId, document.File, document.Title, document.Date, passage.PassageId, document.Text[start..end], start, end) { Lifecycle = lifecycle };
    }

    /// <summary>The question names a document: it holds at least 60% of the character pairs of its title (《》 and years aside).</summary>
    private static bool NamesDocument(string question, string title)
    {
        var pairs = SentenceMatcher.Bigrams(TitleNoise().Replace(title, ""));
        var asked = ScriptNormalizer.FoldLower(question);
        return pairs.Count > 0 && pairs.Count(p => asked.Contains(p, StringComparison.Ordinal)) >= 0.6 * pairs.Count;
    }

    [GeneratedRegex(@"[《》“”""（）()\s]|(?:19|20)\d{2}年?(?:修订|修正)?")]
    private static partial Regex TitleNoise();

    /// <summary>
    /// An answer quoted from a document that no longer applies says so: （注：所引文件已于2025年12月31日到期） or
    /// （注：所引文件已废止，已被《…》替代）. Nothing for a document in force or of unknown status.
    /// </summary>
    internal static string LapsedNote(Citation citation) => citation.Status switch
    {
        Retrieval.Lifecycle.LifecycleText.Expired when Retrieval.Lifecycle.LifecycleText.ParseDate(citation.ExpiryDate) is { } until =>
            $"（注：所引文件已于{until:yyyy年M月d日}到期）",
        Retrieval.Lifecycle.LifecycleText.Expired => "（注：所引文件已失效）",
        Retrieval.Lifecycle.LifecycleText.Repealed when citation.ReplacedBy is [var by, ..] => $"（注：所引文件已废止，已被{(by.Text.Contains('《') ? by.Text : "《" + by.Text + "》")}替代）",
        Retrieval.Lifecycle.LifecycleText.Repealed => "（注：所引文件已废止）",
        _ => "",
    };

    private static string SentenceOf(Span s) => s.Signals is { } g ? s.Hit.Text[g.SentenceStart..g.SentenceEnd] : s.Hit.Text[s.Start..s.End];
}
