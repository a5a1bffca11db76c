namespace PolicySearch.Retrieval.Access;

/// <summary>
/// What one caller may see: public documents, and documents of any of its groups; an admin scope sees everything.
/// The index applies the current scope itself (results, counts, statistics, documents, facts), so no door can
/// forget to: the API sets it per request from the signed-in user, the CLI runs with <see cref="Everyone"/>.
/// </summary>
public sealed record AccessScope
{
    private static readonly AsyncLocal<AccessScope?> Ambient = new();

    private AccessScope(IReadOnlySet<string> groups, bool all)
    {
        Groups = groups;
        All = all;
        Key = all ? "*" : string.Join('\n', groups.Order(StringComparer.Ordinal));
    }

    /// <summary>Anonymous: public documents only.</summary>
    public static readonly AccessScope Public = new(new HashSet<string>(), false);

    /// <summary>An admin, or a local tool reading the index files it could open anyway.</summary>
    public static readonly AccessScope Everyone = new(new HashSet<string>(), true);

    public static AccessScope Of(IEnumerable<string> groups) =>
        new(groups.Select(g => g.Trim()).Where(g => g.Length > 0).ToHashSet(StringComparer.Ordinal), false);

    public IReadOnlySet<string> Groups { get; }

    /// <summary>Who is asking, for the audit log (not part of what the scope sees); null: anonymous.</summary>
    public string? User { get; init; }

    public bool All { get; }

    /// <summary>The same for every caller who sees the same documents: what per-scope caches are keyed by.</summary>
    public string Key { get; }

    /// <summary>Whether a document restricted to these groups (none: public) is visible in this scope.</summary>
    public bool CanSee(IReadOnlyCollection<string>? documentGroups) =>
        All || documentGroups is not { Count: > 0 } || documentGroups.Any(Groups.Contains);

    /// <summary>The scope of the work running now (flows into tasks it starts); anonymous when none was set.</summary>
    public static AccessScope Current => Ambient.Value ?? Public;

    /// <summary>Runs what follows (until disposed) in this scope.</summary>
    public static IDisposable Enter(AccessScope scope)
    {
        var previous = Ambient.Value;
        Ambient.Value = scope;
        return new Restore(previous);
    }

    private sealed class Restore(AccessScope? previous) : IDisposable
    {
        public void Dispose() => Ambient.Value = previous;
    }

    public bool Equals(AccessScope? other) => other is not null && other.Key == Key;

    public override int GetHashCode() => Key.GetHashCode(StringComparison.Ordinal);
}
