using System.Net;
using System.Text;
using Lucene.Net.Analysis;
using Lucene.Net.Search.Highlight;

namespace PolicySearch.Retrieval;

/// <summary>
/// A short, HTML-escaped snippet of a passage with the query's matches in &lt;mark&gt;. Matches are found by
/// Lucene's highlighter over the bigram analysis, and SmartCn's words by their folded text; the character spans are
/// merged so that adjacent matched characters share one mark (浒苔, not 浒 and 苔 apart), whichever analysis found them.
/// </summary>
public sealed class SnippetHighlighter(Analyzer analyzer)
{
    public const int SnippetLength = 160;

    public string Highlight(string text, HighlightTerms terms)
    {
        var marked = new bool[text.Length];
        if (!terms.IsEmpty)
        {
            MarkMatches(text, IndexFields.TextBigrams, terms.Bigrams, marked);
            MarkWords(text, terms.Words, marked);
        }
        var (start, end) = ChooseWindow(marked, text.Length);
        // The window never cuts a marked word in two (…<mark>海</mark>… for 海洋).
        while (start > 0 && marked[start] && marked[start - 1]) start--;
        while (end < text.Length && end > 0 && marked[end - 1] && marked[end]) end++;
        return Render(text, marked, start, end);
    }

    private void MarkMatches(string text, string field, IReadOnlySet<string> terms, bool[] marked)
    {
        if (terms.Count == 0) return;
        var weighted = terms.Select(t => new WeightedTerm(1f, t)).ToArray();
        var collector = new SpanCollector(marked);
        var highlighter = new Highlighter(collector, new QueryTermScorer(weighted))
        {
            TextFragmenter = new NullFragmenter(),
            MaxDocCharsToAnalyze = text.Length + 1,
        };
        using var stream = analyzer.GetTokenStream(field, text);
        highlighter.GetBestFragment(stream, text);
    }

    /// <summary>
    /// SmartCn's words of two or more characters, found in the folded text (same offsets as the original). Running the
    /// segmenter over every result would cost more than the whole search; single characters are left to the bigrams.
    /// </summary>
    private static void MarkWords(string text, IReadOnlySet<string> words, bool[] marked)
    {
        var folded = ScriptNormalizer.FoldLower(text);
        foreach (var word in words)
        {
            if (word.Length < 2) continue;
            for (var at = folded.IndexOf(word, StringComparison.Ordinal); at >= 0; at = folded.IndexOf(word, at + 1, StringComparison.Ordinal))
            {
                Array.Fill(marked, true, at, word.Length);
            }
        }
    }

    private static (int Start, int End) ChooseWindow(bool[] marked, int length)
    {
        if (length <= SnippetLength) return (0, length);
        int best = 0, bestStart = 0, current = 0;
        for (var i = 0; i < length; i++)
        {
            if (marked[i]) current++;
            if (i >= SnippetLength && marked[i - SnippetLength]) current--;
            if (i >= SnippetLength - 1 && current > best)
            {
                best = current;
                bestStart = i - SnippetLength + 1;
            }
        }
        // Start a little before the first match in the window, so the match has context.
        var firstMark = Array.IndexOf(marked, true, bestStart);
        if (firstMark >= 0) bestStart = Math.Max(0, Math.Min(bestStart, firstMark - 20));
        return (bestStart, Math.Min(length, bestStart + SnippetLength));
    }

    private static string Render(string text, bool[] marked, int start, int end)
    {
        var sb = new StringBuilder();
        if (start > 0) sb.Append('…');
        var i = start;
        while (i < end)
        {
            var j = i;
            while (j < end && marked[j] == marked[i]) j++;
            var piece = WebUtility.HtmlEncode(text[i..j]);
            sb.Append(marked[i] ? $"<mark>{piece}</mark>" : piece);
            i = j;
        }
        if (end < text.Length) sb.Append('…');
        return sb.ToString();
    }

    private sealed class SpanCollector(bool[] marked) : IFormatter
    {
        public string HighlightTerm(string originalText, TokenGroup tokenGroup)
        {
            for (var t = 0; t < tokenGroup.NumTokens; t++)
            {
                if (tokenGroup.GetScore(t) <= 0) continue;
                var token = tokenGroup.GetToken(t);
                for (var c = token.StartOffset; c < token.EndOffset && c < marked.Length; c++) marked[c] = true;
            }
            return originalText;
        }
    }
}
