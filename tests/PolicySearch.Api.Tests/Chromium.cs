using OpenQA.Selenium;
using OpenQA.Selenium.Chrome;
using OpenQA.Selenium.Support.UI;

namespace PolicySearch.Api.Tests;

/// <summary>Debian's chromium, headless, driven by Selenium: how every browser test starts, waits and keeps screenshots.</summary>
public static class Chromium
{
    public static ChromeDriver Start(int width = 1200)
    {
        var options = new ChromeOptions { BinaryLocation = "/usr/bin/chromium" };
        options.AddArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
            "--disable-background-networking", "--disable-component-update", "--disable-sync", $"--window-size={width},900",
            "--user-data-dir=" + Path.Combine(Path.GetTempPath(), "policysearch-chrome-" + Guid.NewGuid().ToString("N")[..8]));
        // The console shows what the Content-Security-Policy refused.
        options.SetLoggingPreference(LogType.Browser, OpenQA.Selenium.LogLevel.All);
        var service = ChromeDriverService.CreateDefaultService("/usr/bin", "chromedriver");
        service.HideCommandPromptWindow = true;
        return new ChromeDriver(service, options, TimeSpan.FromSeconds(60));
    }

    /// <summary>The first displayed element found (that <paramref name="until"/> accepts), waiting up to 20 s.</summary>
    public static IWebElement Wait(IWebDriver driver, By by, Func<IWebElement, bool>? until = null) =>
        new WebDriverWait(driver, TimeSpan.FromSeconds(20)).Until(d =>
        {
            var found = d.FindElements(by).FirstOrDefault(e => e.Displayed);
            return found is not null && (until is null || until(found)) ? found : null;
        })!;

    /// <summary>Kept as a test artifact in screenshots/ beside the test binaries.</summary>
    public static void Screenshot(IWebDriver driver, string name)
    {
        var folder = Path.Combine(AppContext.BaseDirectory, "screenshots");
        Directory.CreateDirectory(folder);
        ((ITakesScreenshot)driver).GetScreenshot().SaveAsFile(Path.Combine(folder, name + ".png"));
    }
}
