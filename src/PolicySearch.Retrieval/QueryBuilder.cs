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

    /// <summary>Below this many passages a term is never "common": small corpora keep plain BM25 over every term.</summary>
    public const int MinCommonDocuments = 2000;

    public KeywordQuery? Build(string text)
    {
        var terms = HighlightTerms(text);
        if (terms.IsEmpty) return null;
        var clauses = new List<TermClause>();
        var bigramTerms = fields == "words" ? [] : terms.Bigrams.ToList();
        var wordTerms = fields == "bigrams" ? [] : terms.Words.ToList();
        clauses.AddRange(bigramTerms.Select(t => new TermClause(IndexFields.TextBigrams, t, TextBigramBoost)));
        clauses.AddRange(bigramTerms.Select(t => new TermClause(IndexFields.TitleBigrams, t, TitleBigramBoost)));
        clauses.AddRange(wordTerms.Select(t => new TermClause(IndexFields.TextWords, t, TextWordBoost)));
        clauses.AddRange(wordTerms.Select(t => new TermClause(IndexFields.TitleWords, t, TitleWordBoost)));
        var groups = new List<TermGroup>();
        if (expandSynonyms)
        {
            foreach (var alternative in Thesaurus.Expansions(text).SelectMany(e => e.Alternatives))
            {
                // An alternative is one unit: all its bigrams must match (a phrase-like conjunction), so 海藻 does not
                // pull in every passage with 海 in it.
                var bigrams = PolicyAnalyzers.Tokens(analyzer, IndexFields.TextBigrams, alternative).Select(t => t.Term).Distinct().ToList();
                if (bigrams.Count == 0) continue;
                groups.Add(new TermGroup(bigrams.Select(b => new TermClause(IndexFields.TextBigrams, b, TextBigramBoost)).ToList(), SynonymFactor));
            }
        }
        // Very common terms only count where a rarer one matches (see RankingOptions); small corpora score every term.
        return new KeywordQuery(clauses, groups, commonTermFrequency, MinCommonDocuments);
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

    /// <summary>Characters that mean nothing on their own in a query (的, 了, 和 …): alone, they are no unit.</summary>
    private static readonly HashSet<char> FunctionCharacters = [.. "的地得了着过和与及或而并在于对从向把被以为是也都就还又之其此该个些等年月日"];

    /// <summary>
    /// The query's units of meaning, folded: SmartCn's words of two or more characters, and runs of adjacent single
    /// characters SmartCn left apart (浒 苔 → 浒苔, a term it does not know). Stop words (的, 了) are no unit, so a query
    /// of only those has none.
    /// </summary>
    public IReadOnlyList<(string Text, int Start, int End)> Units(string text)
    {
        var units = new List<(string, int, int)>();
        var runStart = -1;
        var runEnd = -1;
        void Flush()
        {
            // A lone function character (的, 了, 和 …) means nothing on its own.
            if (runStart >= 0 && !(runEnd - runStart == 1 && FunctionCharacters.Contains(text[runStart])))
            {
                units.Add((ScriptNormalizer.FoldLower(text[runStart..runEnd]), runStart, runEnd));
            }
            runStart = -1;
        }
        foreach (var (_, start, end) in PolicyAnalyzers.Tokens(analyzer, IndexFields.TextWords, text))
        {
            if (end - start >= 2)
            {
                Flush();
                units.Add((ScriptNormalizer.FoldLower(text[start..end]), start, end));
            }
            else
            {
                if (start != runEnd) Flush();
                if (runStart < 0) runStart = start;
                runEnd = end;
            }
        }
        Flush();
        return units;
    }

    /// <summary>
    /// The terms to mark in results: the query's words, and its bigrams that lie inside one of its units, so that a
    /// bigram across two words (海洋|生态 → 洋生) never marks half of another word (海洋生|物).
    /// </summary>
    public HighlightTerms MarkTerms(string text)
    {
        var all = HighlightTerms(text);
        var units = Units(text);
        var inside = PolicyAnalyzers.Tokens(analyzer, IndexFields.TextBigrams, text)
            .Where(b => units.Any(u => b.Start >= u.Start && b.End <= u.End))
            .Select(b => b.Term)
            .ToHashSet(StringComparer.Ordinal);
        return new HighlightTerms(all.Words, all.Bigrams.Where(inside.Contains).ToHashSet(StringComparer.Ordinal));
    }

    public static Query BuildFilter(SearchFilters filters)
    {
        var filter = new BooleanQuery
        {
            { new TermQuery(new Term(IndexFields.Kind, IndexFields.KindPassage)), Occur.MUST },
        };
        // 发布年份: the document's year; 涉及年份: a year the passage speaks of.
        var yearField = filters.YearOf == YearsOf.Mentioned ? IndexFields.YearsMentioned : IndexFields.Year;
        if (filters.Year is { } year)
        {
            filter.Add(NumericRangeQuery.NewInt32Range(yearField, year, year, true, true), Occur.MUST);
        }
        if (filters.From is not null || filters.To is not null)
        {
            filter.Add(NumericRangeQuery.NewInt32Range(yearField, filters.From, filters.To, true, true), Occur.MUST);
        }
        if (!string.IsNullOrWhiteSpace(filters.DocType))
        {
            filter.Add(new TermQuery(new Term(IndexFields.DocType, filters.DocType.Trim())), Occur.MUST);
        }
        if (filters.DocumentIds is { } ids)
        {
            // Status and 文号 filters, resolved to documents: none left is a filter nothing passes.
            var terms = ids.Select(id => new Term(IndexFields.DocumentId, id)).ToList();
            filter.Add(terms.Count == 0 ? new TermQuery(new Term(IndexFields.DocumentId, "\u0000none")) : new ConstantScoreQuery(new Lucene.Net.Queries.TermsFilter(terms)), Occur.MUST);
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
}
