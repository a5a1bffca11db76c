using System.Text.RegularExpressions;
using PolicySearch.Retrieval;

namespace PolicySearch.Answering;

/// <summary>
/// Checks a chat model's answer against the numbered sources it was given: every [n] must name a given source,
/// and every cited claim must be supported by a sentence of its source (its figures all there, and most of its
/// words). A checked answer gets exact quotes and offsets, like an extractive one.
/// </summary>
public static partial class CitationChecker
{
    /// <summary>Share of a claim's character bigrams that its source sentence must hold.</summary>
    public const double SupportThreshold = 0.5;

    public sealed record Checked(string Text, IReadOnlyList<Citation> Citations);

    /// <summary>The checked answer with its citations renumbered 1…k, or the reason it fails the check.</summary>
    public static (Checked? Answer, string? Failure) Check(string answer, IReadOnlyList<SearchHit> sources)
    {
        var claims = Claims(answer);
        if (claims.Count == 0) return (null, "the model cited no source");
        var renumbered = new Dictionary<int, int>();
        var citations = new List<Citation>();
        foreach (var (claim, cited) in claims)
        {
            foreach (var n in cited)
            {
                if (n < 1 || n > sources.Count) return (null, $"the model cited source [{n}], which it was not given");
            }
            var support = cited.Select(n => (n, Quote: BestSupport(claim, sources[n - 1]))).Where(s => s.Quote is not null).ToList();
            if (support.Count == 0 && Stripped(claim).Length > 0) return (null, $"a claim is not supported by its source: {claim.Trim()}");
            foreach (var (n, quote) in support)
            {
                if (renumbered.ContainsKey(n)) continue;
                renumbered[n] = renumbered.Count + 1;
                var hit = sources[n - 1];
                var (start, end) = quote!.Value;
                citations.Add(new Citation(renumbered[n], hit.DocumentId, hit.File, hit.Title, hit.Date, hit.PassageId,
                    hit.Text[start..end], hit.Start + start, hit.Start + end) { Page = Passage.PageAt(hit.Page, hit.PageBreaks, start), HeadingPath = Passage.PathAt(hit.HeadingPath, hit.Text, start), Lifecycle = hit.Lifecycle });
            }
        }
        var text = Marker().Replace(answer, m =>
        {
            var n = int.Parse(m.Groups[1].Value);
            return renumbered.TryGetValue(n, out var k) ? $"[{k}]" : "";
        }).Trim();
        return (new Checked(text, citations), null);
    }

    /// <summary>The answer cut into claims, each with the sources cited right after it.</summary>
    internal static List<(string Claim, List<int> Cited)> Claims(string answer)
    {
        var claims = new List<(string, List<int>)>();
        var last = 0;
        foreach (Match group in MarkerRun().Matches(answer))
        {
            var claim = answer[last..group.Index];
            var cited = Marker().Matches(group.Value).Select(m => int.Parse(m.Groups[1].Value)).ToList();
            claims.Add((claim, cited));
            last = group.Index + group.Length;
        }
        return claims;
    }

    /// <summary>The source sentence that supports the claim best, if one does.</summary>
    private static (int Start, int End)? BestSupport(string claim, SearchHit source)
    {
        var stripped = Stripped(claim);
        if (stripped.Length == 0) return null;
        var folded = ScriptNormalizer.FoldLower(source.Text);
        var numbers = new List<string>();
        foreach (Match m in Numbers().Matches(ScriptNormalizer.Fold(stripped)))
        {
            // A year may be stated in the passage's heading or the document's title and date rather than in the sentence.
            if (m.Groups[2].Success)
            {
                if (!folded.Contains(m.Groups[1].Value, StringComparison.Ordinal) && !(source.Title + source.Date).Contains(m.Groups[1].Value, StringComparison.Ordinal)) return null;
            }
            else numbers.Add(m.Groups[1].Value);
        }
        // Words are checked as character bigrams, figures as whole numbers (above): 2024 split into 20, 02, 24 says nothing.
        var bigrams = SentenceMatcher.Bigrams(stripped).Where(b => !b.Any(char.IsAsciiDigit)).ToHashSet();
        (int Start, int End)? best = null;
        var bestShare = 0.0;
        foreach (var (start, end) in SentenceMatcher.Sentences(source.Text))
        {
            var sentence = folded[start..end];
            if (numbers.Any(n => !sentence.Contains(n, StringComparison.Ordinal))) continue;
            var share = bigrams.Count == 0 ? 1 : bigrams.Count(b => sentence.Contains(b, StringComparison.Ordinal)) / (double)bigrams.Count;
            if (share > bestShare) (best, bestShare) = ((start, end), share);
        }
        if (best is null || bestShare < SupportThreshold) return null;
        var (s, e) = best.Value;
        while (s < e && char.IsWhiteSpace(source.Text[s])) s++;
        while (e > s && char.IsWhiteSpace(source.Text[e - 1])) e--;
        return (s, e);
    }

    /// <summary>A claim without the joining words a model adds around quoted facts.</summary>
    private static string Stripped(string claim) => Filler().Replace(claim, "").Trim();

    [GeneratedRegex(@"\[(\d+)\]")]
    private static partial Regex Marker();

    [GeneratedRegex(@"(\s*\[\d+\])+")]
    private static partial Regex MarkerRun();

    [GeneratedRegex(@"(\d+(?:\.\d+)?)(年)?")]
    private static partial Regex Numbers();

    [GeneratedRegex(@"^[\s。，；;,.、：:]+|根据资料|根据|资料显示|据|所述|[。，；;,.、]$")]
    private static partial Regex Filler();
}
