using System.Text;
using PolicySearch.Ingestion;
using PolicySearch.Tests;

namespace PolicySearch.Ingestion.Tests;

public class DecodingTests
{
    [Fact]
    public void Decode_Gb18030SeedFile_ReadsChineseWithoutMojibake()
    {
        var (text, reason) = TextDecoder.Decode(File.ReadAllBytes(TestPaths.SeedFile("a02-qd-2019-h1-summary-gb18030.txt")));
        Assert.Null(reason);
        Assert.Equal("gb18030", text!.Encoding);
        Assert.StartsWith("青岛市海洋发展局2019年上半年工作总结", text.Text);
        Assert.DoesNotContain('\uFFFD', text.Text);
    }

    [Fact]
    public void Decode_Utf8WithAndWithoutBom_GivesSameText()
    {
        const string original = "國家級海洋牧場示範區 18處，浒苔处置";
        var plain = Encoding.UTF8.GetBytes(original);
        var bom = new byte[] { 0xEF, 0xBB, 0xBF }.Concat(plain).ToArray();
        Assert.Equal(original, TextDecoder.Decode(plain).Text!.Text);
        Assert.Equal(original, TextDecoder.Decode(bom).Text!.Text);
    }

    [Fact]
    public void Decode_GbkBytes_AreDetected()
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        const string original = "青岛市海洋发展局关于2022年海洋伏季休渔的通告";
        var decoded = TextDecoder.Decode(Encoding.GetEncoding("GBK").GetBytes(original));
        Assert.Equal(original, decoded.Text!.Text);
    }

    [Fact]
    public void Decode_BinaryAndGarbage_AreRefusedWithReason()
    {
        Assert.Contains("binary", TextDecoder.Decode(new byte[] { 0x50, 0x4B, 0x03, 0x04, 0x00, 0x00, 0x01 }).Reason);
        Assert.Equal("empty file", TextDecoder.Decode([]).Reason);
        var random = new byte[4096];
        new Random(7).NextBytes(random);
        for (var i = 0; i < random.Length; i++) if (random[i] == 0) random[i] = 0x81;
        var outcome = TextDecoder.Decode(random);
        Assert.Null(outcome.Text);
        Assert.NotNull(outcome.Reason);
    }
}
