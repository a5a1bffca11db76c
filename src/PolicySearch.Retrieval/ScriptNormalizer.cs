using System.Collections.Frozen;
using System.Reflection;
using System.Text;
using Lucene.Net.Analysis.CharFilters;

namespace PolicySearch.Retrieval;

/// <summary>
/// Folds Traditional Chinese characters and full-width forms onto Simplified and ASCII, one character for one,
/// so that offsets never move. Used for indexing and matching only: stored text keeps its own characters.
/// </summary>
public static class ScriptNormalizer
{
    private static readonly Lazy<FrozenDictionary<char, char>> Map = new(LoadMap);
    private static readonly Lazy<NormalizeCharMap> LuceneMap = new(BuildLuceneMap);

    public static int MappingCount => Map.Value.Count;

    public static char Fold(char c)
    {
        if (c is >= '\uFF01' and <= '\uFF5E') return (char)(c - 0xFEE0);
        if (c == '\u3000') return ' ';
        return Map.Value.TryGetValue(c, out var s) ? s : c;
    }

    public static string Fold(string text)
    {
        var sb = new StringBuilder(text.Length);
        foreach (var c in text) sb.Append(Fold(c));
        return sb.ToString();
    }

    public static TextReader Wrap(TextReader reader) => new MappingCharFilter(LuceneMap.Value, reader);

    private static NormalizeCharMap BuildLuceneMap()
    {
        var builder = new NormalizeCharMap.Builder();
        foreach (var (from, to) in Map.Value) builder.Add(from.ToString(), to.ToString());
        for (var c = '\uFF01'; c <= '\uFF5E'; c++)
        {
            if (!Map.Value.ContainsKey(c)) builder.Add(c.ToString(), ((char)(c - 0xFEE0)).ToString());
        }
        return builder.Build();
    }

    private static FrozenDictionary<char, char> LoadMap()
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("PolicySearch.Retrieval.Data.trad-to-simp.txt")
            ?? throw new InvalidOperationException("The Traditional-to-Simplified mapping resource is missing from the build.");
        using var reader = new StreamReader(stream, Encoding.UTF8);
        var map = new Dictionary<char, char>();
        while (reader.ReadLine() is { } line)
        {
            if (line.Length == 3 && line[1] == '\t') map[line[0]] = line[2];
        }
        return map.ToFrozenDictionary();
    }
}
