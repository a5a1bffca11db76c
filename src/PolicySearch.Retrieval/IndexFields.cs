namespace PolicySearch.Retrieval;

/// <summary>Every Lucene field name, in one place, so writers and readers cannot drift apart.</summary>
public static class IndexFields
{
    // What a Lucene document is: one passage, one cleaned document, or one source file's bookkeeping.
    public const string Kind = "kind";
    public const string KindPassage = "passage";
    public const string KindDocument = "document";
    public const string KindFile = "file";

    public const string PassageId = "passage_id";
    public const string DocumentId = "document_id";
    public const string File = "file";
    public const string Title = "title";
    public const string Agency = "agency";
    public const string Date = "date";
    public const string Year = "year";
    public const string DocType = "doc_type";
    public const string Ordinal = "ordinal";
    public const string Start = "start";
    public const string End = "end";
    public const string Text = "text";
    public const string Heading = "heading";
    public const string Page = "page";
    public const string PageBreaks = "page_breaks";
    public const string Ocr = "ocr";
    public const string HeadingPath = "heading_path";
    public const string YearsMentioned = "years_mentioned";
    public const string YearsMentionedStored = "years_mentioned_stored";
    public const string Places = "places";

    // 公文 elements (document records: the facts as JSON; passages and records: the normalised 文号, for filtering).
    public const string Gongwen = "gongwen";
    public const string DocNumber = "doc_number";

    // Analysed twice: SmartCn words and CJK bigrams (robust where SmartCn splits new terms into characters).
    public const string TextWords = "text_words";
    public const string TextBigrams = "text_bigrams";
    public const string TitleWords = "title_words";
    public const string TitleBigrams = "title_bigrams";
    public const string AgencyBigrams = "agency_bigrams";

    // The passage's embedding (float32, L2-normalised) and the model that made it.
    public const string Vector = "vector";
    public const string VectorModel = "vector_model";

    // Document records.
    public const string Alternates = "alternates";
    public const string PassageCount = "passage_count";

    // Source-file records: what the incremental ingest compares against.
    public const string FileKey = "file_key";
    public const string ContentHash = "content_hash";
    public const string FileRole = "file_role";
    public const string SkipReason = "skip_reason";
    public const string Signature = "signature";
    public const string DeclaresCopy = "declares_copy";
    public const string Facts = "facts";
    public const string Groups = "groups";
    public const string MarkedInternal = "marked_internal";
}
