using System.Reflection;
using System.Text;

namespace PolicySearch.Retrieval;

/// <summary>Which places (cities, the province, the nation) a text names, from the list in Data/places.txt.</summary>
public static class PlaceGazetteer
{
    public const string Home = "qingdao";

    /// <summary>Marks a district of a city (西海岸新区, 即墨 …): a question about the city wants the city's own figures.</summary>
    public const string District = "district";

    private static readonly Lazy<IReadOnlyList<(string Name, string Group, bool District)>> Names = new(Load);

    public static IReadOnlySet<string> Find(string text)
    {
        var folded = ScriptNormalizer.Fold(text);
        var groups = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (name, group, district) in Names.Value)
        {
            if (!folded.Contains(name, StringComparison.Ordinal)) continue;
            groups.Add(group);
            if (district) groups.Add(District);
        }
        return groups;
    }

    /// <summary>The cities a text names by name (全市 and the like say nothing about which city).</summary>
    public static IReadOnlySet<string> CitiesNamed(string text)
    {
        var folded = ScriptNormalizer.Fold(text);
        var groups = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (name, group, _) in Names.Value)
        {
            if (IsCity(group) && !name.StartsWith('全') && folded.Contains(name, StringComparison.Ordinal)) groups.Add(group);
        }
        return groups;
    }

    /// <summary>
    /// The place names a text holds, in the order they stand, the longest where names overlap (西海岸新区 over 新区);
    /// not 全市/全省 and the like, which name no place of their own.
    /// </summary>
    public static IReadOnlyList<string> NamesIn(string text)
    {
        var folded = ScriptNormalizer.Fold(text);
        var found = new List<(int Index, string Name)>();
        foreach (var (name, _, _) in Names.Value.OrderByDescending(n => n.Name.Length))
        {
            if (name.StartsWith('全')) continue;
            for (var at = folded.IndexOf(name, StringComparison.Ordinal); at >= 0; at = folded.IndexOf(name, at + 1, StringComparison.Ordinal))
            {
                if (!found.Any(f => at < f.Index + f.Name.Length && f.Index < at + name.Length)) found.Add((at, name));
            }
        }
        return found.OrderBy(f => f.Index).Select(f => text.Substring(f.Index, f.Name.Length)).Distinct().ToList();
    }

    public static bool IsCity(string group) => group is not ("national" or "shandong" or "zhejiang" or District);

    /// <summary>
    /// The places a document is about: named in its title or its agency (before any note in brackets about who
    /// republished it), else in the opening of its text.
    /// </summary>
    public static IReadOnlySet<string> OfDocument(string title, string agency, string text)
    {
        var bracket = agency.IndexOfAny(['（', '(']);
        var ownAgency = bracket > 0 ? agency[..bracket] : agency;
        var places = new HashSet<string>(Find(title));
        places.UnionWith(Find(ownAgency));
        if (places.Count == 0) places.UnionWith(Find(text[..Math.Min(text.Length, 300)]));
        return places;
    }

    private static IReadOnlyList<(string, string, bool)> Load()
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("PolicySearch.Retrieval.Data.places.txt")
            ?? throw new InvalidOperationException("The place list resource is missing from the build.");
        using var reader = new StreamReader(stream, Encoding.UTF8);
        var list = new List<(string, string, bool)>();
        while (reader.ReadLine() is { } line)
        {
            if (line.StartsWith('#') || !line.Contains('\t')) continue;
            var parts = line.Split('\t');
            list.Add((ScriptNormalizer.Fold(parts[0].Trim()), parts[1].Trim(), parts.Length > 2 && parts[2].Trim() == District));
        }
        return list;
    }
}
