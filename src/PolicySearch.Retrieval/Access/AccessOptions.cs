namespace PolicySearch.Retrieval.Access;

/// <summary>The part of configuration section "Security" that ingest and the index need (the API binds the rest).</summary>
public sealed class AccessOptions
{
    public const string Section = "Security";

    /// <summary>
    /// The group a document marked 此件不公开 / 内部资料 in its 附注 is visible to when no access.json rule covers it,
    /// so that nothing internal goes public by omission.
    /// </summary>
    public string InternalGroup { get; set; } = "内部";
}
