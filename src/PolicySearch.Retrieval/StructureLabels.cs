using System.Text.RegularExpressions;

namespace PolicySearch.Retrieval;

/// <summary>The labels of a document's structure: 第三编, 第二章, 第一节, 第十二条, 第二款 at the start of a line.</summary>
public static partial class StructureLabels
{
    /// <summary>Group 1: the label (第十二条); group 2: its kind (编, 章, 节, 条 or 款).</summary>
    [GeneratedRegex(@"^(第[一二三四五六七八九十百零〇\d]+([编章节条款]))")]
    public static partial Regex Label();
}
