using System.Text.RegularExpressions;
using PolicySearch.Retrieval;

namespace PolicySearch.Answering;

/// <summary>
/// What a question demands of its answer, so that a sentence that only talks around it is not taken for one:
/// 多少家 needs a count of 家, 投资多少/多少钱 an amount of money, 百分之多少/比重 a percentage, 哪天 a date.
/// A sentence that matches the question's words but holds no such value does not answer it.
/// </summary>
public sealed partial record AnswerShape(Regex? Required, AnswerKind Kind, bool Strict = true)
{
    public static readonly AnswerShape None = new(null, AnswerKind.None);

    public static AnswerShape Of(string question)
    {
        var q = ScriptNormalizer.Fold(question);
        // 哪天 asks for a day: 2月中旬 or 2月 alone does not answer it (什么时候 may be answered by a month or a year).
        if (DayQuestion().IsMatch(q)) return new AnswerShape(DayValue(), AnswerKind.Date);
        if (DateQuestion().IsMatch(q)) return new AnswerShape(DateValue(), AnswerKind.Date);
        if (MoneyQuestion().IsMatch(q)) return new AnswerShape(Money(), AnswerKind.Number);
        if (PercentQuestion().IsMatch(q)) return new AnswerShape(Percent(), AnswerKind.Number);
        // How long, high or deep: a length favours a sentence (strict, it cost CMRC 2018 answers phrased otherwise).
        if (LengthQuestion().IsMatch(q)) return new AnswerShape(Length(), AnswerKind.Number, Strict: false);
        // Names, organisations and lists have no reliable form: these shapes only favour a sentence, never rule one out.
        // Asked for an official ("哪位局领导", "谁主持"), the answer names one with a post or a role in the event.
        if (PersonQuestion().IsMatch(q)) return new AnswerShape(Person(), AnswerKind.None, Strict: OfficialRole().IsMatch(q));
        if (OrganisationQuestion().IsMatch(q)) return new AnswerShape(Organisation(), AnswerKind.None, Strict: false);
        if (ListQuestion().IsMatch(q)) return new AnswerShape(Enumeration(), AnswerKind.None, Strict: false);
        // 第几届, 第几名: an ordinal, of whatever measure the document uses.
        if (OrdinalQuestion().IsMatch(q)) return new AnswerShape(Ordinal(), AnswerKind.Number);
        var unit = CountQuestion().Match(q);
        if (unit.Success)
        {
            // Measure words that count the same things stand in for each other (多少条船 → 1300艘, 多少家分店 → 28间),
            // and 个, the general measure word, stands in for any that counts single things (多少处海洋牧场 → 30个).
            var measure = unit.Groups[1].Value switch
            {
                // Large counts are written in 万 or 亿 without a measure word (1.25亿个 → 1.25亿).
                "个" => "(?:[个项处家座所条艘只台套间队支]|万(?!元)|亿(?!元))",
                // Boats and other long things; shops and institutions; teams.
                "条" or "艘" => "[条艘只个]",
                "只" => "[只条艘队支个]",
                "家" or "所" => "[家所间个]",
                "项" or "处" or "座" or "台" or "套" or "件" or "种" or "场" or "批" or "届" => $"[{unit.Groups[1].Value}个]",
                // People are counted by 位, 名, 人, or in 万 (人口约150万).
                "位" or "名" or "人" => @"(?:[位名人]|万(?!元)|亿(?!元)|,\d{3})",
                "个小时" or "小时" => "(?:个)?小时",
                "起" or "宗" => "[起宗]",
                "平方千米" or "平方公里" => "平方(?:千米|公里)",
                "公里" or "千米" => "(?:公里|千米)",
                var other => Regex.Escape(other),
            };
            // 第一条 is an ordinal, not a count.
            return new AnswerShape(new Regex($@"(?<![第\d０-９一二三四五六七八九十百千万两几余多])[\d０-９一二三四五六七八九十百千万两几余多]+(?:\.\d+)?\s*(?:多|余)?(?:万|亿)?\s*{measure}"), AnswerKind.Number);
        }
        // 多少 with the unit left out: an amount of money when what is counted is money (总投资…各是多少,
        // 海洋生产总值定的目标是多少), else any figure; a sentence stating none does not answer.
        if (HowMuch().IsMatch(q)) return new AnswerShape(MoneyMeasure().IsMatch(q) ? Money() : AnyFigure(), AnswerKind.Number);
        return None;
    }

    public bool IsMetBy(string text) => Required is null || Required.IsMatch(ScriptNormalizer.Fold(text));

    /// <summary>Whether a text may be an answer: it has the form asked for, or the form is only a preference.</summary>
    public bool Admits(string text) => !Strict || IsMetBy(text);

    // How long a thing is (船身有多长, 海岸线多长), not how long it takes (多长时间).
    [GeneratedRegex("(多长(?!时间|期|久)|长度是多少|有多宽|多高|多深)")]
    private static partial Regex LengthQuestion();

    [GeneratedRegex(@"\d+(?:\.\d+)?\s*(?:米|公里|千米|海里|厘米|毫米|公尺)")]
    private static partial Regex Length();

    [GeneratedRegex("(哪天|哪一天|几月几日|几月几号|哪一日)")]
    private static partial Regex DayQuestion();

    // A day: 5月20日, 2022-05-20, or a day of the lunar calendar as histories write it (七月初十, 十月廿一, 正月十五).
    [GeneratedRegex(@"(\d{1,2}|[一二三四五六七八九十]+)月(\d{1,2}|[一二三四五六七八九十]+)[日号]|\d{4}[-/.]\d{1,2}[-/.]\d{1,2}|(?:[一二三四五六七八九十]+|正|腊|冬)月(?:初|廿|卅|十)[一二三四五六七八九十]")]
    private static partial Regex DayValue();

    [GeneratedRegex("(哪天|哪一天|何时|什么时候|什么时间|几月几日|几月几号|哪一年|哪年|几点|哪月)")]
    private static partial Regex DateQuestion();

    // A time as documents and encyclopedias write it: a month or day, a year (1985年, 1985 年, 前108年, 崇宁五年, 民国
    // 三十八年), a century or decade (19世纪60年代), a season (晚春, 春节时期), a period (战国时代, 年间, 中叶, 早期,
    // 2.5亿年前, 三叠纪), a time relative to another (…之后, 节前), a part of the day (傍晚, 凌晨), an hour.
    [GeneratedRegex(@"(\d{1,2}|[一二三四五六七八九十]+)月(\d{1,2}|[一二三四五六七八九十]+)?日?|\d{1,4}\s*年|[元一二三四五六七八九十〇零]+年|(\d+|[一二三四五六七八九十]+)\s*(世纪|年代)|[春夏秋冬][季天节]|[早晚初深][春夏秋冬]|时期|时代|年间|中叶|年前|[之以][前后]|[早中晚末]期|末年|初年|(?<=[\u4e00-\u9fff])纪(?![念律录要委检实])|傍晚|早上|晚上|凌晨|清晨|夜间|时候|时分|节[前后期]?|\d{1,2}时|[上下]午|\d{4}[-/.]\d{1,2}")]
    private static partial Regex DateValue();

    [GeneratedRegex("(多少钱|多少亿元|多少万元|多少元|投资多少|投资了多少|造价|金额|多少资金|总投资是多少|奖补多少|补贴多少|(生产总值|产值|总投资|投资额|营收|收入)(最终|实际|一共|共|全年)?(达到|是|为|有)?了?多少)")]
    private static partial Regex MoneyQuestion();

    // An amount in 元 (and 日元, 美元 …) or in another currency (英镑, 两 of silver).
    [GeneratedRegex(@"[\d０-９一二三四五六七八九十百千万两,]+(?:\.\d+)?\s*(?:多|余)?(?:万亿|亿|万|千)?\s*(?:[美日港英欧韩澳台]?元|美金|英镑|镑|欧元|法郎|卢布|卢比|马克|银两|两)")]
    private static partial Regex Money();

    [GeneratedRegex("(百分之多少|比重|占比|比例是多少|增长了?多少|增速|增幅|提高了?多少|下降了?多少|涨了?多少|百分比)")]
    private static partial Regex PercentQuestion();

    // A percentage, a share (三成, 四分之三) or a ratio (1:7).
    [GeneratedRegex(@"[\d０-９.]+\s*[%％]|百分之|[一二三四五六七八九十]成|\d+(\.\d+)?个百分点|倍|[\d一二三四五六七八九十百千]+分之[\d一二三四五六七八九十百千]+|\d+\s*[:：]\s*\d+")]
    private static partial Regex Percent();

    [GeneratedRegex("(是谁|谁主持|谁讲话|谁出席|由谁|哪位|哪一位|什么人|谁)")]
    private static partial Regex PersonQuestion();

    // A person in these documents comes with a post (局长孟庆胜) or a role in the event (…主持, …讲话).
    [GeneratedRegex("(局长|主任|书记|司长|厅长|部长|处长|市长|区长|县长|主席|院长|所长|董事长|总经理|经理|总工|教授|院士|专家|代表|委员|记者|负责人|主持|讲话|发布|述职|致辞|介绍|表示|指出)")]
    private static partial Regex Person();

    [GeneratedRegex("(领导|局长|主任|书记|司长|厅长|部长|市长|主持|讲话|出席|述职|致辞|发布会)")]
    private static partial Regex OfficialRole();

    [GeneratedRegex("(哪个部门|哪些部门|哪个单位|哪家单位|哪个机构|哪家机构|哪家企业|哪个企业|哪家公司|哪个公司|哪家船厂|哪个船厂|哪家|哪个城市|哪座城市|哪个市|哪个地方|哪里)")]
    private static partial Regex OrganisationQuestion();

    [GeneratedRegex("(部|局|司|厅|委|办|中心|公司|集团|厂|院|所|协会|政府|大学|银行|市|区|县|省|船坞|基地)")]
    private static partial Regex Organisation();

    [GeneratedRegex("(哪些|哪几|哪三|哪两|哪四|哪五|哪六|有什么|包括什么|包含什么|涵盖)")]
    private static partial Regex ListQuestion();

    // Two or more items: 沙滩、礁石; 一是…二是…; items set off by semicolons.
    [GeneratedRegex("(、|[一二三四五六七八九十]是|（[一二三四五]）|；|和|及|与)")]
    private static partial Regex Enumeration();

    [GeneratedRegex("(多少|几何)")]
    private static partial Regex HowMuch();

    [GeneratedRegex("(生产总值|产值|总投资|投资额|投资|营收|收入|资金|金额|造价|税收|利润)")]
    private static partial Regex MoneyMeasure();

    [GeneratedRegex(@"[\d０-９]|[一二三四五六七八九十两][十百千万亿]?[余多]?[个家处项条艘只台套名位人次倍成件种场批届队间支篇部本首架辆头匹棵株门章节册集轮期路栋年岁]|[一二三四五六七八九十两][十百千]+[万亿]")]
    private static partial Regex AnyFigure();

    [GeneratedRegex("第几")]
    private static partial Regex OrdinalQuestion();

    [GeneratedRegex(@"第\s*[\d０-９一二三四五六七八九十百千两]+|[\d０-９]+\s*名")]
    private static partial Regex Ordinal();

    // 多少个/几家/多少位嘉宾: the measure word the answer must carry.
    [GeneratedRegex("(?:多少|几)(个小时|小时|分钟|个月|万吨|吨|平方千米|平方公里|公里|千米|公顷|万亩|亩|米|个|家|处|项|艘|座|条|位|名|人|起|件|次|尾|天|只|台|套|场|批|届|种|所|宗)")]
    private static partial Regex CountQuestion();
}
