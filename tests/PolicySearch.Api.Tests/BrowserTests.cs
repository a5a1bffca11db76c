using Xunit.Abstractions;
using OpenQA.Selenium;
using OpenQA.Selenium.Chrome;
using OpenQA.Selenium.Support.UI;

namespace PolicySearch.Api.Tests;

/// <summary>The search page in a real browser: Debian's chromium driven by Selenium, against the API on a real port.</summary>
public sealed class BrowserTests : IClassFixture<BrowserTests.KestrelApi>, IDisposable
{
    public sealed class KestrelApi : IAsyncLifetime
    {
        public ApiFactory Factory { get; } = new();
        public string BaseUrl { get; private set; } = "";

        public async Task InitializeAsync()
        {
            Factory.UseKestrel(0);
            Factory.StartServer();
            await Factory.ReadyClientAsync();
            BaseUrl = Factory.ClientOptions.BaseAddress.ToString().TrimEnd('/');
        }

        public Task DisposeAsync()
        {
            Factory.Dispose();
            return Task.CompletedTask;
        }
    }

    private readonly KestrelApi _api;
    private readonly ChromeDriver _driver;

    private readonly ITestOutputHelper _output;

    public BrowserTests(KestrelApi api, ITestOutputHelper output)
    {
        _api = api;
        _output = output;
        _driver = Chromium.Start();
    }

    private IWebElement Wait(By by, Func<IWebElement, bool>? until = null) => Chromium.Wait(_driver, by, until);

    private void Screenshot(string name) => Chromium.Screenshot(_driver, name);

    private void Run(string name, Action test)
    {
        try
        {
            test();
        }
        catch
        {
            Screenshot(name); // kept as a test artifact beside the test binaries
            throw;
        }
    }

    [Fact]
    public void SearchUrl_RendersHighlightedResultsAndFilters() => Run(nameof(SearchUrl_RendersHighlightedResultsAndFilters), () =>
    {
        _driver.Navigate().GoToUrl(_api.BaseUrl + "/?q=" + Uri.EscapeDataString("浒苔 打捞"));
        Wait(By.CssSelector("#results li"));
        var marks = _driver.FindElements(By.CssSelector("#results mark")).Select(m => m.Text).ToList();
        Assert.Contains(marks, m => m.Contains("浒苔"));
        Assert.Equal("浒苔 打捞", _driver.FindElement(By.Id("q")).GetAttribute("value"));
        Assert.Contains("相关文件", _driver.FindElement(By.Id("search-status")).Text);

        // Filters go into the URL, and the results follow them.
        _driver.FindElement(By.CssSelector("#filters summary")).Click();
        _driver.FindElement(By.Id("from")).SendKeys("2021");
        _driver.FindElement(By.Id("to")).SendKeys("2021");
        _driver.FindElement(By.CssSelector("#search-form button")).Click();
        new WebDriverWait(_driver, TimeSpan.FromSeconds(20)).Until(d => d.Url.Contains("from=2021"));
        Wait(By.CssSelector("#results li"));
        var metas = _driver.FindElements(By.CssSelector("#results .meta")).Select(m => m.Text).ToList();
        Assert.NotEmpty(metas);
        Assert.All(metas, m => Assert.Contains("2021-", m));
    });

    [Fact]
    public void AskUrl_CitationClick_LandsOnHighlightedQuote() => Run(nameof(AskUrl_CitationClick_LandsOnHighlightedQuote), () =>
    {
        _driver.Navigate().GoToUrl(_api.BaseUrl + "/?ask=" + Uri.EscapeDataString("2024年计划推进多少个海洋重点项目？"));
        var answer = Wait(By.Id("answer-text"), e => e.Text.Length > 0);
        Assert.Contains("140", answer.Text);
        var quote = _driver.FindElement(By.CssSelector("#citations .meta")).Text;
        _driver.FindElement(By.CssSelector("#answer-text a.cite")).Click();
        var mark = Wait(By.Id("quote"));
        Assert.Contains(mark.Text, quote);
        Assert.Contains("140", mark.Text);
        Assert.Contains("/doc/", _driver.Url);
    });

    [Fact]
    public void Ask_FollowUp_GoesUnderTheFirstAnswer_InTheUrl_AndNewQuestionStartsOver() => Run(nameof(Ask_FollowUp_GoesUnderTheFirstAnswer_InTheUrl_AndNewQuestionStartsOver), () =>
    {
        _driver.Navigate().GoToUrl(_api.BaseUrl + "/?ask=" + Uri.EscapeDataString("2024年计划推进多少个海洋重点项目？"));
        Wait(By.Id("answer-text"), e => e.Text.Contains("140"));
        var followUp = Wait(By.Id("followup"));
        followUp.SendKeys("2023年呢？");
        followUp.Submit();
        var turn = Wait(By.CssSelector("#followups article.followup"), e => e.FindElements(By.CssSelector(".meta")).Any(m => m.Text.Contains("理解为")));
        Assert.Contains("追问：2023年呢？", turn.Text);
        Assert.Contains("理解为：2023年计划推进多少个海洋重点项目？", turn.Text);
        // The first answer stays above, with its own citations; the follow-up has its own.
        Assert.Contains("140", _driver.FindElement(By.Id("answer-text")).Text);
        Assert.NotEmpty(turn.FindElements(By.CssSelector(".citations li")));
        // The thread is in the URL: opening the link shows the same conversation.
        Assert.Contains("then=", _driver.Url);
        var link = _driver.Url;
        _driver.Navigate().GoToUrl("about:blank");
        _driver.Navigate().GoToUrl(link);
        Wait(By.CssSelector("#followups article.followup"), e => e.Text.Contains("理解为：2023年"));
        // 新问题 starts over: no thread, an empty question box.
        _driver.FindElement(By.Id("new-question")).Click();
        new WebDriverWait(_driver, TimeSpan.FromSeconds(20)).Until(d => !d.Url.Contains("then="));
        Assert.Empty(_driver.FindElements(By.CssSelector("#followups article")));
        Assert.Equal("", _driver.FindElement(By.Id("question")).GetAttribute("value"));
    });

    [Fact]
    public async Task StatusFilter_BadgesAndTheDocumentsLifecycle_AreShown()
    {
        // A measure with a validity period (自2024年10月20日起施行，有效期三年), added to the documents folder.
        const string measures = "b12-qd-marine-industry-demo-park-measures.html";
        File.Copy(PolicySearch.Tests.TestPaths.SeedFile(measures), Path.Combine(_api.Factory.SeedsPath, measures), overwrite: true);
        using var http = new HttpClient { BaseAddress = new Uri(_api.BaseUrl) };
        string? status = null;
        for (var deadline = DateTime.UtcNow.AddSeconds(30); status is null && DateTime.UtcNow < deadline; await Task.Delay(300))
        {
            var found = System.Text.Json.Nodes.JsonNode.Parse(await http.GetStringAsync("/api/search?q=" + Uri.EscapeDataString("现代海洋产业示范园区培育管理办法")))!;
            status = found["results"]!.AsArray().FirstOrDefault(r => r!["file"]!.ToString() == measures)?["status"]?.ToString();
        }
        Assert.NotNull(status);
        Run(nameof(StatusFilter_BadgesAndTheDocumentsLifecycle_AreShown), () =>
        {
            _driver.Navigate().GoToUrl(_api.BaseUrl + "/?q=" + Uri.EscapeDataString("示范园区 认定") + "&status=" + Uri.EscapeDataString(status!));
            Wait(By.CssSelector("#results li"));
            Assert.Equal(status, _driver.FindElement(By.Id("status")).GetAttribute("value"));
            // Every result has the status filtered for, shown as a badge.
            Assert.All(_driver.FindElements(By.CssSelector("#results li")), li => Assert.Equal(status, li.FindElement(By.CssSelector(".badge")).Text));
            _driver.FindElement(By.CssSelector("#results li h2 a")).Click();
            var facts = Wait(By.Id("doc-lifecycle"), e => e.Text.Contains("施行日期"));
            Assert.Contains("2024-10-20", facts.Text);
            Assert.Contains("2027-10-19", facts.Text);
            Assert.Contains(status!, facts.Text);
        });
    }

    [Fact]
    public void Page_DocumentTextWithMarkup_IsShownAsText() => Run(nameof(Page_DocumentTextWithMarkup_IsShownAsText), () =>
    {
        _driver.Navigate().GoToUrl(_api.BaseUrl + "/?q=" + Uri.EscapeDataString("<script>alert(1)</script>"));
        Wait(By.Id("search-status"), e => e.Text.Length > 0 && !e.Text.Contains("检索中"));
        Assert.Equal("<script>alert(1)</script>", _driver.FindElement(By.Id("q")).GetAttribute("value"));
        Assert.Empty(_driver.FindElements(By.CssSelector("#results script")));
        Assert.Throws<NoAlertPresentException>(() => _driver.SwitchTo().Alert());
    });

    [Fact]
    public void EmptyQuery_ShowsEmptyStateWithoutCallingTheApi() => Run(nameof(EmptyQuery_ShowsEmptyStateWithoutCallingTheApi), () =>
    {
        _driver.Navigate().GoToUrl(_api.BaseUrl + "/");
        var status = Wait(By.Id("search-status"), e => e.Text.Length > 0);
        Assert.Contains("请输入检索词", status.Text);
        Assert.Empty(_driver.FindElements(By.CssSelector("#results li")));
    });

    [Fact]
    public void CompareForm_YearsSideBySide_TableAndChartInTheUrl() => Run(nameof(CompareForm_YearsSideBySide_TableAndChartInTheUrl), () =>
    {
        _driver.Navigate().GoToUrl(_api.BaseUrl + "/?compare=");
        Wait(By.Id("compare-status"), e => e.Text.Length > 0);
        _driver.FindElement(By.Id("compare-question")).SendKeys("海洋重点项目有多少个？");
        _driver.FindElement(By.Id("compare-years")).SendKeys("2021,2024");
        _driver.FindElement(By.CssSelector("#compare-form button")).Click();
        new WebDriverWait(_driver, TimeSpan.FromSeconds(20)).Until(d => d.Url.Contains("years=2021"));
        Wait(By.Id("compare-result"), e => e.Displayed);
        var rows = _driver.FindElements(By.CssSelector("#compare-rows tr"));
        Assert.Equal(["2021", "2024"], rows.Select(r => r.GetAttribute("data-year")));
        Assert.Contains(rows, r => r.FindElements(By.CssSelector("a.cite")).Count > 0);
        var chart = _driver.FindElement(By.CssSelector("#compare-chart svg"));
        Assert.Equal(["2021", "2024"], chart.FindElements(By.CssSelector("text.year")).Select(t => t.Text));
        Assert.All(chart.FindElements(By.CssSelector("circle")), c => Assert.Contains(c.GetAttribute("data-year"), new[] { "2021", "2024" }));
        // The chart is styled by app.css: the page's policy allows no inline <style>, and nothing was refused.
        Assert.Equal("rgb(136, 136, 136)", chart.FindElement(By.CssSelector("line.axis")).GetCssValue("stroke"));
        Assert.DoesNotContain(_driver.Manage().Logs.GetLog(LogType.Browser), e => e.Message.Contains("Content Security Policy"));

        // The link reproduces the view.
        _driver.Navigate().Refresh();
        Wait(By.Id("compare-result"), e => e.Displayed);
        Assert.Equal("2021,2024", _driver.FindElement(By.Id("compare-years")).GetAttribute("value"));
    });

    [Fact]
    public void SearchPage_LoadsOnlyItsOwnAssets_AndReportsWeightAndTimeToFirstResult() => Run(nameof(SearchPage_LoadsOnlyItsOwnAssets_AndReportsWeightAndTimeToFirstResult), () =>
    {
        _driver.Navigate().GoToUrl(_api.BaseUrl + "/?q=" + Uri.EscapeDataString("浒苔 打捞"));
        Wait(By.CssSelector("#results li"));
        var timing = (string)((IJavaScriptExecutor)_driver).ExecuteScript("""
            const nav = performance.getEntriesByType('navigation')[0];
            const resources = performance.getEntriesByType('resource').map(r => ({ name: r.name, bytes: r.encodedBodySize, type: r.initiatorType }));
            const first = performance.getEntriesByName('first-result')[0];
            return JSON.stringify({ page: nav.encodedBodySize, resources, firstResult: first ? first.startTime : -1, loaded: nav.loadEventEnd });
            """)!;
        var report = System.Text.Json.Nodes.JsonNode.Parse(timing)!;
        var resources = report["resources"]!.AsArray();
        // No CDN, no font service: the intranet has no internet.
        Assert.All(resources, r => Assert.StartsWith(_api.BaseUrl, r!["name"]!.ToString()));
        Assert.True(report["firstResult"]!.GetValue<double>() > 0, "the page marks when its first results are shown");
        var assets = resources.Where(r => r!["type"]!.ToString() is "link" or "script").Sum(r => r!["bytes"]!.GetValue<double>());
        _output.WriteLine($"page weight: html {report["page"]} B + css/js {assets} B; api calls: {resources.Count(r => r!["type"]!.ToString() == "fetch")}; " +
                          $"load event {report["loaded"]!.GetValue<double>():F0} ms, first result on screen {report["firstResult"]!.GetValue<double>():F0} ms");
    });

    [Theory]
    [InlineData("/")]
    [InlineData("/?q=%E6%B5%92%E8%8B%94")]
    [InlineData("/api/reference")]
    public void Page_MakesOnlySameOriginRequests_AndTriesNoOther(string path) => Run(nameof(Page_MakesOnlySameOriginRequests_AndTriesNoOther), () =>
    {
        _driver.Navigate().GoToUrl(_api.BaseUrl + path);
        new WebDriverWait(_driver, TimeSpan.FromSeconds(20)).Until(d => ((IJavaScriptExecutor)d).ExecuteScript("return document.readyState") as string == "complete");
        Thread.Sleep(1500); // what the page fetches after loading (the reference's spec, the search's results)
        var requests = ((System.Collections.ObjectModel.ReadOnlyCollection<object>)((IJavaScriptExecutor)_driver).ExecuteScript(
            "return [location.href].concat(performance.getEntriesByType('resource').map(r => r.name));")!).Select(o => (string)o).ToList();
        _output.WriteLine($"{path}: {requests.Count} requests\n  " + string.Join("\n  ", requests));
        File.AppendAllText(Path.Combine(AppContext.BaseDirectory, "page-requests.txt"), $"{path}\n  " + string.Join("\n  ", requests) + "\n");
        Assert.All(requests, r => Assert.StartsWith(_api.BaseUrl, r));
        // A request the page tried elsewhere shows as a Content-Security-Policy refusal (or a failed load) in the console.
        var console = _driver.Manage().Logs.GetLog(LogType.Browser).Select(e => e.Message).ToList();
        Assert.DoesNotContain(console, m => m.Contains("Content Security Policy") || m.Contains("net::ERR"));
        if (path.StartsWith("/api/reference", StringComparison.Ordinal))
        {
            Screenshot("reference");
            // No button that sends the reader (or the spec) to a cloud service.
            var text = _driver.FindElement(By.TagName("body")).Text;
            Assert.DoesNotContain("Ask AI", text);
            Assert.DoesNotContain("Generate SDK", text);
            Assert.DoesNotContain("Deploy", text);
        }
    });

    /// <summary>Whether the page fits the window's width (no sideways scrolling).</summary>
    private bool FitsWidth() => (bool)((IJavaScriptExecutor)_driver).ExecuteScript("return document.documentElement.scrollWidth <= window.innerWidth + 1;")!;

    [Theory]
    [InlineData(1280)]
    [InlineData(390)]
    public void Search_GroupsByDocument_WithFacets_AndOpensADocumentsOtherMatches(int width) => Run(nameof(Search_GroupsByDocument_WithFacets_AndOpensADocumentsOtherMatches) + width, () =>
    {
        _driver.Manage().Window.Size = new System.Drawing.Size(width, 900);
        _driver.Navigate().GoToUrl(_api.BaseUrl + "/?q=" + Uri.EscapeDataString("浒苔 打捞"));
        Wait(By.CssSelector("#results li"));
        Assert.Contains("篇", _driver.FindElement(By.Id("search-status")).Text);
        var titles = _driver.FindElements(By.CssSelector("#results > li h2 a")).Select(a => a.GetAttribute("href")!.Split('#')[0]).ToList();
        Assert.Equal(titles.Count, titles.Distinct().Count());
        var facets = Wait(By.Id("facets"));
        Assert.Contains("年份", facets.Text);
        Assert.True(FitsWidth(), $"the page is wider than {width} px");
        Screenshot($"search-{width}");

        var more = _driver.FindElement(By.CssSelector("#results .more button"));
        Assert.Matches(@"本文另有 \d+ 处匹配", more.Text);
        more.Click();
        Wait(By.CssSelector("#results .more ol.others li"));

        // A facet value narrows the search to it, in the URL.
        facets.FindElement(By.CssSelector("a")).Click();
        new WebDriverWait(_driver, TimeSpan.FromSeconds(20)).Until(d => d.Url.Contains("from=") || d.Url.Contains("agency=") || d.Url.Contains("type=") || d.Url.Contains("status="));
        Wait(By.CssSelector("#results li"));
    });

    [Theory]
    [InlineData(1280)]
    [InlineData(390)]
    public void EmptyState_SaysNotFound_AndOffersWhatWouldFindSomething(int width) => Run(nameof(EmptyState_SaysNotFound_AndOffersWhatWouldFindSomething) + width, () =>
    {
        _driver.Manage().Window.Size = new System.Drawing.Size(width, 900);
        _driver.Navigate().GoToUrl(_api.BaseUrl + "/?q=" + Uri.EscapeDataString("量子计算机 火星"));
        Assert.Contains("未找到", Wait(By.Id("search-status"), e => e.Text.Contains("未找到")).Text);
        Assert.Empty(_driver.FindElements(By.CssSelector("#results li")));
        _driver.Navigate().GoToUrl(_api.BaseUrl + "/?q=" + Uri.EscapeDataString("浒苔") + "&from=2030&to=2030");
        var suggestion = Wait(By.CssSelector("#suggestions a"));
        Assert.Contains("去掉筛选条件", suggestion.Text);
        Assert.True(FitsWidth(), $"the page is wider than {width} px");
        Screenshot($"empty-{width}");
        suggestion.Click();
        Wait(By.CssSelector("#results li"));
        _driver.Navigate().GoToUrl(_api.BaseUrl + "/?q=" + Uri.EscapeDataString("的"));
        Assert.Contains("更具体", Wait(By.Id("search-status"), e => e.Text.Contains("更具体")).Text);
    });

    [Fact]
    public void Compare_At390Pixels_FitsTheScreen() => Run(nameof(Compare_At390Pixels_FitsTheScreen), () =>
    {
        _driver.Manage().Window.Size = new System.Drawing.Size(390, 900);
        _driver.Navigate().GoToUrl(_api.BaseUrl + "/?compare=" + Uri.EscapeDataString("海洋重点项目有多少个？") + "&years=2021,2022,2023,2024");
        Wait(By.CssSelector("#compare-rows tr"));
        Assert.True(FitsWidth(), "the compare view is wider than 390 px");
        Screenshot("compare-390");
    });

    public void Dispose()
    {
        _driver.Quit();
        _driver.Dispose();
    }
}
