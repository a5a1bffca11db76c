using System.Text;

namespace PolicySearch.Ingestion;

public sealed record DecodedText(string Text, string Encoding);

/// <summary>
/// Detects UTF-8 (with or without BOM), UTF-16 (with BOM) and GB18030/GBK, and refuses binary or undecodable
/// bytes instead of producing mojibake.
/// </summary>
public static class TextDecoder
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);
    private static readonly Lazy<Encoding> StrictGb18030 = new(() =>
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        return Encoding.GetEncoding("GB18030", EncoderFallback.ExceptionFallback, DecoderFallback.ExceptionFallback);
    });

    /// <summary>Returns the decoded text, or null with a reason a person can act on.</summary>
    public static (DecodedText? Text, string? Reason) Decode(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length == 0) return (null, "empty file");
        if (bytes.StartsWith(new byte[] { 0xEF, 0xBB, 0xBF })) return TryStrict(bytes[3..], StrictUtf8, "utf-8-bom");
        if (bytes.StartsWith(new byte[] { 0xFF, 0xFE })) return (new DecodedText(Encoding.Unicode.GetString(bytes[2..]), "utf-16le"), null);
        if (bytes.StartsWith(new byte[] { 0xFE, 0xFF })) return (new DecodedText(Encoding.BigEndianUnicode.GetString(bytes[2..]), "utf-16be"), null);
        if (LooksBinary(bytes)) return (null, "binary content (NUL or control bytes), not a text document");

        var utf8 = TryStrict(bytes, StrictUtf8, "utf-8");
        if (utf8.Text is not null) return utf8;
        var gb = TryStrict(bytes, StrictGb18030.Value, "gb18030");
        if (gb.Text is not null && LooksLikeChinese(gb.Text.Text)) return gb;
        return (null, "undecodable bytes: neither valid UTF-8 nor plausible GB18030/GBK text");
    }

    private static (DecodedText? Text, string? Reason) TryStrict(ReadOnlySpan<byte> bytes, Encoding encoding, string name)
    {
        try
        {
            return (new DecodedText(encoding.GetString(bytes), name), null);
        }
        catch (DecoderFallbackException)
        {
            return (null, $"invalid {name} bytes");
        }
    }

    private static bool LooksBinary(ReadOnlySpan<byte> bytes)
    {
        var sample = bytes[..Math.Min(bytes.Length, 8192)];
        var control = 0;
        foreach (var b in sample)
        {
            if (b == 0) return true;
            if (b < 0x09 || (b > 0x0D && b < 0x20 && b != 0x1B)) control++;
        }
        return control > sample.Length / 100 + 2;
    }

    // GB18030 maps almost any byte sequence to something; real text is mostly common CJK, ASCII and punctuation.
    private static bool LooksLikeChinese(string text)
    {
        int plausible = 0, total = 0;
        foreach (var c in text)
        {
            if (char.IsWhiteSpace(c)) continue;
            total++;
            if (c < 0x80 || c is >= '\u4E00' and <= '\u9FFF' || c is >= '\u3000' and <= '\u303F' || c is >= '\uFF00' and <= '\uFFEF'
                || c is '\u201C' or '\u201D' or '\u2018' or '\u2019' or '\u2014' or '\u2026' or '\u00B7')
            {
                plausible++;
            }
        }
        return total == 0 || plausible >= total * 0.95;
    }
}
