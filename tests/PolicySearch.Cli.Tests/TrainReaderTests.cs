using System.Text.Json;
using System.Text.Json.Nodes;
using PolicySearch.Tests;

namespace PolicySearch.Cli.Tests;

public sealed class TrainReaderTests : IDisposable
{
    private readonly TempFolder _temp = new("policysearch-train-");

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task TrainReader_SmallSquadSet_WritesAModelThatAskUses()
    {
        var facts = new (string City, int Projects, int Billion)[] { ("青岛", 140, 2100), ("烟台", 96, 880), ("威海", 75, 410), ("日照", 52, 300), ("潍坊", 61, 350), ("东营", 44, 260) };
        var articles = facts.Select((f, i) => new
        {
            id = $"A{i}",
            title = $"{f.City}市海洋经济工作",
            paragraphs = new[]
            {
                new
                {
                    id = $"A{i}-1",
                    context = $"{f.City}市今年纳入调度的海洋重点项目共{f.Projects}个，总投资{f.Billion}亿元。全市海洋渔业稳步发展，海洋牧场建设持续推进。会议由{f.City}市海洋发展局主办。",
                    qas = new[]
                    {
                        new { id = $"A{i}-q1", question = $"{f.City}市今年纳入调度的海洋重点项目有多少个？", answers = new[] { new { text = $"{f.Projects}个", answer_start = 0 } } },
                        new { id = $"A{i}-q2", question = $"{f.City}市海洋重点项目总投资是多少？", answers = new[] { new { text = $"{f.Billion}亿元", answer_start = 0 } } },
                        new { id = $"A{i}-q3", question = $"{f.City}的会议由谁主办？", answers = new[] { new { text = $"{f.City}市海洋发展局", answer_start = 0 } } },
                    },
                },
            },
        }).ToList();
        var squad = Path.Combine(_temp.Path, "squad.json");
        File.WriteAllText(squad, JsonSerializer.Serialize(new { version = "test", data = articles }));
        var empty = Path.Combine(_temp.Path, "empty.json");
        File.WriteAllText(empty, JsonSerializer.Serialize(new { version = "test", data = Array.Empty<object>() }));
        var model = Path.Combine(_temp.Path, "reader", "reader.zip");

        var trained = await CliRunner.RunAsync("train-reader", "--drcd", squad, "--cmrc-trial", empty, "--qa", "none", "--folds", "2", "--out", model);

        Assert.True(trained.ExitCode == 0, trained.StdErr);
        Assert.Contains("cross-validated hit", trained.StdOut);
        Assert.True(File.Exists(model) && File.Exists(Path.ChangeExtension(model, ".json")));
        // The ranker that orders candidates is written beside the model, and its settings say so.
        Assert.True(File.Exists(Path.Combine(Path.GetDirectoryName(model)!, "reader-rank.zip")));
        Assert.True(JsonNode.Parse(File.ReadAllText(Path.ChangeExtension(model, ".json")))!["Ranked"]!.GetValue<bool>());

        var source = _temp.Sub("seeds");
        var index = _temp.Sub("index");
        File.Copy(TestPaths.SeedFile("a05-qd-2020-sanmin-hutai.txt"), Path.Combine(source, "a05-qd-2020-sanmin-hutai.txt"));
        Assert.Equal(0, (await CliRunner.RunAsync("ingest", "--source", source, "--index", index)).ExitCode);
        var asked = await CliRunner.RunAsync("ask", "浒苔陆上清理与海上打捞之比是多少？", "--index", index, "--json", $"--Answering:ReaderModel={model}");
        Assert.True(asked.ExitCode == 0, asked.StdErr);
        var answer = JsonNode.Parse(asked.StdOut)!;
        // The model read the candidates: an answer says how sure it is.
        Assert.True(answer["abstained"]!.GetValue<bool>() || answer["confidence"] is not null, asked.StdOut);
    }

    [Fact]
    public async Task TrainReader_MissingData_IsAClearError()
    {
        var result = await CliRunner.RunAsync("train-reader", "--drcd", Path.Combine(_temp.Path, "nope.json"), "--qa", "none", "--out", Path.Combine(_temp.Path, "r.zip"));
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("does not exist", result.StdErr);
    }
}
