using System.CommandLine;
using Microsoft.Extensions.Options;
using PolicySearch.Cli;

// policysearch ingest | search | eval | prepare-cmrc | inspect | bench — see README.md and ../shared/INTERFACES.md.
Console.OutputEncoding = System.Text.Encoding.UTF8;
// The CLI reads the index files directly: whoever can run it on them could read every document anyway.
using var everyone = PolicySearch.Retrieval.Access.AccessScope.Enter(PolicySearch.Retrieval.Access.AccessScope.Everyone);
var (rest, overrides) = CliHost.SplitConfigArguments(args);
var root = new RootCommand("PolicySearch: search and ask the bureau's policy documents")
{
    IngestCommand.Create(overrides),
    SearchCommand.Create(overrides),
    AskCommand.Create(overrides),
    CompareCommand.Create(overrides),
    EvalCommand.Create(overrides),
    PrepareCmrcCommand.Create(),
    InspectCommand.Create(),
    BenchCommand.Create(overrides),
    LoadCommand.Create(),
    TrainReaderCommand.Create(overrides),
    BenchFormatsCommand.Create(),
    McpCommand.Create(overrides),
};
try
{
    return await root.Parse(rest).InvokeAsync(new InvocationConfiguration { EnableDefaultExceptionHandler = false });
}
catch (OptionsValidationException ex)
{
    await Console.Error.WriteLineAsync($"error: invalid configuration: {string.Join("; ", ex.Failures)}");
    return 2;
}
