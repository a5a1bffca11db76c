using System.Text.Json;
using System.Text.RegularExpressions;

namespace PolicySearch.Retrieval.Access;

public sealed class AccessRulesException(string file, string reason)
    : Exception($"{file}: {reason} Nothing was ingested: fix the file (or remove it to make every document public).");

/// <summary>
/// <c>access.json</c> in the documents folder: path globs (relative to the folder, / separated; * within a name,
/// ** across folders, ? one character) mapped to the groups that may see the documents they match. A document that
/// several rules match is visible to the groups of all of them; one no rule matches is public.
/// </summary>
public sealed class AccessRules
{
    public const string FileName = "access.json";

    private readonly List<(string Glob, Regex Pattern, IReadOnlyList<string> Groups)> _rules;

    private AccessRules(List<(string, Regex, IReadOnlyList<string>)> rules) => _rules = rules;

    public static readonly AccessRules None = new([]);

    public int Count => _rules.Count;

    /// <summary>The folder's rules; <see cref="None"/> without the file. A file that cannot be read as rules is an error, never "no rules".</summary>
    public static AccessRules Load(string folder)
    {
        var file = Path.Combine(folder, FileName);
        if (!File.Exists(file)) return None;
        JsonDocument json;
        try
        {
            json = JsonDocument.Parse(File.ReadAllBytes(file), new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        }
        catch (JsonException ex)
        {
            throw new AccessRulesException(FileName, $"not valid JSON ({ex.Message}).");
        }
        using (json)
        {
            if (json.RootElement.ValueKind != JsonValueKind.Object || !json.RootElement.TryGetProperty("rules", out var rules) || rules.ValueKind != JsonValueKind.Array)
            {
                throw new AccessRulesException(FileName, "expected {\"rules\":[{\"path\":\"内部/**\",\"groups\":[\"…\"]}]}.");
            }
            var parsed = new List<(string, Regex, IReadOnlyList<string>)>();
            var n = 0;
            foreach (var rule in rules.EnumerateArray())
            {
                n++;
                var path = rule.ValueKind == JsonValueKind.Object && rule.TryGetProperty("path", out var p) && p.ValueKind == JsonValueKind.String ? p.GetString()!.Trim() : "";
                var groups = rule.ValueKind == JsonValueKind.Object && rule.TryGetProperty("groups", out var g) && g.ValueKind == JsonValueKind.Array
                    ? g.EnumerateArray().Where(e => e.ValueKind == JsonValueKind.String).Select(e => e.GetString()!.Trim()).Where(s => s.Length > 0).Distinct().ToList()
                    : [];
                if (path.Length == 0) throw new AccessRulesException(FileName, $"rule {n} has no \"path\".");
                if (groups.Count == 0) throw new AccessRulesException(FileName, $"rule {n} ({path}) names no group: a rule with none would hide its documents from everyone but admins; say which groups.");
                parsed.Add((path, GlobPattern(path), groups));
            }
            return new AccessRules(parsed);
        }
    }

    /// <summary>The groups that may see the file at this relative path; empty: public (no rule matches).</summary>
    public IReadOnlyList<string> GroupsOf(string relativePath)
    {
        var path = relativePath.Replace('\\', '/');
        return _rules.Where(r => r.Pattern.IsMatch(path)).SelectMany(r => r.Groups).Distinct().Order(StringComparer.Ordinal).ToList();
    }

    /// <summary>A glob as a whole-path pattern: ** any folders (or none), * and ? within one name.</summary>
    internal static Regex GlobPattern(string glob)
    {
        var pattern = new System.Text.StringBuilder("^");
        var g = glob.Replace('\\', '/').TrimStart('/');
        for (var i = 0; i < g.Length; i++)
        {
            if (g[i] == '*' && i + 1 < g.Length && g[i + 1] == '*')
            {
                // "**/" matches no folder or any folders; a trailing "**" everything below.
                var slash = i + 2 < g.Length && g[i + 2] == '/';
                pattern.Append(slash ? "(?:.*/)?" : ".*");
                i += slash ? 2 : 1;
            }
            else if (g[i] == '*') pattern.Append("[^/]*");
            else if (g[i] == '?') pattern.Append("[^/]");
            else pattern.Append(Regex.Escape(g[i].ToString()));
        }
        // A folder's name alone ("内部") covers what is inside it.
        pattern.Append(g.EndsWith('/') ? ".*$" : "(?:/.*)?$");
        return new Regex(pattern.ToString(), RegexOptions.CultureInvariant);
    }

    /// <summary>Whether a 附注 marks the document as not for the public (此件不公开, 内部资料, 不予公开).</summary>
    public static bool MarksInternal(string? disclosure) =>
        disclosure is not null && (disclosure.Contains("不公开", StringComparison.Ordinal) || disclosure.Contains("内部资料", StringComparison.Ordinal)
                                   || disclosure.Contains("内部发行", StringComparison.Ordinal) || disclosure.Contains("不予公开", StringComparison.Ordinal));
}
