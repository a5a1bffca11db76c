using Lucene.Net.Analysis;
using Lucene.Net.Analysis.Cjk;
using Lucene.Net.Analysis.Cn.Smart;
using Lucene.Net.Analysis.Core;
using Lucene.Net.Analysis.Miscellaneous;
using Lucene.Net.Analysis.Standard;
using Lucene.Net.Analysis.Util;
using Lucene.Net.Util;

namespace PolicySearch.Retrieval;

/// <summary>SmartCn words: the segmenter's view of the text, folded to Simplified first.</summary>
public sealed class WordAnalyzer : Analyzer
{
    private static readonly CharArraySet StopSet = SmartChineseAnalyzer.DefaultStopSet;

    protected override TextReader InitReader(string fieldName, TextReader reader) => ScriptNormalizer.Wrap(reader);

    protected override TokenStreamComponents CreateComponents(string fieldName, TextReader reader)
    {
        // Lower-casing is done by the folding reader: Lucene's LowerCaseFilter cost 15% of indexing time.
        var tokenizer = new HMMChineseTokenizer(reader);
        TokenStream stream = new StopFilter(PolicyAnalyzers.Version, tokenizer, StopSet);
        return new TokenStreamComponents(tokenizer, stream);
    }
}

/// <summary>Overlapping CJK character bigrams (lone characters stay unigrams), Latin words and numbers as they are.</summary>
public sealed class BigramAnalyzer : Analyzer
{
    protected override TextReader InitReader(string fieldName, TextReader reader) => ScriptNormalizer.Wrap(reader);

    protected override TokenStreamComponents CreateComponents(string fieldName, TextReader reader)
    {
        var tokenizer = new StandardTokenizer(PolicyAnalyzers.Version, reader);
        TokenStream stream = new CJKWidthFilter(tokenizer);
        stream = new CJKBigramFilter(stream);
        return new TokenStreamComponents(tokenizer, stream);
    }
}

public static class PolicyAnalyzers
{
    public const LuceneVersion Version = LuceneVersion.LUCENE_48;

    /// <summary>The one analyzer used at write and read time: words for *_words fields, bigrams for the rest.</summary>
    public static Analyzer CreatePerField()
    {
        var words = new WordAnalyzer();
        var bigrams = new BigramAnalyzer();
        return new PerFieldAnalyzerWrapper(bigrams, new Dictionary<string, Analyzer>
        {
            [IndexFields.TextWords] = words,
            [IndexFields.TitleWords] = words,
        });
    }

    public static List<(string Term, int Start, int End)> Tokens(Analyzer analyzer, string field, string text)
    {
        var tokens = new List<(string, int, int)>();
        using var stream = analyzer.GetTokenStream(field, text);
        var term = stream.AddAttribute<Lucene.Net.Analysis.TokenAttributes.ICharTermAttribute>();
        var offset = stream.AddAttribute<Lucene.Net.Analysis.TokenAttributes.IOffsetAttribute>();
        stream.Reset();
        while (stream.IncrementToken()) tokens.Add((term.ToString(), offset.StartOffset, offset.EndOffset));
        stream.End();
        return tokens;
    }
}
