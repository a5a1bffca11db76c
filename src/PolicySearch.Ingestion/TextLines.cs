namespace PolicySearch.Ingestion;

/// <summary>A text's lines that hold something, without their surrounding whitespace.</summary>
public static class TextLines
{
    /// <summary>Each non-blank line as [Start, End) in the text, leading and trailing whitespace left out.</summary>
    public static IEnumerable<(int Start, int End)> NonBlank(string text)
    {
        var lineStart = 0;
        while (lineStart < text.Length)
        {
            var lineEnd = text.IndexOf('\n', lineStart);
            if (lineEnd < 0) lineEnd = text.Length;
            var line = text.AsSpan(lineStart, lineEnd - lineStart);
            if (!line.IsWhiteSpace()) yield return (lineStart + (line.Length - line.TrimStart().Length), lineStart + line.TrimEnd().Length);
            lineStart = lineEnd + 1;
        }
    }
}
