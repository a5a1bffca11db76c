using System.Text.RegularExpressions;
using PolicySearch.Retrieval;

namespace PolicySearch.Answering;

/// <summary>
/// The sentences of a passage and what is measured of each by hand: coverage of the question's weighted words, the
/// form and cue asked for, year and place, its place in the document; and the trimming of a long sentence to the
/// clauses that answer. These are the reader's features (and, with Answering:Reader=rules, its whole score).
/// </summary>
public sealed partial class ExtractiveAnswerer
{
    private IEnumerable<Span> SentencesOf(SearchHit hit, int rank, Dictionary<string, double> weights, Dictionary<string, double> characters, AnswerShape shape, Regex? cue, IReadOnlyList<int> years, QuestionPlaces places, bool asksIssueDate)
    {
        var seenStatement = false;
        var sentences = SentenceMatcher.Sentences(hit.Text).ToList();
        var ordinal = -1;
        foreach (var (rawStart, rawEnd) in sentences)
        {
            ordinal++;
            var (start, end) = (rawStart, rawEnd);
            while (start < end && char.IsWhiteSpace(hit.Text[start])) start++;
            // A line ends at its line break: the answer quotes the line, not the break.
            while (end > start && char.IsWhiteSpace(hit.Text[end - 1])) end--;
            if (end - start < 4) continue;
            var text = hit.Text[start..end];
            // Titles and headings name a topic; they do not answer a question about it. A line that is only a date
            // is a document's signature date (落款): it answers when the document was issued.
            var signature = asksIssueDate && SignatureDate().IsMatch(text);
            if (IsHeading(text, hit) && !signature) continue;
            // A document's first statement that begins with its subject defines it (李成栋，字廷贞，山西人。).
            var lead = hit.Start == 0 && !seenStatement && Defines(text, hit.Title);
            seenStatement = true;
            // A document's title names what all its sentences are about ("水深0至12公尺。" in 背斑眶锯雀鲷's article):
            // the question's words that the title holds count for every sentence, so the sentence holding the rest wins
            // (and the documents are taken to answer when title and sentence together cover enough of the question).
            var titled = ScriptNormalizer.FoldLower(hit.Title + "\n" + text);
            var coverage = FoldedCoverage(titled, weights);
            var characterCoverage = FoldedCoverage(titled, characters);
            var shapeMet = shape.Required is not null && (shape.IsMetBy(text) || (AnswerCue.IsAgent(cue) && cue!.IsMatch(text)));
            var yearFits = years.Count > 0 && years.Any(y => text.Contains(y + "年") || hit.Year == y);
            var district = places.CityLevel && DistrictScope().IsMatch(text);
            var otherCity = places.PrefersHome && PlaceGazetteer.CitiesNamed(text) is { Count: > 0 } cities && !cities.Contains(PlaceGazetteer.Home);
            var cueMet = cue is not null && cue.IsMatch(text);
            var signals = new SentenceSignals(start, end, coverage, characterCoverage, shapeMet, cueMet, lead, signature,
                yearFits, years.Count > 0 && !yearFits && StatedYear().IsMatch(text), district, otherCity, sentences.Count <= 1 ? 0 : (double)ordinal / (sentences.Count - 1));
            var score = coverage
                // Characters break ties between sentences covering the same words (执导 for 导演, 筑成 for 建成).
                + CharacterShare * characterCoverage
                // "由中集来福士承建" names the builder asked for, though the name has no 公司 or 集团 to show it.
                + (shapeMet ? (shape.Strict ? 0.15 : 0.3) : 0)
                + (cueMet ? CueBonus : 0)
                + RankBonus / (rank + 1)
                // Between sentences that cover the question alike, the one defining the document's subject.
                + (lead ? DefinitionBonus : 0)
                // Asked when the document was issued, its signature date says it; a date in its text is of something else.
                + (signature ? SignatureBonus : 0)
                + (yearFits ? 0.05 : 0)
                - (text.Length < 12 ? 0.1 : 0)
                // A district's figure (全区, 新区) does not answer a question about the city.
                - (district ? 0.1 : 0)
                // A question naming no place is about Qingdao: another city's statement comes after Qingdao's.
                - (otherCity ? 0.1 : 0);
            yield return new Span(hit, rank, start, end, coverage, score) { Signals = signals };
        }
    }

    /// <summary>
    /// Whether a document's first sentence defines its subject: it begins with the title (without a qualifier in
    /// brackets, 李成栋 (明朝) → 李成栋), as an encyclopedia's articles do ("李成栋（），字廷贞，山西人。").
    /// </summary>
    private static bool Defines(string sentence, string title)
    {
        var subject = Compact(ScriptNormalizer.FoldLower(Qualifier().Replace(title, "")));
        return subject.Length >= 2 && Compact(ScriptNormalizer.FoldLower(sentence)).StartsWith(subject, StringComparison.Ordinal);
    }

    [GeneratedRegex(@"\s*[(（][^)）]*[)）]\s*$")]
    private static partial Regex Qualifier();

    /// <summary>When a document was issued or signed: 印发通知落款是哪天, 是哪天印发的, 成文日期.</summary>
    [GeneratedRegex("((落款|成文|印发|签发|发文|发布).{0,6}(哪天|哪一天|日期|几月几日)|(哪天|哪一天|几月几日).{0,4}(印发|签发|发文|发布))")]
    private static partial Regex IssueDateQuestion();

    [GeneratedRegex(@"^\s*(19|20)\d{2}年\d{1,2}月\d{1,2}日\s*$")]
    private static partial Regex SignatureDate();

    [GeneratedRegex(@"(19|20)\d{2}年")]
    private static partial Regex StatedYear();

    [GeneratedRegex("(全区|新区|区委|区政府)")]
    private static partial Regex DistrictScope();

    /// <summary>What a question says about where: the cities it is about (those it names, else Qingdao, since this is
    /// Qingdao's bureau), whether it names one, asks for a wider figure or which place, and whether it is about the
    /// city as a whole (no district named).</summary>
    private sealed record QuestionPlaces(IReadOnlySet<string> Cities, bool NamesCity, bool AsksWider, bool CityLevel)
    {
        public bool PrefersHome => !NamesCity && !AsksWider;

        public static QuestionPlaces Of(string question)
        {
            var named = PlaceGazetteer.CitiesNamed(question);
            return new QuestionPlaces(
                named.Count > 0 ? named : new HashSet<string> { PlaceGazetteer.Home },
                named.Count > 0,
                WiderScope().IsMatch(ScriptNormalizer.Fold(question)) || WhichPlace().IsMatch(question),
                !PlaceGazetteer.Find(question).Contains(PlaceGazetteer.District) && !question.Contains('区'));
        }
    }

    /// <summary>
    /// A statement about somewhere else does not answer: another city's (by name, or in another city's document),
    /// or the nation's or province's total when the question is about a city.
    /// </summary>
    private static bool AboutElsewhere(Span s, QuestionPlaces places, AnswerKind kind)
    {
        var (cities, namesCity, asksWider) = (places.Cities, places.NamesCity, places.AsksWider);
        var text = s.Hit.Text[s.Start..s.End];
        var named = PlaceGazetteer.CitiesNamed(text);
        if (asksWider && named.Count > 0) return false;
        // Another city named in the sentence rules it out when the question names its city; when it names none
        // (Qingdao's by default) the sentence is only ranked lower (see SentencesOf).
        if (named.Count > 0) return namesCity && !named.Overlaps(cities);
        var documentCities = s.Hit.Places.Where(PlaceGazetteer.IsCity).ToList();
        if (namesCity && documentCities.Count > 0) return !documentCities.Any(cities.Contains);
        if (asksWider) return false;
        // Asked for a city's figure, a national or provincial document's figures are the nation's or province's
        // (its rules, though, apply everywhere).
        if (namesCity && kind == AnswerKind.Number && s.Hit.Places.Count > 0 && !text.Contains("全市", StringComparison.Ordinal)) return true;
        return WiderScope().IsMatch(text) && !text.Contains("全市", StringComparison.Ordinal);
    }

    [GeneratedRegex("(哪个城市|哪座城市|哪个市|哪些城市|哪个地方|哪里|哪些地方)")]
    private static partial Regex WhichPlace();

    [GeneratedRegex("(全国|全省|山东省|中国海洋)")]
    private static partial Regex WiderScope();

    private static bool IsHeading(string text, SearchHit hit) =>
        text.Trim() == hit.Title.Trim() || (text.Length <= 40 && !ClauseMark().IsMatch(text) && !IsTableRow(text)) || FormFields().IsMatch(text) || text.TrimEnd().EndsWith('？') || text.TrimEnd().EndsWith('?');

    /// <summary>A table's row (cells set apart by ideographic spaces at ingest) stating a figure: 海洋生产总值　突破1500亿元.</summary>
    private static bool IsTableRow(string text) => text.Trim().Contains('\u3000') && text.Any(char.IsAsciiDigit);

    /// <summary>A document's form fields (发布单位：…　　发布日期：…, 来源：…　｜　发布时间：…): its metadata, not a statement.</summary>
    [GeneratedRegex(@"^\s*[^，。；\s]{2,8}[：:][^，。；]*?[\s\u3000|｜]{2,}[^，。；\s]{2,8}[：:]")]
    private static partial Regex FormFields();

    [GeneratedRegex("[，。；：,;:！？]")]
    private static partial Regex ClauseMark();

    /// <summary>A long sentence is cut to the clauses that answer: the best clause, then its neighbours while they fit.</summary>
    private static Span Trim(Span s, Dictionary<string, double> weights, AnswerKind kind, Regex? cue, AnswerShape shape, HashSet<string> focus, int max)
    {
        var text = s.Hit.Text;
        if (s.End - s.Start <= max) return s;
        var clauses = Clauses(text, s.Start, s.End);
        if (clauses.Count <= 1) return s;
        // Each clause as written and folded once: the scores and the focus check below read both.
        var parts = clauses.Select(c => text[c.Start..c.End]).Select(t => (Text: t, Folded: ScriptNormalizer.FoldLower(t))).ToList();
        double ClauseScore(int i) =>
            FoldedCoverage(parts[i].Folded, weights) + (kind != AnswerKind.None && AnswerType.Holds(kind, parts[i].Text) ? 0.3 : 0)
            + (cue is not null && cue.IsMatch(parts[i].Text) ? 0.3 : 0);
        // The clause stating the value asked for (成立于1968年 for 哪年成立) next to the question's focus word is the
        // answer, though the clause naming the subject covers more of the question.
        var indices = Enumerable.Range(0, clauses.Count).ToList();
        if (shape.Required is not null && focus.Count > 0)
        {
            var stating = indices.Where(i => shape.IsMetBy(parts[i].Text) && focus.Any(f => parts[i].Folded.Contains(f, StringComparison.Ordinal))).ToList();
            if (stating.Count > 0) indices = stating;
        }
        var bestIndex = indices.MaxBy(ClauseScore);
        int first = bestIndex, last = bestIndex;
        while (true)
        {
            var grew = false;
            // Context before the answer (its subject) first, then what follows it.
            if (first > 0 && clauses[last].End - clauses[first - 1].Start <= max) { first--; grew = true; }
            else if (last < clauses.Count - 1 && clauses[last + 1].End - clauses[first].Start <= max) { last++; grew = true; }
            if (!grew) break;
        }
        var end = clauses[last].End;
        while (end > clauses[first].Start && IsClauseBreak(text[end - 1])) end--;
        return s with { Start = clauses[first].Start, End = end };
    }

    /// <summary>The clauses of text[start..end], each with its closing mark.</summary>
    private static List<(int Start, int End)> Clauses(string text, int start, int end)
    {
        var clauses = new List<(int Start, int End)>();
        var clauseStart = start;
        for (var i = start; i < end; i++)
        {
            // A colon or comma between digits (20:30, 1:30, 1,000) is part of a figure, not a clause break.
            var inFigure = text[i] is ':' or ',' && i > start && i + 1 < end && char.IsAsciiDigit(text[i - 1]) && char.IsAsciiDigit(text[i + 1]);
            if ((IsClauseBreak(text[i]) && !inFigure) || i == end - 1)
            {
                clauses.Add((clauseStart, i + 1));
                clauseStart = i + 1;
            }
        }
        return clauses;
    }

    private static bool IsClauseBreak(char c) => c is '，' or ',' or '：' or ':' or '；' or ';';

    /// <summary>The share of the weighted terms a text (already folded to Simplified, lower case) holds.</summary>
    private static double FoldedCoverage(string folded, Dictionary<string, double> weights)
    {
        var total = weights.Values.Sum();
        if (total <= 0) return 0;
        return weights.Where(w => folded.Contains(w.Key, StringComparison.Ordinal)).Sum(w => w.Value) / total;
    }

    /// <summary>
    /// The question's bigrams (question words removed), weighted by rarity among the retrieved passages
    /// (<paramref name="texts"/>, folded).
    /// </summary>
    private static Dictionary<string, double> Weights(string question, List<string> texts)
    {
        var stripped = QuestionFocus.Content(question);
        var bigrams = SentenceMatcher.Bigrams(stripped);
        double Weight(string b) => Rarity(b, texts);
        var across = QuestionFocus.AcrossWords(stripped);
        var weights = bigrams.ToDictionary(b => b, b => Weight(b) * (across.Contains(b) ? AcrossWordsFactor : 1));
        // The question's words without what separates them ("完成了多少投资" → 完成投资): the documents say it that way.
        var joined = new string(ScriptNormalizer.FoldLower(stripped).Where(c => !char.IsWhiteSpace(c) && !QuestionFocus.IsParticle(c)).ToArray());
        foreach (var bigram in SentenceMatcher.Bigrams(joined))
        {
            if (!weights.ContainsKey(bigram) && texts.Any(t => t.Contains(bigram, StringComparison.Ordinal))) weights[bigram] = Weight(bigram);
        }
        // A question in other words (绿潮 for 浒苔, 造船 for 船舶工业): the documents' word stands in for the question's.
        foreach (var (term, alternatives) in Thesaurus.Expansions(question))
        {
            var used = alternatives.Where(a => texts.Any(t => t.Contains(a, StringComparison.Ordinal))).ToList();
            if (used.Count == 0) continue;
            foreach (var bigram in used.SelectMany(SentenceMatcher.Bigrams)) weights.TryAdd(bigram, Weight(bigram));
            foreach (var bigram in SentenceMatcher.Bigrams(term).Where(b => !texts.Any(t => t.Contains(b, StringComparison.Ordinal)))) weights.Remove(bigram);
        }
        // What the question asks about comes last in Chinese ("…会议是谁主持的" → 主持; "…完成了多少投资" → 投资):
        // the words right before the question mark count double.
        QuestionFocus.Emphasise(weights, question, texts, FocusFactor);
        return weights;
    }

    private const double FocusFactor = 2;

    /// <summary>A bigram joining a particle to its neighbour counts this much (see <see cref="QuestionFocus.AcrossWords"/>).</summary>
    private const double AcrossWordsFactor = 0.25;

    /// <summary>How much the question's single characters add to a sentence's score, breaking ties between sentences.</summary>
    private const double CharacterShare = 0.4;

    /// <summary>Added for a where-, why-, how- or by-whom cue (see <see cref="AnswerCue"/>).</summary>
    private const double CueBonus = 0.15;

    /// <summary>What a document's signature date gains when the question asks when the document was issued.</summary>
    private const double SignatureBonus = 0.3;

    /// <summary>What a document's defining first sentence gains: a tie-breaker (CMRC 2018 hit 0.822 → 0.829, qa-dev unchanged).</summary>
    private const double DefinitionBonus = 0.05;

    /// <summary>Added for a sentence of the best passage, halved for the second and so on.</summary>
    private const double RankBonus = 0.25;

    /// <summary>The question's characters (question words and particles removed), weighted by rarity among the passages.</summary>
    private static Dictionary<string, double> CharacterWeights(string question, List<string> texts)
    {
        var folded = ScriptNormalizer.FoldLower(QuestionFocus.Content(question));
        return folded.Where(c => char.IsLetterOrDigit(c) && !QuestionFocus.IsParticle(c)).Select(c => c.ToString()).Distinct()
            .ToDictionary(c => c, c => Rarity(c, texts));
    }

    /// <summary>How rare a term is among the retrieved passages: rarer weighs more.</summary>
    private static double Rarity(string term, List<string> texts) =>
        Math.Log(1 + (double)(texts.Count + 1) / (texts.Count(t => t.Contains(term, StringComparison.Ordinal)) + 1));
}
