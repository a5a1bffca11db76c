using System.Reflection;
using System.Text;

namespace PolicySearch.Retrieval;

/// <summary>The domain thesaurus (Data/thesaurus.txt): for a question, the other names of the things it names.</summary>
public static class Thesaurus
{
    private static readonly Lazy<IReadOnlyList<string[]>> Groups = new(Load);

    /// <summary>(term found in the text, its alternatives) for every thesaurus word the text contains.</summary>
    public static IReadOnlyList<(string Term, IReadOnlyList<string> Alternatives)> Expansions(string text)
    {
        var folded = ScriptNormalizer.FoldLower(text);
        var found = new List<(string, IReadOnlyList<string>)>();
        foreach (var group in Groups.Value)
        {
            // The longest member that occurs (休渔期 before 休渔), so one group expands once.
            var term = group.Where(t => folded.Contains(t, StringComparison.Ordinal)).OrderByDescending(t => t.Length).FirstOrDefault();
            if (term is null) continue;
            var alternatives = group.Where(t => t != term && !term.Contains(t, StringComparison.Ordinal) && !folded.Contains(t, StringComparison.Ordinal)).ToList();
            if (alternatives.Count > 0) found.Add((term, alternatives));
        }
        return found;
    }

    private static IReadOnlyList<string[]> Load()
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("PolicySearch.Retrieval.Data.thesaurus.txt")
            ?? throw new InvalidOperationException("The thesaurus resource is missing from the build.");
        using var reader = new StreamReader(stream, Encoding.UTF8);
        var groups = new List<string[]>();
        while (reader.ReadLine() is { } line)
        {
            if (line.StartsWith('#') || line.Trim().Length == 0) continue;
            groups.Add(line.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(ScriptNormalizer.FoldLower).ToArray());
        }
        return groups;
    }
}
