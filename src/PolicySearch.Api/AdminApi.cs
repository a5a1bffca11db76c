using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using PolicySearch.Ingestion;
using PolicySearch.Retrieval;

namespace PolicySearch.Api;

public static class AdminApi
{
    public const string KeyHeader = "X-Api-Key";

    public static RouteGroupBuilder MapAdminApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/admin").WithTags("Admin").AddEndpointFilter(RequireAdminKey);
        // An ingest runs as long as the documents take: the request budget would cancel it half-way.
        group.DisableRequestTimeout();
        group.MapPost("/ingest", Ingest).WithSummary("Brings the index up to date with the seeds folder now; returns the ingest summary");
        group.MapDelete("/documents/{documentId}", DeleteDocument)
            .WithSummary("Takes a document out of the index (its file stays on disk and is not indexed again until it changes)");
        return group;
    }

    /// <summary>
    /// X-Api-Key must equal Security:AdminKey. The comparison takes the same time whatever the key (both sides are
    /// hashed first, so not even the length leaks); with no key configured every admin request is refused.
    /// </summary>
    private static async ValueTask<object?> RequireAdminKey(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var audit = context.HttpContext.RequestServices.GetRequiredService<PolicySearch.Answering.AuditLog>();
        var action = $"{context.HttpContext.Request.Method} {context.HttpContext.Request.Path}";
        // A signed-in member of the admin group (Security:AdminGroup) needs no key.
        if (PolicySearch.Retrieval.Access.AccessScope.Current is { All: true, User: not null })
        {
            audit.Record("admin", action, outcome: "admin group");
            return await next(context);
        }
        var configured = context.HttpContext.RequestServices.GetRequiredService<IOptionsMonitor<SecurityOptions>>().CurrentValue.AdminKey;
        if (string.IsNullOrEmpty(configured))
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Admin actions are disabled",
                detail: "No admin key is configured on this server (Security:AdminKey).");
        }
        var given = context.HttpContext.Request.Headers[KeyHeader].ToString();
        if (!KeysMatch(given, configured))
        {
            audit.Record("admin", action, outcome: "refused");
            return TypedResults.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "Admin key missing or wrong",
                detail: $"Send the admin key in the {KeyHeader} header.");
        }
        audit.Record("admin", action, outcome: "admin key");
        return await next(context);
    }

    internal static bool KeysMatch(string given, string configured) =>
        CryptographicOperations.FixedTimeEquals(SHA256.HashData(Encoding.UTF8.GetBytes(given)), SHA256.HashData(Encoding.UTF8.GetBytes(configured)));

    public static async Task<Results<Ok<IngestionSummary>, ProblemHttpResult>> Ingest(IngestionWorker worker, CancellationToken cancellationToken)
    {
        try
        {
            return TypedResults.Ok(await worker.IngestNowAsync(cancellationToken));
        }
        catch (Exception ex) when (ex is IndexWriteException or IndexLockedException or DirectoryNotFoundException)
        {
            return Unavailable(ex);
        }
    }

    /// <summary>The index or the documents folder is not usable now: the server's state, not the caller's mistake.</summary>
    private static ProblemHttpResult Unavailable(Exception ex) =>
        TypedResults.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: ex switch
        {
            IndexWriteException => "The index cannot be written",
            IndexLockedException => "Another process holds the index",
            _ => "The documents folder does not exist",
        }, detail: ex.Message);

    public static async Task<Results<NoContent, ProblemHttpResult>> DeleteDocument(IngestionPipeline pipeline, string documentId, CancellationToken cancellationToken)
    {
        bool removed;
        try
        {
            removed = DocumentsApi.DocumentId().IsMatch(documentId) && await pipeline.RemoveDocumentAsync(documentId, cancellationToken);
        }
        catch (Exception ex) when (ex is IndexWriteException or IndexLockedException)
        {
            return Unavailable(ex);
        }
        return removed
            ? TypedResults.NoContent()
            : TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Document not found", detail: "No document has this id.",
                extensions: new Dictionary<string, object?> { ["field"] = "documentId" });
    }
}
