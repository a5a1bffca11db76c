using System.Text.RegularExpressions;
using PolicySearch.Retrieval;

namespace PolicySearch.Ingestion;

/// <summary>
/// Splits a cleaned document into passages of roughly 150–500 characters: first on structure (headings,
/// 一是/二是, （一）, 第X条, paragraphs), then on sentence ends. Every passage is a contiguous span of the text,
/// so a citation's offsets point straight into the document.
/// </summary>
public static partial class PassageSplitter
{
    public const int MinLength = 150;
    public const int TargetLength = 350;
    public const int MaxLength = 500;

    private readonly record struct Unit(int Start, int End, bool IsHeading, bool StartsItem);

    public static IReadOnlyList<Passage> Split(string text, int publishYear)
    {
        var units = Units(text);
        var passages = new List<Passage>();
        string heading = "";
        var current = new List<Unit>();
        string currentHeading = "";

        void Flush()
        {
            if (current.Count == 0) return;
            var start = current[0].Start;
            var end = current[^1].End;
            var span = text[start..end];
            passages.Add(new Passage(passages.Count, start, end, span, currentHeading,
                MetadataExtractor.YearsMentioned(currentHeading + "\n" + span, publishYear)));
            current.Clear();
        }

        foreach (var unit in units)
        {
            var length = current.Count == 0 ? 0 : unit.End - current[0].Start;
            var size = current.Count == 0 ? 0 : current[^1].End - current[0].Start;
            var breakHere = current.Count > 0 && (
                length > MaxLength ||
                (unit.IsHeading && size >= MinLength) ||
                (unit.StartsItem && size >= TargetLength));
            if (breakHere) Flush();
            if (unit.IsHeading) heading = text[unit.Start..unit.End].Trim();
            if (current.Count == 0) currentHeading = heading;
            current.Add(unit);
        }
        Flush();
        return MergeShortPassages(text, passages, publishYear);
    }

    /// <summary>A passage shorter than the minimum (a short section) joins its neighbour, when the two still fit.</summary>
    private static IReadOnlyList<Passage> MergeShortPassages(string text, List<Passage> passages, int publishYear)
    {
        var merged = new List<Passage>();
        foreach (var next in passages)
        {
            if (merged.Count > 0)
            {
                var prev = merged[^1];
                var prevShort = prev.End - prev.Start < MinLength;
                var nextShort = next.End - next.Start < MinLength;
                if ((prevShort || nextShort) && next.End - prev.Start <= MaxLength)
                {
                    var span = text[prev.Start..next.End];
                    merged[^1] = prev with
                    {
                        End = next.End,
                        Text = span,
                        YearsMentioned = MetadataExtractor.YearsMentioned(prev.Heading + "\n" + span, publishYear),
                    };
                    continue;
                }
            }
            merged.Add(next);
        }
        return merged.Select((p, i) => p with { Ordinal = i }).ToList();
    }

    private static List<Unit> Units(string text)
    {
        var units = new List<Unit>();
        foreach (var (start, end) in TextLines.NonBlank(text))
        {
            var trimmed = text[start..end];
            if (end - start <= MaxLength) units.Add(new Unit(start, end, IsHeading(trimmed), ItemStart().IsMatch(trimmed)));
            else units.AddRange(SplitLongParagraph(text, start, end));
        }
        return units;
    }

    /// <summary>A paragraph over the maximum is cut at inner items (一是, （二）…), then at sentence ends.</summary>
    private static IEnumerable<Unit> SplitLongParagraph(string text, int start, int end)
    {
        var cuts = new List<int> { start };
        var pieceStart = start;
        var lastSentenceEnd = -1;
        for (var i = start; i < end; i++)
        {
            if (i > pieceStart && InnerItem().IsMatch(text.AsSpan(i, Math.Min(4, end - i))) && IsAfterClauseEnd(text, i) && i - pieceStart >= MinLength)
            {
                cuts.Add(i);
                pieceStart = i;
                lastSentenceEnd = -1;
                continue;
            }
            if (text[i] is '。' or '！' or '？' or '；' or '!' or '?' or ';') lastSentenceEnd = i + 1;
            if (i - pieceStart >= TargetLength && lastSentenceEnd > pieceStart + MinLength / 2)
            {
                cuts.Add(lastSentenceEnd);
                pieceStart = lastSentenceEnd;
                lastSentenceEnd = -1;
            }
            else if (i - pieceStart >= MaxLength)
            {
                cuts.Add(i);
                pieceStart = i;
                lastSentenceEnd = -1;
            }
        }
        cuts.Add(end);
        for (var k = 0; k < cuts.Count - 1; k++)
        {
            if (cuts[k + 1] > cuts[k]) yield return new Unit(cuts[k], cuts[k + 1], false, k > 0);
        }
    }

    private static bool IsAfterClauseEnd(string text, int i) => i > 0 && text[i - 1] is '。' or '；' or '：' or '，' or ';' or ':' or ',';

    private static bool IsHeading(string line)
    {
        if (line.Length > 40) return false;
        if (line[^1] is '。' or '；' or '，' or '：' or ';' or ',' or ':') return false;
        return HeadingStart().IsMatch(line) || !SentenceMark().IsMatch(line);
    }

    [GeneratedRegex(@"^([一二三四五六七八九十]+、|第[一二三四五六七八九十百零\d]+[章节部分]|#)")]
    private static partial Regex HeadingStart();

    [GeneratedRegex(@"[。！？；]")]
    private static partial Regex SentenceMark();

    [GeneratedRegex(@"^(（[一二三四五六七八九十\d]+）|\([一二三四五六七八九十\d]+\)|[一二三四五六七八九十]+是|第[一二三四五六七八九十百零\d]+条|\d+[.、．])")]
    private static partial Regex ItemStart();

    [GeneratedRegex(@"^(（[一二三四五六七八九十]+）|[一二三四五六七八九十]是|第[一二三四五六七八九十百零]+条)")]
    private static partial Regex InnerItem();
}
