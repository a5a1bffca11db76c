using Lucene.Net.Analysis;
using Lucene.Net.Index;
using Lucene.Net.Search;

namespace PolicySearch.Retrieval;

/// <summary>The terms of a query, per analyzer, for highlighting.</summary>
public sealed record HighlightTerms(IReadOnlySet<string> Words, IReadOnlySet<string> Bigrams)
{
    public bool IsEmpty => Words.Count == 0 && Bigrams.Count == 0;
}

/// <summary>
/// Turns user text into a Lucene query by analysis alone: the text is never parsed as Lucene syntax,
/// so `AND`, `*`, `:` or quotes in a question are just characters.
/// </summary>
public sealed class QueryBuilder(Analyzer analyzer, bool expandSynonyms = true, string fields = "both", float commonTermFrequency = 0)
{
    // Thesaurus alternatives count less than the words the user wrote.
    private const float SynonymFactor = 0.2f;

    // Weights of the fields a query term is looked up in; measured with `eval` (see the README).
    private const float TextBigramBoost = 1.0f;
    private const float TextWordBoost = 0.6f;
    private const float TitleBigramBoost = 0.35f;
    private const float TitleWordBoost = 0.2f;

    /// <summary>Below this many documents a term is never "common": small corpora keep plain BM25 over every term.</summary>
    public const int MinCommonDocuments = 2000;

    public Query? Build(string text, int documents = 0)
    {
        var terms = HighlightTerms(text);
        if (terms.IsEmpty) return null;
        var query = new BooleanQuery(disableCoord: true);
        var bigramTerms = fields == "words" ? [] : terms.Bigrams.ToList();
        var wordTerms = fields == "bigrams" ? [] : terms.Words.ToList();
        AddField(query, IndexFields.TextBigrams, bigramTerms, TextBigramBoost, documents);
        AddField(query, IndexFields.TitleBigrams, bigramTerms, TitleBigramBoost, documents);
        AddField(query, IndexFields.TextWords, wordTerms, TextWordBoost, documents);
        AddField(query, IndexFields.TitleWords, wordTerms, TitleWordBoost, documents);
        if (expandSynonyms)
        {
            foreach (var alternative in Thesaurus.Expansions(text).SelectMany(e => e.Alternatives))
            {
                // An alternative is one unit: all its bigrams must match (a phrase-like conjunction), so 海藻 does not
                // pull in every passage with 海 in it.
                var bigrams = PolicyAnalyzers.Tokens(analyzer, IndexFields.TextBigrams, alternative).Select(t => t.Term).Distinct().ToList();
                if (bigrams.Count == 0) continue;
                var all = new BooleanQuery(disableCoord: true) { Boost = SynonymFactor };
                foreach (var bigram in bigrams) all.Add(Boosted(IndexFields.TextBigrams, bigram, TextBigramBoost), Occur.MUST);
                query.Add(all, Occur.SHOULD);
            }
        }
        return query;
    }

    public HighlightTerms HighlightTerms(string text)
    {
        var words = PolicyAnalyzers.Tokens(analyzer, IndexFields.TextWords, text).Select(t => t.Term).ToHashSet(StringComparer.Ordinal);
        var bigrams = PolicyAnalyzers.Tokens(analyzer, IndexFields.TextBigrams, text).Select(t => t.Term).ToHashSet(StringComparer.Ordinal);
        if (expandSynonyms)
        {
            // Alternatives are marked as whole words (by text), not bigram by bigram.
            foreach (var alternative in Thesaurus.Expansions(text).SelectMany(e => e.Alternatives)) words.Add(alternative);
        }
        return new HighlightTerms(words, bigrams);
    }

    public static Query BuildFilter(SearchFilters filters)
    {
        var filter = new BooleanQuery
        {
            { new TermQuery(new Term(IndexFields.Kind, IndexFields.KindPassage)), Occur.MUST },
        };
        if (filters.Year is { } year)
        {
            filter.Add(NumericRangeQuery.NewInt32Range(IndexFields.Year, year, year, true, true), Occur.MUST);
        }
        if (filters.From is not null || filters.To is not null)
        {
            filter.Add(NumericRangeQuery.NewInt32Range(IndexFields.Year, filters.From, filters.To, true, true), Occur.MUST);
        }
        if (!string.IsNullOrWhiteSpace(filters.DocType))
        {
            filter.Add(new TermQuery(new Term(IndexFields.DocType, filters.DocType.Trim())), Occur.MUST);
        }
        if (!string.IsNullOrWhiteSpace(filters.Agency))
        {
            // Every bigram of the agency text must occur in the document's agency: a substring-like match.
            var agencyTerms = PolicyAnalyzers.Tokens(new BigramAnalyzer(), IndexFields.AgencyBigrams, filters.Agency);
            foreach (var term in agencyTerms.Select(t => t.Term).Distinct())
            {
                filter.Add(new TermQuery(new Term(IndexFields.AgencyBigrams, term)), Occur.MUST);
            }
        }
        return filter;
    }

    private static TermQuery Boosted(string field, string term, float boost) => new(new Term(field, term)) { Boost = boost };

    /// <summary>One field's terms, all optional; very common ones only counted where a rarer one matches (see RankingOptions).</summary>
    private void AddField(BooleanQuery query, string field, List<string> terms, float boost, int documents)
    {
        if (terms.Count == 0) return;
        if (commonTermFrequency <= 0 || commonTermFrequency * documents <= MinCommonDocuments)
        {
            foreach (var term in terms) query.Add(Boosted(field, term, boost), Occur.SHOULD);
            return;
        }
        // CommonTermsQuery reads a threshold of 1 or more as a document count (here always above MinCommonDocuments).
        var common = new Lucene.Net.Queries.CommonTermsQuery(Occur.SHOULD, Occur.SHOULD, commonTermFrequency * documents, disableCoord: true) { Boost = boost };
        foreach (var term in terms) common.Add(new Term(field, term));
        query.Add(common, Occur.SHOULD);
    }
}
