using OpenQA.Selenium;
using OpenQA.Selenium.Chrome;
using OpenQA.Selenium.Support.UI;

namespace PolicySearch.Api.Tests;

/// <summary>Signing in on the page (real chromium, real slapd): internal results appear with a lock, and go on sign-out.</summary>
public sealed class SignInBrowserTests : IClassFixture<SignInBrowserTests.KestrelApi>, IDisposable
{
    public sealed class KestrelApi : IAsyncLifetime
    {
        public VisibilityApiFactory Factory { get; } = new();
        public string BaseUrl { get; private set; } = "";

        public async Task InitializeAsync()
        {
            await Factory.InitializeAsync();
            Factory.UseKestrel(0);
            Factory.StartServer();
            await Factory.ReadyClientAsync();
            BaseUrl = Factory.ClientOptions.BaseAddress.ToString().TrimEnd('/');
        }

        public Task DisposeAsync() => Factory.DisposeAsync();
    }

    private readonly KestrelApi _api;
    private readonly ChromeDriver _driver;

    public SignInBrowserTests(KestrelApi api)
    {
        _api = api;
        _driver = Chromium.Start(width: 1280);
    }

    public void Dispose()
    {
        _driver.Quit();
        _driver.Dispose();
    }

    private IWebElement Wait(By by, Func<IWebElement, bool>? until = null) => Chromium.Wait(_driver, by, until);

    private void Screenshot(string name) => Chromium.Screenshot(_driver, name);

    [Fact]
    public void SignIn_ShowsTheDivisionsInternalResultsWithALock_AndSignOutHidesThem()
    {
        var secret = VisibilityApiFactory.Economy;
        try
        {
            _driver.Navigate().GoToUrl(_api.BaseUrl + "/?q=" + Uri.EscapeDataString(secret.Question));
            Wait(By.CssSelector("#results li"));
            Assert.DoesNotContain(secret.Marker, _driver.FindElement(By.Id("results")).Text);
            Assert.Empty(_driver.FindElements(By.CssSelector("#results .badge.lock")));

            _driver.FindElement(By.Id("signin-user")).SendKeys(VisibilityApiFactory.Zhang.Uid);
            _driver.FindElement(By.Id("signin-password")).SendKeys(VisibilityApiFactory.Zhang.Password);
            _driver.FindElement(By.CssSelector("#signin-form button")).Click();
            Assert.Contains("张海", Wait(By.Id("signed-in")).Text);
            Assert.Contains("海洋经济处", _driver.FindElement(By.Id("user-groups")).Text);
            var locked = Wait(By.CssSelector("#results .badge.lock"));
            Assert.Contains("海洋经济处", locked.GetAttribute("title"));
            Assert.Contains(secret.Marker, _driver.FindElement(By.Id("results")).Text);
            Screenshot("signed-in-search");

            // The page's POSTs carry the session's anti-forgery token: asking works signed in, and cites the internal document.
            _driver.Navigate().GoToUrl(_api.BaseUrl + "/?ask=" + Uri.EscapeDataString(secret.Question));
            Wait(By.CssSelector("#citations .badge.lock"));

            _driver.FindElement(By.Id("signout")).Click();
            Wait(By.Id("signin-form"));
            new WebDriverWait(_driver, TimeSpan.FromSeconds(20)).Until(d => d.FindElements(By.CssSelector(".badge.lock")).Count == 0);
            // A wrong password says so, in Chinese, and keeps the page anonymous.
            _driver.FindElement(By.Id("signin-user")).SendKeys(VisibilityApiFactory.Zhang.Uid);
            _driver.FindElement(By.Id("signin-password")).SendKeys("wrong");
            _driver.FindElement(By.CssSelector("#signin-form button")).Click();
            Assert.Contains("用户名或密码错误", Wait(By.Id("signin-status"), e => e.Text.Length > 0 && !e.Text.Contains("正在")).Text);
        }
        catch
        {
            Screenshot(nameof(SignIn_ShowsTheDivisionsInternalResultsWithALock_AndSignOutHidesThem));
            throw;
        }
    }
}
