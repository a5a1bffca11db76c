using Lucene.Net.Analysis.Standard;
using Lucene.Net.Documents;
using Lucene.Net.Index;
using Lucene.Net.Store;

namespace PolicySearch.Retrieval;

/// <summary>
/// For benchmarks only: indexes passages the plainest way Lucene can (StandardAnalyzer, one text field), so the
/// cost of our double Chinese analysis can be stated as a ratio.
/// </summary>
public static class StandardAnalyzerBaseline
{
    public static void Index(IEnumerable<string> passages, string folder)
    {
        using var directory = FSDirectory.Open(folder);
        using var analyzer = new StandardAnalyzer(PolicyAnalyzers.Version);
        using var writer = new IndexWriter(directory, new IndexWriterConfig(PolicyAnalyzers.Version, analyzer) { OpenMode = OpenMode.CREATE });
        foreach (var passage in passages)
        {
            writer.AddDocument(new Document { new TextField("text", passage, Field.Store.YES) });
        }
        writer.Commit();
    }
}
