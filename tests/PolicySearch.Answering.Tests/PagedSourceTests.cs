using Microsoft.Extensions.Options;
using PolicySearch.Answering.Reader;
using PolicySearch.Ingestion;
using PolicySearch.Retrieval;
using PolicySearch.Tests;

namespace PolicySearch.Answering.Tests;

/// <summary>A PDF's passages, search hits and citations say which page they are on.</summary>
public sealed class PagedSourceTests
{
    /// <summary>A documents folder holding one file of ../shared/corpus-formats.</summary>
    private static string FolderWith(TempFolder temp, string name)
    {
        var folder = temp.Sub("docs");
        File.Copy(Path.Combine(TestPaths.Shared, "corpus-formats", name), Path.Combine(folder, name));
        return folder;
    }

    [Fact]
    public void SearchHitAndCitation_FromALaterPage_CarryThatPage()
    {
        using var temp = new TempFolder();
        const string name = "d17-qd-2021-marine-ranch-regulation.pdf";
        var folder = FolderWith(temp, name);
        var parsed = DocumentReader.Read(Path.Combine(folder, name), name).Document!;
        var later = parsed.Passages.First(p => p.Page >= 2 && p.PageBreaks.Count == 0);
        var (start, end) = SentenceMatcher.Sentences(later.Text).First(s => s.End - s.Start > 20);
        var sentence = later.Text[start..end].Trim();

        using var seeds = new SeedIndex(folder);
        var hit = seeds.Searcher.Search(new SearchRequest(sentence, new SearchFilters(), 5)).Results[0];
        Assert.Equal(later.Text, hit.Text);
        Assert.Equal(later.Page, hit.Page);

        var answerer = new ExtractiveAnswerer(seeds.Searcher, seeds.Index, Options.Create(new AnsweringOptions()), SpanReader.LoadShipped());
        var answer = answerer.Ask(new AskRequest(sentence.TrimEnd('。') + "？", new SearchFilters()));
        Assert.False(answer.Abstained, answer.AnswerText);
        var citation = Assert.Single(answer.Citations);
        Assert.Equal(later.Page, citation.Page);
    }

    [Fact]
    public void ScannedPdf_IsSearchable_AndItsResultsAndViewSayOcr()
    {
        using var temp = new TempFolder();
        using var seeds = new SeedIndex(FolderWith(temp, "d02-sd-2022-fuji-xiuyu-notice-gb18030.scan.pdf"));
        Assert.Equal(1, seeds.Summary.Added);
        var hit = seeds.Searcher.Search(new SearchRequest("伏季休渔", new SearchFilters(), 5)).Results[0];
        Assert.True(hit.Ocr);
        Assert.InRange(hit.Page!.Value, 1, 3);
        var view = seeds.Index.GetDocument(hit.DocumentId)!;
        Assert.True(view.Ocr);
        Assert.All(view.Passages, p => Assert.NotNull(p.Page));
    }
}
