using System.Text.Json.Nodes;
using PolicySearch.Tests;

namespace PolicySearch.Cli.Tests;

/// <summary>Search by a document's status on a given day, and by its 文号 (issue 16).</summary>
public sealed class LifecycleSearchTests : IDisposable
{
    private readonly TempFolder _temp = new("policysearch-lifecycle-");
    private readonly string _source;
    private readonly string _index;

    private const string Measures = "b12-qd-marine-industry-demo-park-measures.html"; // 自2024年10月20日起施行，有效期三年
    private const string Rules = "b03-qd-high-growth-enterprise-rules-2023.txt";     // 青海发〔2023〕3号; 本办法…自印发之日起施行，有效期至2025年12月31日
    private const string Regulation = "a19-qd-2019-coastal-zone-regulation.txt";     // 自2019年9月1日起施行

    public LifecycleSearchTests()
    {
        _source = _temp.Sub("seeds");
        _index = _temp.Sub("index");
        foreach (var f in new[] { Measures, Rules, Regulation, "a05-qd-2020-sanmin-hutai.txt" }) File.Copy(TestPaths.SeedFile(f), Path.Combine(_source, f));
    }

    public void Dispose() => _temp.Dispose();

    [Theory]
    [InlineData("2024-01-01", "尚未施行", new[] { Measures })]
    [InlineData("2025-06-01", "现行有效", new[] { Measures, Regulation, Rules })]
    [InlineData("2025-06-01", "已失效", new string[0])]
    [InlineData("2028-01-01", "已失效", new[] { Measures, Rules })]
    [InlineData("2028-01-01", "现行有效", new[] { Regulation })]
    public async Task Search_ByStatus_IsComputedForTheDayAsked(string asOf, string status, string[] files)
    {
        Assert.Equal(0, (await CliRunner.RunAsync("ingest", "--source", _source, "--index", _index)).ExitCode);
        var result = await CliRunner.RunAsync("search", "海洋", "--index", _index, "--status", status, "--json", "--top", "50", $"--Lifecycle:AsOf={asOf}");
        Assert.True(result.ExitCode == 0, result.StdErr);
        var results = JsonNode.Parse(result.StdOut)!["results"]!.AsArray();
        Assert.Equal(files.Order(), results.Select(r => r!["file"]!.ToString()).Distinct().Order());
        Assert.All(results, r => Assert.Equal(status, r!["status"]!.ToString()));
    }

    [Theory]
    // 自2024年10月20日起施行，有效期三年: not yet, then in force, then lapsed (2027-10-19).
    [InlineData("2024-01-01", "尚未施行")]
    [InlineData("2025-06-01", "现行有效")]
    [InlineData("2028-01-01", "已失效")]
    public async Task Ask_WhetherItStillApplies_IsAnsweredByItsStatusOnTheDay_CitingTheSentenceThatDecides(string asOf, string verdict)
    {
        Assert.Equal(0, (await CliRunner.RunAsync("ingest", "--source", _source, "--index", _index)).ExitCode);
        var answer = await AskJsonAsync(_index, "青岛市现代海洋产业示范园区培育管理办法现在还有效吗？", $"--Lifecycle:AsOf={asOf}");
        Assert.StartsWith(verdict, answer["answer"]!.ToString());
        var citation = answer["citations"]![0]!;
        Assert.Equal(Measures, citation["file"]!.ToString());
        Assert.Contains("2024年10月20日起施行", citation["quote"]!.ToString());
    }

    [Theory]
    // Quoted from the measures while they apply: no note; after their three years: the answer says they lapsed.
    [InlineData("2025-06-01", null)]
    [InlineData("2028-01-01", "（注：所引文件已于2027年10月19日到期）")]
    public async Task Ask_AnswerQuotedFromALapsedDocument_SaysSo(string asOf, string? note)
    {
        Assert.Equal(0, (await CliRunner.RunAsync("ingest", "--source", _source, "--index", _index)).ExitCode);
        var answer = await AskJsonAsync(_index, "示范园区称号有效期是几年？", $"--Lifecycle:AsOf={asOf}");
        Assert.Equal(Measures, answer["citations"]![0]!["file"]!.ToString());
        if (note is null) Assert.DoesNotContain("（注：", answer["answer"]!.ToString());
        else Assert.EndsWith(note, answer["answer"]!.ToString());
    }

    [Fact]
    public async Task Ask_Explain_PrintsTheReadersCandidatesBesideTheAnswer()
    {
        Assert.Equal(0, (await CliRunner.RunAsync("ingest", "--source", _source, "--index", _index)).ExitCode);
        var answer = await AskJsonAsync(_index, "示范园区称号有效期是几年？", "--explain", "3");
        var candidates = answer["candidates"]!.AsArray();
        Assert.Equal(3, candidates.Count);
        var orders = candidates.Select(c => c!["order"]!.GetValue<double>()).ToList();
        Assert.Equal(orders.OrderDescending(), orders);
        Assert.Equal(answer["citations"]![0]!["quote"]!.ToString(), candidates[0]!["text"]!.ToString());
        Assert.True(candidates[0]!["features"]!.AsObject().Count > 10);

        var plain = await CliRunner.RunAsync("ask", "示范园区称号有效期是几年？", "--index", _index, "--explain", "3");
        Assert.Contains("order  prob  passage", plain.StdOut);
    }

    [Fact]
    public async Task Search_ByDocNumber_FindsThatDocument_AndAQueryNamingItRanksItFirst()
    {
        Assert.Equal(0, (await CliRunner.RunAsync("ingest", "--source", _source, "--index", _index)).ExitCode);
        // The organ's code may be left out, and the brackets written any way.
        var filtered = await CliRunner.RunAsync("search", "海洋", "--index", _index, "--doc-number", "[2023]3号", "--json");
        Assert.True(filtered.ExitCode == 0, filtered.StdErr);
        var results = JsonNode.Parse(filtered.StdOut)!["results"]!.AsArray();
        Assert.NotEmpty(results);
        Assert.All(results, r => Assert.Equal(Rules, r!["file"]!.ToString()));
        Assert.Equal("青海发〔2023〕3号", results[0]!["docNumber"]!.ToString());

        var named = await CliRunner.RunAsync("search", "青海发〔2023〕3号是什么文件", "--index", _index, "--json");
        Assert.Equal(Rules, JsonNode.Parse(named.StdOut)!["results"]![0]!["file"]!.ToString());
    }

    [Theory]
    [InlineData("青海发〔2023〕3号是哪份文件？")]
    [InlineData("文件抬头写着〔2023〕3号，这是什么文件？")]
    public async Task Ask_WhichDocumentANumberIs_IsAnsweredByItsTitle_CitedWhereItIsWritten(string question)
    {
        Assert.Equal(0, (await CliRunner.RunAsync("ingest", "--source", _source, "--index", _index)).ExitCode);
        var answer = await AskJsonAsync(_index, question);
        Assert.StartsWith("《青岛市海洋发展局关于印发《青岛市高成长性海洋企业评选办法（试行）》的通知》（青海发〔2023〕3号）", answer["answer"]!.ToString());
        var citation = answer["citations"]![0]!;
        Assert.Equal(Rules, citation["file"]!.ToString());
        Assert.Contains("青岛市高成长性海洋企业评选办法", citation["quote"]!.ToString());

        // A number no indexed document has is not answered with another's title.
        var unknown = await CliRunner.RunAsync("ask", "青海发〔2019〕99号是哪份文件？", "--index", _index, "--json");
        Assert.DoesNotContain("高成长性", JsonNode.Parse(unknown.StdOut)!["answer"]!.ToString());
    }

    [Fact]
    public async Task Ask_WhatAppliesNow_IsAnsweredFromTheDocumentInForce_NotTheLapsedOne()
    {
        var folder = _temp.Sub("versions");
        File.WriteAllText(Path.Combine(folder, "old-measures.txt"),
            "青岛市海洋产业示范园区扶持办法\n\n第一条 对新认定的海洋产业示范园区，奖励标准为每家50万元。\n\n第二条 本办法自2021年1月1日起施行，有效期至2023年12月31日。\n");
        File.WriteAllText(Path.Combine(folder, "new-measures.txt"),
            "青岛市海洋产业示范园区扶持办法（2024年修订）\n\n第一条 对新认定的海洋产业示范园区，奖励标准为每家80万元。\n\n第二条 本办法自2024年1月1日起施行，有效期至2028年12月31日。\n");
        var index = _temp.Sub("versions-index");
        Assert.Equal(0, (await CliRunner.RunAsync("ingest", "--source", folder, "--index", index)).ExitCode);
        var answer = await AskJsonAsync(index, "现行的海洋产业示范园区奖励标准是每家多少万元？", "--Lifecycle:AsOf=2025-06-01");
        Assert.Contains("80万元", answer["answer"]!.ToString());
        Assert.Equal("new-measures.txt", answer["citations"]![0]!["file"]!.ToString());
    }

    [Fact]
    public async Task Ask_WhoIssuedANamedDocument_IsAnsweredByItsIssuer_CitedWhereItSignsOrTitlesIt()
    {
        Assert.Equal(0, (await CliRunner.RunAsync("ingest", "--source", _source, "--index", _index)).ExitCode);
        var answer = await AskJsonAsync(_index, "《青岛市高成长性海洋企业评选办法（试行）》是哪个部门印发的？");
        Assert.StartsWith("青岛市海洋发展局", answer["answer"]!.ToString());
        var citation = answer["citations"]![0]!;
        Assert.Equal(Rules, citation["file"]!.ToString());
        Assert.Contains("青岛市海洋发展局", citation["quote"]!.ToString());
    }

    /// <summary>`ask QUESTION --index INDEX --json OPTIONS…`, which must succeed, and its answer.</summary>
    private static async Task<JsonNode> AskJsonAsync(string index, string question, params string[] options)
    {
        var asked = await CliRunner.RunAsync(["ask", question, "--index", index, "--json", .. options]);
        Assert.True(asked.ExitCode == 0, asked.StdErr);
        return JsonNode.Parse(asked.StdOut)!;
    }
}
