namespace PolicySearch.Retrieval;

/// <summary>
/// Reorders keyword candidates by what the question says about time and place. Every year's report (and every
/// peer city's) has the same structure, so BM25 alone confuses them: a passage about the year the question
/// names, or from the city it names (Qingdao when it names none), gets its score multiplied up; others down.
/// </summary>
public sealed class ContextReranker(RankingOptions options)
{
    public IReadOnlyList<(PassageCandidate Candidate, double Score)> Rerank(IReadOnlyList<PassageCandidate> candidates, QueryContext context, string query)
    {
        var weights = options.SentenceWeight > 0 ? QuestionVariants(query).Select(v => new BigramTable(Focused(SentenceMatcher.Weights(SentenceMatcher.Bigrams(v), candidates), candidates, query))).ToList() : [];
        var kind = options.AnswerTypeBoost > 0 ? AnswerType.Of(query) : AnswerKind.None;
        return candidates
            .Select(c => (c, Score: c.Score * YearFactor(c, context) * PlaceFactor(c, context) * SentenceFactor(c, weights)
                                   * (kind != AnswerKind.None && AnswerType.Holds(kind, c.Text) ? 1 + options.AnswerTypeBoost : 1)))
            .OrderByDescending(x => x.Score)
            .ToList();
    }

    /// <summary>The question's focus words (see <see cref="QuestionFocus"/>) weigh more, where the candidates use them.</summary>
    private Dictionary<string, double> Focused(Dictionary<string, double> weights, IReadOnlyList<PassageCandidate> candidates, string query)
    {
        QuestionFocus.Emphasise(weights, query, candidates.Select(c => c.Folded), options.FocusFactor);
        return weights;
    }

    internal double SentenceFactor(PassageCandidate c, List<BigramTable> weights) =>
        options.SentenceWeight <= 0 || weights.Count == 0 ? 1 : 1 + options.SentenceWeight * SentenceMatcher.BestSentenceCoverage(c, weights, options.TitleInSentences);

    /// <summary>The question, and the question with each thesaurus word replaced by each of its alternatives.</summary>
    private IEnumerable<string> QuestionVariants(string query)
    {
        yield return query;
        if (!options.Thesaurus) yield break;
        var folded = ScriptNormalizer.FoldLower(query);
        foreach (var (term, alternatives) in Thesaurus.Expansions(query))
        {
            foreach (var alternative in alternatives) yield return folded.Replace(term, alternative, StringComparison.Ordinal);
        }
    }

    internal double YearFactor(PassageCandidate c, QueryContext context)
    {
        if (!options.YearAwareness || context.Years.Count == 0) return 1;
        var factor = 1.0;
        var matched = false;
        foreach (var year in context.Years)
        {
            // Published that year, or speaking of it (a February report states last year's results).
            if (c.YearsMentioned.Contains(year)) { factor += options.YearMentionedBoost; matched = true; }
            if (c.Year == year) { factor += options.YearPublishedBoost; matched = true; }
            else if (c.Year == year + 1) factor += options.YearPublishedBoost / 3;
        }
        return matched ? factor : factor * options.YearMismatchFactor;
    }

    internal double PlaceFactor(PassageCandidate c, QueryContext context)
    {
        if (!options.PlaceAwareness || c.Places.Length == 0) return 1;
        var district = c.Places.Contains(PlaceGazetteer.District) && !context.Places.Contains(PlaceGazetteer.District) ? options.DistrictFactor : 1;
        if (context.Places.Count == 0)
        {
            if (c.Places.Contains(PlaceGazetteer.Home)) return options.HomePlaceBoost * district;
            return c.Places.Any(IsCity) ? options.OtherPlaceFactor : 1;
        }
        if (c.Places.Any(p => IsCity(p) && context.Places.Contains(p)) || (!context.Places.Any(IsCity) && c.Places.Any(context.Places.Contains)))
        {
            return options.NamedPlaceBoost * district;
        }
        return c.Places.Any(IsCity) || context.Places.Any(IsCity) ? options.OtherPlaceFactor : 1;
    }

    private static bool IsCity(string place) => PlaceGazetteer.IsCity(place);
}
