using System.Collections.Frozen;
using System.Reflection;
using System.Text;

namespace PolicySearch.Retrieval;

/// <summary>
/// Folds Traditional Chinese characters and full-width forms onto Simplified and ASCII, one character for one,
/// so that offsets never move. Used for indexing and matching only: stored text keeps its own characters.
/// </summary>
public static class ScriptNormalizer
{
    private static readonly Lazy<FrozenDictionary<char, char>> Map = new(LoadMap);
    private static readonly Lazy<char[]> Table = new(BuildTable);
    private static readonly Lazy<char[]> LowerTable = new(() => Table.Value.Select(c => c is >= 'A' and <= 'Z' ? (char)(c + 32) : c).ToArray());

    public static int MappingCount => Map.Value.Count;

    public static char Fold(char c) => Table.Value[c];

    public static string Fold(string text) => Translate(text, Table.Value);

    /// <summary>Folded and ASCII letters lower-cased: the form the analyzers see (cheaper than a lower-case filter).</summary>
    public static string FoldLower(string text) => Translate(text, LowerTable.Value);

    private static string Translate(string text, char[] table) =>
        string.Create(text.Length, (text, table), static (span, state) =>
        {
            for (var i = 0; i < state.text.Length; i++) span[i] = state.table[state.text[i]];
        });

    /// <summary>
    /// The analyzers' reader: the text folded (and ASCII lower-cased) character for character. The mapping never changes the length, so
    /// token offsets stay those of the original text and no offset-correcting char filter is needed.
    /// </summary>
    public static TextReader Wrap(TextReader reader) => new StringReader(FoldLower(reader.ReadToEnd() ?? ""));

    private static char[] BuildTable()
    {
        var table = new char[char.MaxValue + 1];
        for (var i = 0; i <= char.MaxValue; i++) table[i] = (char)i;
        for (var c = '\uFF01'; c <= '\uFF5E'; c++) table[c] = (char)(c - 0xFEE0);
        table['\u3000'] = ' ';
        foreach (var (from, to) in Map.Value) table[from] = to;
        return table;
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
