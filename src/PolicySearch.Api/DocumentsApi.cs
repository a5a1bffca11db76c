using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http.HttpResults;
using PolicySearch.Retrieval;

namespace PolicySearch.Api;

public static partial class DocumentsApi
{
    public static RouteGroupBuilder MapDocumentsApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/documents").WithTags("Documents");
        group.MapGet("/{documentId}", GetDocument)
            .WithSummary("A document's metadata, cleaned text, passage offsets and alternate sources (what citations point into)");
        return group;
    }

    public static Results<Ok<DocumentView>, ProblemHttpResult> GetDocument(PolicySearch.Retrieval.Lifecycle.DocumentLifecycle documents, string documentId,
        PolicySearch.Answering.AuditLog audit)
    {
        // Ids are hex digests: anything else (../../etc/passwd) is simply not a document. One the caller may not see
        // is not one either: the same 404.
        var view = DocumentId().IsMatch(documentId) ? documents.Document(documentId) : null;
        audit.Record("document", documentId, view is null ? [] : [view.DocumentId], view is null ? "not found" : null);
        return view is null
            ? TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Document not found",
                detail: "No document has this id.", extensions: new Dictionary<string, object?> { ["field"] = "documentId" })
            : TypedResults.Ok(view);
    }

    /// <summary>Document ids are 16 hex digits (a digest of the file path).</summary>
    [GeneratedRegex("^[0-9a-f]{16}$")]
    internal static partial Regex DocumentId();
}
