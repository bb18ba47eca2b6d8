"""Context fields (metric, period, basis, status, sentence) on short sentences of our own,
one test per construction of issue 3."""
from decimal import Decimal

import pytest

import policyx


def find(text: str, span: str):
    records = [r for r in policyx.extract(text) if r.text == span]
    assert records, f"no record {span!r} in {[r.text for r in policyx.extract(text)]}"
    return records[0]


# --- metric -----------------------------------------------------------------

@pytest.mark.parametrize("text, span, metric", [
    ("今年以来，全省出口3826.8亿元。", "3826.8亿元", "出口"),
    ("1—11月，全省规模以上工业增加值同比增长6.2%。", "6.2%", "规模以上工业增加值"),
    ("全市一般公共预算收入达到404.3亿元。", "404.3亿元", "一般公共预算收入"),
])
def test_metric_directly_before_the_number_or_its_verb(text, span, metric):
    assert find(text, span).metric == metric


def test_subject_carries_to_the_following_clause():
    text = "前三季度，县域民营企业营业收入812.4亿元，同比增长12.7%，占全县企业营收的61.5%。"
    assert find(text, "12.7%").metric == "县域民营企业营业收入"
    assert find(text, "61.5%").metric.startswith("县域民营企业营业收入占全县企业营收")


@pytest.mark.parametrize("text, span, metric", [
    ("今年全市培育100家专精特新企业。", "100家", "专精特新企业"),
    ("新区已引进48个重大产业项目，总投资超千亿元。", "48个", "重大产业项目"),
    ("全市1426家规模以上工业企业中，九成实现增长。", "1426家", "规模以上工业企业"),
    ("年末全市18座大中型水库均已蓄满。", "18座", "大中型水库"),
    ("全年新认定56家中小企业。", "56家", "中小企业"),
])
def test_counted_thing_after_the_number(text, span, metric):
    assert find(text, span).metric == metric


def test_counted_thing_before_the_number():
    assert "“小巨人”企业" in find("全年新增“小巨人”企业100户。", "100户").metric


def test_fenbie_list_pairs_metrics_with_numbers_in_order():
    text = "粮食、蔬菜、水果产量分别增长2.1%、4.5%、6.3%。"
    metrics = [r.metric for r in policyx.extract(text)]
    assert metrics[0] == "粮食"
    assert metrics[1] == "蔬菜"
    assert metrics[2].startswith("水果")


def test_a_fenbie_list_named_in_the_clause_before_pairs_in_order():
    text = "电子、计算机、国防军工板块涨幅居前，分别上涨3.26%、2.91%和2.58%；银行、煤炭板块逆势走弱，分别下跌0.42%和0.35%。"
    assert [r.metric for r in policyx.extract(text)] == ["电子", "计算机", "国防军工板块", "银行", "煤炭板块"]


def test_a_fenbie_list_after_a_clause_with_figures_keeps_that_clause_s_items():
    text = "城乡居民人均可支配收入分别达到48620元和26310元，分别增长4.8%和6.5%。"
    assert find(text, "6.5%").metric == find(text, "26310元").metric


def test_a_topic_opening_the_sentence_names_figures_that_name_nothing():
    text = "海外生产比方面，10月为47.6%，较上年同月下降2.9个百分点。"
    assert find(text, "47.6%").metric == "海外生产比"
    assert find(text, "2.9个百分点").metric == "海外生产比"


def test_a_topic_gives_way_to_a_metric_the_sentence_names():
    text = "私人住宅市场方面，10月份私人住宅售价指数为287.4，按月下跌0.6%。"
    assert find(text, "0.6%").metric == "私人住宅售价指数"


@pytest.mark.parametrize("text, spans, metrics", [
    ("东、中、西部地区业务量比重分别为74.6%、16.8%和8.6%。", ("74.6%", "16.8%"), ["东部地区业务量比重", "中部地区业务量比重"]),
    ("大、中型企业分别增长5%和3%。", ("5%", "3%"), ["大型企业", "中型企业"]),
])
def test_list_items_of_one_character_share_the_last_item_s_words(text, spans, metrics):
    assert [find(text, s).metric for s in spans] == metrics


@pytest.mark.parametrize("text, span, metric", [
    ("外資今日買超新台幣120.5億元。", "120.5億元", "外资买超"),
    ("外资今年以来累计卖超仍达5,120亿元。", "5,120亿元", "外资卖超"),
    ("权值股台晶电收在1,085元。", "1,085元", "权值股台晶电"),
])
def test_market_flows_and_closing_prices_keep_their_words(text, span, metric):
    assert find(text, span).metric == metric


def test_a_growth_after_a_named_change_takes_the_change_s_level():
    text = "该区共启动老旧小区改造126个，惠及居民2.3万户，改造数量比去年增加38个，增长43.2%。"
    assert find(text, "38个").metric == "改造数量增加数"
    assert find(text, "43.2%").metric == "改造数量"


def test_a_comparison_with_a_modal_before_the_change_names_nothing():
    text = "前三季度，公司净利润3.85亿元至4.26亿元，与上年同期相比将增加1.32亿元至1.73亿元，同比增长52%至68%。"
    assert find(text, "1.32亿元至1.73亿元").metric == "公司净利润增加额"
    assert find(text, "52%至68%").metric == "公司净利润"


def test_a_gap_above_another_party_is_the_subject_s():
    text = "1—4月份，全区规模以上工业增加值同比增长13.8%，高于年度目标(8%)5.8个百分点，高于全国(6.3%)7.5个百分点。"
    assert [find(text, s).metric for s in ("8%", "5.8个百分点", "6.3%", "7.5个百分点")] == ["规模以上工业增加值"] * 4
    text = "普惠小微贷款余额1.2万亿元，同比增长20.1%，高于各项贷款增速8.9个百分点。"
    assert find(text, "8.9个百分点").metric.startswith("高于各项贷款")


@pytest.mark.parametrize("text, span, metric", [
    ("岚州、澄阳两市发电量386亿千瓦时，合计占全省的34.2%。", "34.2%", "岚州、澄阳两市发电量"),
    ("城东镇收入3.2亿元，居全县首位。", "首位", "城东镇收入"),
])
def test_words_naming_no_measure_give_way_to_the_metric_before(text, span, metric):
    assert find(text, span).metric.startswith(metric)


def test_an_amount_per_head_standing_alone_is_the_previous_amount_per_head():
    text = "今年采茶季共组织采茶工1260人，实现劳务收入580万元，人均约4600元。"
    assert find(text, "约4600元").metric == "人均劳务收入"


def test_a_completion_rate_keeps_its_name():
    assert find("新增普惠性学位3600个，完成率120%。", "120%").metric == "完成率"


def test_a_move_from_last_year_s_rank_names_the_ranked_thing():
    assert find("远拓5G通信由上年的第13位升至第7位。", "第13位").metric == "远拓5G通信"


@pytest.mark.parametrize("text, span, metric", [
    ("地铁运营总里程达到512公里，居全国城市第11位。", "第11位", "地铁运营总里程全国城市排名"),
    ("集装箱吞吐量位居全省内河港口第二位。", "第二位", "集装箱吞吐量全省内河港口排名"),
    ("地区生产总值增长6.2%，增速居全市第2位。", "第2位", "地区生产总值增速全市排名"),
    ("滨江市实际使用外资增长25%，居全省首位。", "首位", "滨江市实际使用外资增速全省排名"),
])
def test_a_rank_whose_clause_names_only_its_field_takes_what_is_ranked(text, span, metric):
    assert find(text, span).metric == metric


def test_the_figure_after_a_rank_takes_what_is_ranked_not_the_ranking():
    text = "鹤鸣街道收入增速居全县第二，较上年同期提高4.5个百分点。"
    metric = find(text, "4.5个百分点").metric
    assert metric.startswith("鹤鸣街道收入") and "排名" not in metric


@pytest.mark.parametrize("text, span, metric", [
    ("PM2.5年平均浓度为35.4微克/立方米，与上年度相比下降2.7%。", "2.7%", "PM2.5年平均浓度"),
    ("年末市本级有公园33个。", "33个", "市本级公园"),
    ("农村乡（镇）共有卫生院153个。", "153个", "农村乡（镇）卫生院"),
    ("全市共入选国家级非物质文化遗产名录9个。", "9个", "入选国家级非物质文化遗产名录"),
])
def test_verbs_of_having_and_comparisons_are_no_part_of_a_metric(text, span, metric):
    assert find(text, span).metric == metric


def test_a_list_item_holding_deng_is_no_etc():
    text = "高能效等级家电、智能手机、新能源汽车零售额分别增长87.9%、42.5%、35.3%。"
    assert [find(text, s).metric for s in ("87.9%", "42.5%")] == ["高能效等级家电", "智能手机"]


def test_a_second_share_is_of_the_level_not_of_the_first_share():
    text = "全省工业完成技改投资1063.1亿元，占工业投资的66%，占全部投资的30.6%，较上年下降7.1%。"
    assert find(text, "30.6%").metric == "工业技改投资占全部投资"
    assert find(text, "7.1%").metric == "工业技改投资"


def test_a_rate_standing_alone_before_its_figures_names_them():
    text = "电力公司预计的备用容量率，7月只有3.4%，8月只有4%。"
    assert find(text, "3.4%").metric.endswith("备用容量率")
    assert find(text, "4%").metric.endswith("备用容量率")


@pytest.mark.parametrize("text, span, metric", [
    ("全年全市固定资产投资(不含农户,下同)比上年下降7.5%。", "7.5%", "固定资产投资"),
    ("全市限额以上单位（含个体户，不含批发业）消费品零售额增长5.1%。", "5.1%", "限额以上单位消费品零售额"),
])
def test_a_bracketed_aside_with_a_comma_is_no_part_of_the_metric(text, span, metric):
    assert find(text, span).metric == metric


@pytest.mark.parametrize("text, span, metric", [
    ("其中，企(事)业单位贷款余额1.69万亿元。", "1.69万亿元", "企（事）业单位贷款余额"),
    ("全市执业（助理）医师2.14万人。", "2.14万人", "执业（助理）医师"),
    ("全年居民消费价格(CPI)比上年上涨0.4%。", "0.4%", "居民消费价格（CPI）"),
    ("全市地区生产总值（亿元）增长5.2%。", "5.2%", "地区生产总值"),
    ("猪肉价格（试点）上涨3%。", "3%", "猪肉价格"),
    ("东郊项目（日处理1500吨，投资9.8亿元）。", "9.8亿元", "投资"),
])
def test_a_name_keeps_its_brackets_as_chinese_text_writes_them(text, span, metric):
    assert find(text, span).metric == metric


def test_a_breakdown_by_quarter_carries_the_previous_sentence_s_metric():
    text = "前三季度，全市地区生产总值增长5.6%。分季度看，一季度增长5.2%，二季度增长5.6%。"
    assert find(text, "5.2%").metric == "地区生产总值"


@pytest.mark.parametrize("text, span, metric", [
    ("老蔡：房租一个月三千二，水费一个月一千二左右。", "三千二", "每月房租"),
    ("老蔡：房租一个月三千二，水费一个月一千二左右。", "一千二左右", "每月水费"),
    ("一斤卖四块五，一天卖三百来个。", "四块五", "每斤"),
    ("一斤卖四块五，一天卖三百来个。", "三百来个", "每天"),
    ("好的时候一个月三千出头。", "三千出头", "每月"),
])
def test_a_spoken_per_unit_amount_says_per_what_with_mei(text, span, metric):
    assert find(text, span).metric == metric


@pytest.mark.parametrize("text, span, metric", [
    ("老周：一瓶卖三十五，一根油条一块五。", "三十五", "每瓶"),
    ("老周：一瓶卖三十五，一根油条一块五。", "一块五", "每根油条"),
    ("老周：刨掉本钱，一个月能落七千出头。", "七千出头", "每月"),
])
def test_a_spoken_price_per_unit_leaves_out_the_verb(text, span, metric):
    assert find(text, span).metric == metric


def test_last_month_s_rate_compared_with_is_a_growth_of_last_month():
    text = "11月消費者物價指數（CPI）年增率為2.18%，較10月的1.76%擴大0.42個百分點。"
    rate, gap = find(text, "1.76%"), find(text, "0.42個百分點")
    assert (rate.kind, rate.basis, rate.period) == ("growth", "yoy", "10月")
    assert gap.metric == "消费者物价指数（CPI）"


def test_an_answer_s_figure_naming_nothing_takes_what_the_question_asks_about():
    text = "记者：房租贵不贵？\n罗大姐：一年两万四，前年还是两万，涨了两成。"
    assert [find(text, span).metric for span in ("两万四", "两成")] == ["房租", "房租"]


def test_a_question_does_not_name_the_figures_of_a_plain_paragraph():
    text = "全县有多少家企业？这是个问题。\n全县共有企业两万四千家，增长两成。"
    assert find(text, "两成").metric != "全县企业"


def test_a_one_month_interbank_rate_is_no_per_unit_amount():
    assert "一个月" in find("一个月香港银行同业拆息升至3.86%。", "3.86%").metric


def test_qualifying_clauses_are_no_metric():
    text = "全省一般公共预算收入3286.5亿元，同比增长4.7%，扣除留抵退税因素后同口径增长6.2%。"
    assert find(text, "6.2%").metric == "一般公共预算收入"


@pytest.mark.parametrize("text, span, metric", [
    ("镇里投入防汛资金120万元，比上年增加38万元。", "38万元", "镇里投入防汛资金增加额"),
    ("全年办理结婚登记5.2万对，比上年减少1.8万对。", "1.8万对", "办理结婚登记减少数"),
    ("夏粮总产量320万吨，增产15.2万吨。", "15.2万吨", "夏粮总产量增加数"),
    ("年末住户存款余额900亿元，比年初增加53亿元。", "53亿元", "住户存款余额比年初增加额"),
    ("重点监测的60户企业中，产值同比增长23户。", "23户", None),
])
def test_an_absolute_change_is_named_as_a_change(text, span, metric):
    found = find(text, span).metric
    if metric is None:
        assert not (found or "").endswith(("增加数", "增加额"))
    else:
        assert found == metric


def test_a_bare_rate_word_is_the_rate_of_the_metric_before_it():
    text = "11月份，全国居民消费价格同比上涨0.6%，涨幅比上月扩大0.3个百分点。"
    assert find(text, "0.3个百分点").metric == "全国居民消费价格涨幅"


def test_a_move_to_a_new_level_takes_the_metric_before_it():
    assert find("水价由每立方米2.75元调整为3.05元。", "3.05元").metric == "水价"


@pytest.mark.parametrize("text, span, metric", [
    ("依地区观察，港湾区住用率最高，达81.3%，山城区仅52.1%。", "81.3%", "港湾区住用率"),
    ("企业新招用登记失业青年的，按每人1500元给予一次性扩岗补贴。", "1500元", "一次性扩岗补贴"),
    ("药占比降至26.8%，比上年下降2.3个百分点。", "26.8%", "药占比"),
    ("全年共有1276名高中毕业生被本科院校录取。", "1276名", "高中毕业生"),
])
def test_metrics_named_around_a_bare_clause(text, span, metric):
    assert find(text, span).metric == metric


def test_a_fenbie_compound_gives_each_figure_its_part():
    text = "1—11月，汽车产销分别完成3268.4万辆和3259.1万辆，同比分别增长9.7%和9.9%。"
    assert find(text, "3268.4万辆").metric == "汽车产量"
    assert find(text, "3259.1万辆").metric == "汽车销量"
    assert find(text, "9.9%").metric == "汽车销量"


def test_a_fenbie_list_over_ordinals_written_once_names_each_in_full():
    growth = [r for r in policyx.extract("第一、二、三产业增加值分别增长3.9%、6.1%和5.2%。") if r.kind == "growth"]
    assert [r.metric for r in growth] == ["第一产业增加值", "第二产业增加值", "第三产业增加值"]


def test_a_pair_under_a_two_part_metric_splits_it_without_fenbie():
    text = "1—11月，全省汽车产销累计完成362.4万辆和358.7万辆，同比分别增长6.3%和5.8%。"
    assert [r.metric for r in policyx.extract(text)] == ["汽车产量", "汽车销量", "汽车产量", "汽车销量"]


def test_second_fenbie_clause_reuses_the_list():
    text = "钢材、水泥分别生产120万吨、85万吨，分别同比增长3.2%、1.4%。"
    growth = [r for r in policyx.extract(text) if r.kind == "growth"]
    assert [r.metric for r in growth] == ["钢材", "水泥"]


# --- period -----------------------------------------------------------------

@pytest.mark.parametrize("text, span, period", [
    ("1—11月，全省工业投资增长8.1%。", "8.1%", "1—11月"),
    ("前8月，全省进出口总值4120.6亿元。", "4120.6亿元", "前8月"),
    ("2023年，全市生产总值5481.6亿元。", "5481.6亿元", "2023年"),
    ("今年，全市新增企业3200户。", "3200户", "今年"),
    ("去年全省粮食产量达到3580万吨。", "3580万吨", "去年"),
    ("一季度，全县社会消费品零售总额增长5.2%。", "5.2%", "一季度"),
    ("上半年，全区实现税收收入62.3亿元。", "62.3亿元", "上半年"),
    ("截至2023年底，全省累计建成5G基站12.6万个。", "12.6万个", "截至2023年底"),
    ("“十四五”期间，全省将新建高速公路2000公里。", "2000公里", "“十四五”期间"),
    ("2026年8月至10月，失业率为3.8%。", "3.8%", "2026年8月至10月"),
    ("岚牧乳业2026年半年度报告摘要\n\n报告期内，公司实现营业总收入86.42亿元。", "86.42亿元", "报告期内"),
    ("今年7月至9月，全港访客达1080万人次。", "1080万人次", "今年7月至9月"),
    ("据统计，冰雪节期间全县共接待游客45.3万人次。", "45.3万人次", "冰雪节期间"),
    ("在疫情防控期间，全区发放消费券1200万元。", "1200万元", "疫情防控期间"),
    ("台股今（4）日开高走高，成交值放大至4218.6亿元。", "4218.6亿元", "今（4）日"),
    ("新馆开馆首日接待读者超1.2万人次。", "超1.2万人次", "开馆首日"),
    ("夜市开市首晚客流超3万人次。", "超3万人次", "开市首晚"),
    ("开市当晚共发放消费券5000张。", "5000张", "开市当晚"),
])
def test_period_as_written(text, span, period):
    assert find(text, span).period == period


def test_period_carries_from_the_sentence_before():
    text = "前8月，全省进出口总值4120.6亿元。其中，出口2630.5亿元。"
    assert find(text, "2630.5亿元").period == "前8月"


def test_period_carries_from_a_heading():
    text = "2024年主要指标\n\n全市地区生产总值增长5.1%。"
    assert find(text, "5.1%").period == "2024年"


def test_a_release_lead_period_governs_later_paragraphs_that_name_none():
    text = ("政府统计处今日公布，失业率由2026年7月至9月的3.9%下降至2026年8月至10月的3.8%。\n\n"
            "与对上一个三个月期间比较，失业人数减少约2,800人至15.26万人。")
    assert find(text, "15.26万人").period == "2026年8月至10月"
    assert find(text, "3.9%").period == "2026年7月至9月"


def test_a_headline_period_restated_by_the_lead_governs_later_paragraphs_in_the_leads_words():
    text = ("十月入境旅客按年增加8.6%\n\n統計局11月20日公佈，2026年10月份入境旅客共342.7萬人次，按年增加8.6%。\n\n"
            "按客源分析，內地旅客267.3萬人次，佔整體的78.0%。")
    assert find(text, "267.3萬人次").period == "2026年10月份"
    assert find(text, "8.6%").period == "十月"


def test_a_relative_period_inside_a_sentence_governs_only_that_sentence():
    text = "2024年，原煤产量1.68亿吨，产量为“十四五”以来最高。新增新能源装机477万千瓦。"
    assert find(text, "477万千瓦").period == "2024年"


def test_a_relative_period_opening_a_sentence_still_governs_what_follows():
    text = "今年以来，全省新增企业3.2万户。其中，制造业企业5600户。"
    assert find(text, "5600户").period == "今年以来"


def test_a_headline_figure_takes_the_period_of_the_body_figure_it_restates():
    text = ("黎澜省体育产业总规模突破两千亿元\n\n12月3日，省体育局发布报告。报告显示，2025年全省体育产业"
            "总规模达到2138.6亿元，比上年增长9.4%。")
    assert find(text, "突破两千亿元").period == "2025年"


def test_the_day_in_a_newsflash_heading_governs_its_items():
    text = "【盘中数据速递】12月4日 汇市·资金\n\n10:30 北向资金净买入28.6亿元。\n11:00 两市成交额突破5000亿元。"
    assert find(text, "28.6亿元").period == "12月4日"
    assert find(text, "突破5000亿元").period == "12月4日"


def test_a_comparison_base_period_belongs_to_its_own_figure_only():
    text = "国庆档全国票房9.84亿元。排片占比从上周的35.6%回落至22.7%。"
    assert find(text, "35.6%").period == "上周"
    assert find(text, "22.7%").period != "上周"


@pytest.mark.parametrize("text, span, period", [
    ("十二月份毛收入为198.6亿元，较十一月份增加21.9亿元。", "21.9亿元", "十二月份"),
    ("今年汛期，澜北片区降水量超过1100毫米，为近二十年来最多；岚西片区仅512毫米左右。", "512毫米左右", "今年汛期"),
    ("项目投用后5年内累计投资约6亿元。", "约6亿元", "5年内"),
])
def test_no_period_starts_inside_a_numeral_or_frames_a_record(text, span, period):
    assert find(text, span).period == period


@pytest.mark.parametrize("text, span", [
    ("展望明年，我预计CPI涨幅将回升至1%左右；核心CPI有望保持在1.1%上下。", "1.1%上下"),
    ("明年GDP增长4.8%左右，乐观情形下可达5.2%，悲观情形下不低于4.5%。", "5.2%"),
    ("明年GDP增长4.8%左右，乐观情形下可达5.2%，悲观情形下不低于4.5%。", "不低于4.5%"),
])
def test_a_percent_of_a_price_index_or_a_scenario_of_a_growth_rate_is_growth(text, span):
    assert find(text, span).kind == "growth"


@pytest.mark.parametrize("text, span", [
    ("明年财政赤字率可能安排在4%，新增专项债券规模或达4.6万亿元。", "4%"),
    ("明年财政赤字率可能安排在4%，新增专项债券规模或达4.6万亿元。", "4.6万亿元"),
    ("我的基准判断是明年GDP增长4.8%左右。", "4.8%左右"),
])
def test_hedged_words_make_a_forecast(text, span):
    found = find(text, span)
    assert found.status == "forecast"
    assert found.metric in ("财政赤字率", "新增专项债券规模", "GDP")


def test_a_change_after_an_index_level_measures_that_index():
    text = "10月工业生产指数为113.52，较上月增加2.31%，较上年同月增加6.84%。"
    assert find(text, "2.31%").metric == "工业生产指数"
    assert find(text, "6.84%").metric == "工业生产指数"


def test_a_percent_after_a_fall_named_as_a_rate_is_a_fall():
    text = "有9个区县PM2.5浓度同比下降，其中青溪县降幅最大，达到11.8%。"
    found = find(text, "11.8%")
    assert (found.kind, found.value) == ("growth", Decimal("-11.8"))


def test_comparison_base_is_not_a_period():
    assert find("全年社会消费品零售总额比上年同期增长7.0%。", "7.0%").period == "全年"


@pytest.mark.parametrize("text, span, period", [
    ("前三季度，基本每股收益为1.26元，上年同期为1.37元。", "1.37元", "上年同期"),
    ("十月零售额341亿元，较去年同月的326亿元上升4.2%。", "326亿元", "去年同月"),
    ("10月份，贷存比率由上月的78.6%升至79.1%。", "78.6%", "上月"),
    ("1—4月份，工业增加值增长13.8%，较去年同期(8.5%)加快5.3个百分点。", "8.5%", "去年同期"),
])
def test_the_level_a_figure_is_compared_with_has_its_own_period(text, span, period):
    assert find(text, span).period == period


# --- basis ------------------------------------------------------------------

@pytest.mark.parametrize("text, span", [
    ("规上工业增加值同比增长6.2%。", "6.2%"),
    ("粮食产量比上年增长1.7%。", "1.7%"),
    ("货运量比去年增长3.3%。", "3.3%"),
    ("出口额较去年同期增长8.8%。", "8.8%"),
    ("零售额按年上升4.1%。", "4.1%"),
    ("單月合併營收達1.27億元，年成長110.18%。", "110.18%"),
])
def test_yoy_cues(text, span):
    assert find(text, span).basis == "yoy"


@pytest.mark.parametrize("text, span", [
    ("8月进出口额环比增长9.2%。", "9.2%"),
    ("零售额按月下跌2.3%。", "2.3%"),
    ("营收较上季增长12.5%。", "12.5%"),
])
def test_mom_cues(text, span):
    assert find(text, span).basis == "mom"


@pytest.mark.parametrize("text, span", [
    ("“十三五”时期，地区生产总值年均增长6.8%。", "6.8%"),
    ("消费品零售额两年平均增长3.9%。", "3.9%"),
    ("旅游收入比2019年同期增长12.0%。", "12.0%"),
    ("增速较一季度提高1.5个百分点。", "1.5个百分点"),
    ("增速高于全国2.3个百分点。", "2.3个百分点"),
    ("参展企业较上届增长15%。", "15%"),
])
def test_other_bases_are_null(text, span):
    assert find(text, span).basis is None


def test_uncued_period_growth_in_a_release_is_yoy():
    assert find("全年全市生产总值5481.6亿元，增长3.5%。", "3.5%").basis == "yoy"


def test_cue_carries_across_a_clause_list():
    text = "1—4月份，全区工业增加值同比增长13.8%，其中电力行业增长6%，冶金行业增长14.4%。"
    assert find(text, "6%").basis == "yoy"
    assert find(text, "14.4%").basis == "yoy"


def test_uncued_percent_word_growth_is_yoy():
    assert find("一般公共预算收入二千一百八十亿元，增长百分之四点二。", "百分之四点二").basis == "yoy"


def test_a_market_move_has_no_default_basis():
    text = "截至15:00收盘，上证指数报3412.56点，上涨1.08%。"
    assert find(text, "1.08%").basis is None


def test_same_period_point_change_is_yoy():
    assert find("平均客座率为85.3%，同比提高1.2个百分点。", "1.2个百分点").basis == "yoy"


def test_point_change_without_cue_is_null():
    assert find("吴忠市增长9.2%，提高1.6个百分点。", "1.6个百分点").basis is None


# --- status -----------------------------------------------------------------

@pytest.mark.parametrize("text, span", [
    ("今年全市力争新增规上企业150家。", "150家"),
    ("主要预期目标是：地区生产总值增长6%左右。", "6%左右"),
    ("计划完成投资120亿元。", "120亿元"),
    ("全年要新增城镇就业8万人。", "8万人"),
    ("明年将新建学校12所。", "12所"),
    ("确保粮食产量稳定在1250万吨以上。", "1250万吨以上"),
    ("到2025年，数字经济核心产业增加值占比达到10%。", "10%"),
])
def test_target_cues(text, span):
    assert find(text, span).status == "target"


@pytest.mark.parametrize("text, span", [
    ("预计全年签约电量超50亿千瓦时。", "超50亿千瓦时"),
    ("全年营收有望突破100亿元。", "突破100亿元"),
])
def test_forecast_cues(text, span):
    assert find(text, span).status == "forecast"


def test_reported_fact_is_actual():
    assert find("去年全市新增企业3200户。", "3200户").status == "actual"


def test_suggestions_made_are_a_fact():
    assert find("全年共提出审计建议1840条。", "1840条").status == "actual"


def test_actual_cue_after_a_plan_resets_status():
    text = "该项目拟选址高新区，企业已建成光伏电站装机逾2.2GW。"
    assert find(text, "逾2.2GW").status == "actual"


def test_the_base_of_a_comparison_is_no_actual_cue():
    text = "今年全县预计总产量约32万吨，比去年增产4.5万吨，增长16.4%。"
    assert find(text, "4.5万吨").status == "forecast"
    assert find(text, "16.4%").status == "forecast"
    assert find("今年全县计划春播面积46.5万亩，比去年增加1.2万亩。", "1.2万亩").status == "target"


def test_the_earlier_level_of_a_comparison_is_actual():
    assert find("今年将编列电费补贴186亿元，较去年的142亿元增加44亿元。", "142亿元").status == "actual"


def test_a_plan_or_forecast_word_naming_a_base_is_no_cue():
    text = "累计收购秋粮412.6万吨，收购进度达到预计收购总量的56.2%，比上年同期快4.7个百分点。"
    assert find(text, "4.7个百分点").status == "actual"
    text = "全年新引进人才8.36万人，其中“智汇澜江”计划引进高校毕业生5.12万人，比上年增加6300人。"
    assert find(text, "6300人").status == "actual"


def test_a_price_after_yao_is_no_plan():
    assert find("连锁店剪个头要三十五。", "三十五").status == "actual"
    assert find("今年要新增就业1.2万人。", "1.2万人").status == "target"
    assert find("一个冬天要烧八十来吨煤。", "八十来吨").status == "actual"
    assert find("现在旺季每天要发1.5万单左右。", "1.5万单左右").status == "actual"
    assert find("一早上要和六十斤面。", "六十斤").status == "actual"
    assert find("自家种的不要钱，不够就去镇上买，三块二一斤。", "三块二一斤").status == "actual"
    assert find("到镇上要骑3公里，一趟不到5元。", "3公里").status == "actual"
    assert find("记者：考级要交钱吗？\n周老师：要的，考级费一次两百来块。", "两百来块").status == "actual"
    assert find("明年想开第二家店，装修差不多十五万块，手上存了八万多。", "八万多").status == "actual"


def test_spoken_seasons_and_market_days_are_periods():
    text = "平常一天磨六十斤豆子，腊月里一天得磨一百斤。赶集那天能卖三百出头。"
    assert [find(text, s).period for s in ("六十斤", "一百斤", "三百出头")] == ["平常", "腊月里", "赶集那天"]


def test_a_spoken_time_of_the_story_stays_in_its_paragraph():
    text = ("阿杰：一九年开的。当时盘下这个门面花了八万多，泡沫机一千八。\n\n"
            "记者：现在价格怎么定？\n\n阿杰：普洗小车三十五块，精洗一百二十块。")
    assert find(text, "一千八").period == "当时"
    assert find(text, "三十五块").period != "当时"


def test_a_period_named_only_as_a_comparison_governs_nothing():
    text = "现在一平米一万六七千元，跟去年比，降了小一成。上个月做了二十一单。"
    assert find(text, "小一成").period == "现在"
    assert find(text, "二十一单").period == "上个月"


def test_a_cumulative_figure_takes_its_own_period():
    text = "11月，公司商品煤产量为1,286.4万吨，同比增长5.2%；本年累计商品煤产量13,652.7万吨，同比增长4.6%。"
    assert find(text, "1,286.4万吨").period == "11月"
    assert find(text, "13,652.7万吨").period == "本年累计"


def test_a_table_row_labelled_by_a_year_gives_its_cells_that_period():
    text = ("表1 2022—2026年森林火灾情况\n\n| 年份 | 火灾（起） | 受害森林面积（公顷） |\n| --- | --- | --- |\n"
            "| 2022 | 112 | 865.3 |\n| 2026 | 46 | 218.5 |\n")
    record = find(text, "865.3")
    assert record.period == "2022年"
    assert record.metric == "受害森林面积"
    assert find(text, "218.5").period == "2026年"


def test_a_table_row_labelled_by_a_quarter_gives_its_cells_that_period():
    text = ("前三季度全省体育彩票销售情况如下。\n\n| 季度 | 销量（亿元） | 同比（%） |\n| --- | --- | --- |\n"
            "| 第一季度 | 41.2 | 6.3 |\n| 第二季度 | 45.8 | 8.1 |\n")
    assert find(text, "41.2").period == "第一季度"
    assert find(text, "45.8").period == "第二季度"
    assert find(text, "45.8").metric == "销量"


def test_a_month_range_compared_with_gives_its_level_that_period():
    text = "统计处公布，2026年9月至11月经季节性调整的失业率为2.9%，较8月至10月的3.0%下跌0.1个百分点。"
    assert find(text, "3.0%").period == "8月至10月"
    assert find(text, "0.1个百分点").period == "2026年9月至11月"


def test_a_quarter_compared_with_is_not_the_period():
    text = "公司第三季度实现营业收入18.42亿元，较第二季度增加1.1亿元；单季亏损2.17亿元，较第二季度的3.34亿元收窄。"
    assert find(text, "1.1亿元").period == "第三季度"
    assert find(text, "3.34亿元").period == "第二季度"


def test_the_earlier_level_of_a_rate_takes_its_kind():
    text = "强积金综合指数11月份回报率为2.1%，较10月的负1.4%明显回升。"
    assert find(text, "负1.4%").kind == "share"
    assert find(text, "负1.4%").value == Decimal("-1.4")
    assert find(text, "负1.4%").basis is None
    assert find("工业增加值增长5.2%，增速较上月的4.8%有所加快。", "4.8%").kind == "growth"


def test_another_level_compared_with_takes_the_kind_before_it():
    text = "宿舍床位供给率约为30%，远低于北部其他大学城的45%左右。"
    assert find(text, "45%左右").kind == "share"


# --- sentence ---------------------------------------------------------------

def test_sentence_is_normalized():
    text = "前8月民营企業進出口額2723.6億\n元，同比增長26.6%。下一句。"
    record = find(text, "2723.6億\n元")
    assert record.sentence == "前8月民营企业进出口额2723.6亿元,同比增长26.6%。"


def test_a_weak_cue_gives_way_to_a_forecast_cue_in_its_clause():
    text = "展望第4季，公司预估出货量将达210万吨，全年出货可望回到800万吨以上。"
    assert find(text, "210万吨").status == "forecast"
    assert find(text, "800万吨以上").status == "forecast"


def test_accumulation_after_a_goal_word_stays_a_goal():
    assert find("到2027年，全市力争累计实施技术改造项目1500个以上。", "1500个以上").status == "target"
    assert find("计划投资100亿元，累计完成投资80亿元。", "80亿元").status == "actual"


def test_a_goals_section_makes_uncued_figures_targets_until_the_next_top_heading():
    text = ("一、2025年工作回顾\n\n全年新建农田200万亩。\n\n二、2026年主要目标任务\n\n"
            "新建和改造提升高标准农田300万亩。规模以上工业增加值同比增长6%。\n\n三、保障措施\n\n全年培训农民5万人次。")
    assert find(text, "200万亩").status == "actual"
    assert find(text, "300万亩").status == "target"
    assert find(text, "6%").status == "actual"
    assert find(text, "5万人次").status == "actual"


def test_month_end_is_a_period():
    assert find("9月末，本外币贷款余额270.31万亿元。", "270.31万亿元").period == "9月末"


def test_a_base_year_of_comparison_is_not_the_period():
    text = "春节假期，全省接待游客3200万人次，恢复至2019年同期的112%。"
    assert find(text, "3200万人次").period == "春节假期"
    assert find(text, "112%").period == "春节假期"


def test_a_month_inside_a_range_is_not_a_period_of_its_own():
    assert find("10月份，工业增加值增长6.1%，增速比1—9月加快0.3个百分点。", "0.3个百分点").period == "10月份"


def test_same_month_last_year_is_yoy_and_a_base_year_is_no_basis():
    assert find("外销订单较去年同月增加5.4个百分点。", "5.4个百分点").basis == "yoy"
    assert find("全市生产总值较2015年增长约两倍。", "约两倍").basis is None


def test_meeting_a_target_is_a_fact_and_planned_investment_is_a_noun():
    assert find("全县已完成年度目标任务的54.6%。", "54.6%").status == "actual"
    assert find("1—10月，计划总投资亿元以上项目1865个。", "1865个").status == "actual"


def test_will_after_a_forecast_stays_a_forecast_and_accumulation_in_a_goals_chapter_is_a_goal():
    assert find("政府预计全年访港旅客可达4900万人次，零售销货价值跌幅将收窄至约2%。", "约2%").status == "forecast"
    text = "第二章　发展目标\n\n——数字基础设施全面升级。累计建成5G基站3.5万个。\n\n第三章　发展基础\n\n累计建成5G基站1.2万个。"
    assert find(text, "3.5万个").status == "target"
    assert find(text, "1.2万个").status == "actual"


def test_grew_to_a_year_is_not_a_goal():
    text = "“十三五”期间，全市数字经济规模由2015年的1260亿元增长到2020年的2680亿元。"
    assert find(text, "2680亿元").status == "actual"


def test_bases_of_monthly_releases():
    text = "1—10月，全省固定资产投资同比增长4.2%，增速比1—9月回落0.3个百分点。"
    assert find(text, "0.3个百分点").basis is None
    text = "经季节性调整后，在八月至十月与对上三个月比较，零售业总销货价值上升1.9%。"
    assert find(text, "1.9%").basis == "mom"
    assert find("预计全年地区生产总值增长6.1%。", "6.1%").basis == "yoy"


def test_metric_drops_comparisons_running_totals_parentheses_and_list_markers():
    assert find("9月份，外销订单金额为580亿美元，月增3.1%，年增12.3%。", "12.3%").metric == "外销订单金额"
    assert find("前三季度，政府债券净融资比上年同期多4.85万亿元。", "4.85万亿元").metric == "政府债券净融资"
    assert find("假期，A级旅游景区累计接待游客2347.8万人次。", "2347.8万人次").metric == "A级旅游景区接待游客"
    assert find("全市水质优良（Ⅰ—Ⅲ类）断面34个。", "34个").metric == "水质优良断面"
    assert find("二、人民币贷款增加14.75万亿元", "14.75万亿元").metric == "人民币贷款"


def test_holiday_first_months_and_future_spans_are_periods():
    assert find("今年国庆中秋8天假期，全省接待游客8136.5万人次。", "8136.5万人次").period == "国庆中秋8天假期"
    assert find("首十个月访港旅客累计超过4100万人次。", "超过4100万人次").period == "首十个月"
    assert find("二○二五年首十个月零售额下跌1.2%。", "1.2%").period == "二○二五年首十个月"
    assert find("未来三年力争海外收入占比提升至60%以上。", "60%以上").period == "未来三年"


def test_metric_drops_report_verbs_list_numbers_and_our_city():
    assert find("四川完成进出口额755.5亿元。", "755.5亿元").metric == "四川进出口额"
    assert find("就业困难人员实现就业6054人。", "6054人").metric == "就业困难人员实现就业"
    assert find("1.新增债券431.42亿元。", "431.42亿元").metric == "新增债券"
    assert find("我市地区生产总值7805.38亿元。", "7805.38亿元").metric == "地区生产总值"


def test_held_out_set_3_constructions():
    assert find("全年完成投资1126亿元，为年度计划的108.5%。", "108.5%").status == "actual"
    assert find("全年争取上级转移支付补助资金29.4亿元。", "29.4亿元").status == "actual"
    assert find("10月营收月减4.6%。", "4.6%").basis == "mom"
    assert find("“双11”期间，网上零售额增长12%。", "12%").period == "“双11”期间"
    assert find("高中阶段毛入学率为95.6%。", "95.6%").kind == "share"


def test_metric_of_budget_execution_and_regional_comparisons():
    text = "税收收入完成5.6亿元，为预算的98.6%，增长2.9%。"
    assert find(text, "98.6%").metric == "税收收入"
    assert find(text, "2.9%").metric == "税收收入"
    assert find("全市社会消费品零售总额增长6.1%，增速比全省平均水平高0.7个百分点。", "0.7个百分点").metric == "社会消费品零售总额"


def test_a_vague_period_carried_from_another_paragraph_takes_its_year():
    text = ("2025年全市经济运行情况\n\n全年地区生产总值5000亿元，增长5.1%。\n\n"
            "规模以上工业增加值增长6.2%。\n\n年末常住人口300万人。\n\n户籍人口280万人。")
    assert find(text, "5000亿元").period == "2025年全年"
    assert find(text, "6.2%").period == "2025年全年"
    assert find(text, "300万人").period == "年末"
    assert find(text, "280万人").period == "2025年末"


def test_a_figure_no_period_governs_takes_the_first_year_of_the_article():
    text = "本报讯　12月12日，国家统计局公布2025年全国粮食产量数据。\n分季节看，夏粮产量892.5万吨，下降0.6%。"
    assert find(text, "892.5万吨").period == "2025年"
    assert find("夏粮产量892.5万吨。2025年是丰收年。", "892.5万吨").period is None


def test_a_budget_draft_section_makes_its_figures_targets():
    text = ("一、2025年财政预算执行情况\n\n一般公共预算收入完成18.6亿元。\n\n二、2026年财政预算草案\n\n"
            "2026年全县一般公共预算收入预期增长5%左右。一般公共预算支出安排47.1亿元。")
    assert find(text, "18.6亿元").status == "actual"
    assert find(text, "5%左右").status == "target"
    assert find(text, "47.1亿元").status == "target"
    assert find("市场预期明年出口增长5%。", "5%").status == "forecast"


def test_plan_words_used_as_nouns_are_not_goals():
    assert find("其中虚拟现实设备产量增长627.3%。", "627.3%").status == "actual"
    assert find("重点项目完成投资占年度计划投资109.7%。", "109.7%").status == "actual"
    assert find("争取“两新”领域超长期特别国债资金63.3亿元。", "63.3亿元").status == "actual"
    assert find("电力需求早早就超过预期，年成长率达4%。", "4%").status == "actual"
    assert find("在产品规划及行销策略成功下，首季营收达2.26亿元。", "2.26亿元").status == "actual"


def test_estimates_reported_by_a_bureau_are_facts():
    assert find("据市统计局测算，全年数字经济增加值120亿元。", "120亿元").status == "actual"
    assert find("截至年末，累计划转国有资本50亿元。", "50亿元").status == "actual"


def test_held_out_set_7_and_8_context_cues():
    dated = "本市2026年国庆假期旅游情况\n市文旅局\n2026年10月8日\n\n国庆假期8天，全市接待游客68.4万人次。\n\n入境游客1.8万人次，增长32.5%。"
    assert find(dated, "1.8万人次").period == "国庆假期"          # a dateline's year is no period
    issue = "农产品价格周报\n（2026年第46期）\n\n本周，猪肉批发价格环比上涨1.8%。\n\n鸡蛋价格比上周下跌0.5%。"
    assert find(issue, "0.5%").period == "本周"                     # nor is an issue number's
    assert find(issue, "0.5%").basis == "mom"
    half = "上半年，城镇新增就业6.3万人，完成全年目标的57%；居民人均可支配收入2.84万元。"
    assert find(half, "2.84万元").period == "上半年"                # 全年目标 names a goal, not a period
    assert find("由二〇二六年七月至九月的3.8%下降至八月至十月的3.7%。", "3.8%").period == "二〇二六年七月至九月"
    frame = "与近5年同期均值相比，受灾人次、直接经济损失分别下降34.2%和22.9%。"
    assert find(frame, "22.9%").basis is None
    assert find("明年度歲入編列新臺幣214.3億元，較今年度增加9.2億元。", "9.2億元").status == "target"
    assert find("受货币政策预期和经济数据等因素影响，美元指数下跌1.2%。", "1.2%").status == "actual"


@pytest.mark.parametrize("text, span, metric", [
    ("猪肉平均批发价格为每公斤21.36元，环比上涨1.8%。", "21.36元", "猪肉平均批发价格"),        # a per-unit price
    ("其中高等学校经费118.3亿元，增长1.4%。", "118.3亿元", "高等学校经费"),                   # 高等 is no list's 等
    ("国际货币基金组织上调全球经济增长预期至3.1%。", "3.1%", "全球经济"),
    ("经季节性调整的失业率(unemployment rate)为3.8%。", "3.8%", "失业率"),                 # an English gloss goes
    ("总劳动人口由383.4万人增加至383.7万人。", "383.4万人", "总劳动人口"),                    # not 增加至383.7万人
])
def test_metrics_of_held_out_sets_7_and_8(text, span, metric):
    assert find(text, span).metric == metric


def test_a_list_with_no_items_of_its_own_takes_the_sentence_s_figures():
    text = ("其中，同城快递业务量完成123.7亿件，异地快递业务量完成1512.4亿件，国际快递业务量完成36.3亿件，"
            "分别增长6.1%、18.3%和27.9%。")
    assert [find(text, s).metric for s in ("6.1%", "18.3%", "27.9%")] == ["同城快递业务量", "异地快递业务量", "国际快递业务量"]


def test_a_list_one_item_short_splits_its_last_item_at_he():
    text = "与近5年同期均值相比，受灾人次、倒塌房屋数量和直接经济损失分别下降34.2%、57.6%和22.9%。"
    assert [find(text, s).metric for s in ("34.2%", "57.6%", "22.9%")] == ["受灾人次", "倒塌房屋数量", "直接经济损失"]


def test_a_previous_paragraph_s_list_is_not_reused():
    text = "吃类、穿类商品分别增长4.2%和3.1%。\n\n其中，同城业务量完成123.7亿件，异地业务量完成1512.4亿件，分别增长6.1%和18.3%。"
    assert find(text, "6.1%").metric == "同城业务量"


def test_a_change_since_last_year_end_is_yoy_whatever_the_period():
    """The gold of every set reads 比上年末 as yoy, at a month's end too (73 to 10)."""
    assert find("2025年末，全市存款余额19394.76亿元，比上年末增长7.1%。", "7.1%").basis == "yoy"
    assert find("截至9月末，该行资产总额10.86万亿元，较上年末增长6.2%。", "6.2%").basis == "yoy"


def test_a_change_against_the_month_before_is_mom():
    text = "10月份，社会消费品零售总额增长6.0%，比9月份回落0.4个百分点。"
    assert find(text, "0.4个百分点").basis == "mom"
    assert find("10月份，出口增长6.0%，比7月份回落0.4个百分点。", "0.4个百分点").basis is None


def test_a_market_close_has_no_default_basis():
    assert find("柜买指数收268.41点，上涨1.18%。", "1.18%").basis is None
    assert find("晶硕股价今天收在每股612元，上涨2.5%。", "2.5%").basis is None


def test_a_change_from_one_level_to_another_has_no_basis_unless_the_first_is_dated():
    assert find("水价每度基本费率由10.5元调升至11.3元，调幅7.6%。", "7.6%").basis is None
    assert find("县医院住院患者外转率由18.6%降至11.3%，下降7.3个百分点。", "7.3个百分点").basis is None
    assert find("销量由上年的20万辆增至23万辆，增长15%。", "15%").basis == "yoy"
    assert find("政府把通胀率预测由1.8%下调至1.6%。", "1.6%").basis == "yoy"
    assert find("房委会预计可落成约18.9万个单位，较上一个五年期增加约七成。", "约七成").basis is None
    assert find("总就业人数较上一期上升0.2%。", "0.2%").basis is not None


def test_a_cumulative_change_over_years_or_against_a_schedule_or_forecast_has_no_basis():
    assert find("“十四五”以来累计下降19.6%。", "19.6%").basis is None
    assert find("完成年度计划的53.6%，超过时序进度3.6个百分点。", "3.6个百分点").basis is None
    assert find("第3季民间消费实质成长2.31%，较前次预测下修0.42个百分点。", "0.42个百分点").basis is None
    assert find("1—10月，全省规模以上工业增加值累计增长6.1%。", "6.1%").basis == "yoy"


def test_a_policy_document_states_goals():
    text = ("青岚省人民政府办公厅关于推进紧密型医疗卫生服务体系建设的实施意见\n\n一、主要任务\n\n"
            "公立医院医疗费用增长幅度稳定在8%以下。省财政每年安排专项资金5亿元以上。\n\n"
            "二、工作基础\n\n2025年全省医疗卫生机构床位比上年增长3.1%。")
    assert find(text, "8%以下").status == "target"
    assert find(text, "5亿元以上").status == "target"
    assert find(text, "3.1%").status == "actual"          # a sentence of facts
    assert find("全省医疗费用增长幅度稳定在8%以下。", "8%以下").status == "actual"


def test_a_paragraph_frame_gives_its_basis():
    text = "一、八大类价格\n\n从环比看，八大类价格五涨三降。其中，交通通信、衣着价格分别下降3.4%和3.6%。"
    assert find(text, "3.4%").basis == "mom"
    assert find("其中，交通通信、衣着价格分别下降3.4%和3.6%。", "3.4%").basis == "yoy"


def test_a_year_in_a_book_title_is_no_period():
    text = "协会发布《2026年岚城电子竞技产业发展报告》。\n\n从收入结构看，电竞游戏收入72.4亿元。"
    assert find(text, "72.4亿元").period is None
    assert find("2025年，协会发布《产业发展报告》，电竞游戏收入72.4亿元。", "72.4亿元").period == "2025年"


def test_a_sub_period_after_qizhong_governs_only_its_sentence():
    text = "前三季度，全县工业增加值增长8.1%，其中9月份增长9.7%。新增规上企业19家。"
    assert find(text, "9.7%").period == "9月份"
    assert find(text, "19家").period == "前三季度"


def test_a_bare_forecast_percent_goes_on_with_the_growth_rate_before_it():
    text = "今年经济增长率预测值由3.1%上修至3.45%，明年则预估为2.6%。"
    record = find(text, "2.6%")
    assert (record.kind, record.metric, record.period) == ("growth", "经济增长率预测值", "明年")
    assert find(text, "3.45%").metric == "经济增长率预测值"


def test_a_single_month_paragraph_does_not_carry_into_later_ones():
    text = ("海关总署发布数据，今年前10个月，进出口总值36.02万亿元。\n\n"
            "10月当月，进出口3.68万亿元。\n\n从商品看，出口机电产品12.36万亿元。")
    assert find(text, "3.68万亿元").period == "10月"
    assert find(text, "12.36万亿元").period == "今年前10个月"


def test_a_percent_after_a_rise_named_as_a_rate_is_growth():
    record = find("岚芯科技周涨幅居首，达到47.3%。", "47.3%")
    assert (record.kind, record.to_dict()["value"]) == ("growth", 47.3)


def test_a_change_against_an_earlier_time_takes_the_metric_before_it_named_as_a_change():
    records = {r.text: r for r in policyx.extract("两市融资余额为18652.7亿元，较前一交易日增加94.3亿元。")}
    assert records["18652.7亿元"].metric == "两市融资余额"
    assert records["94.3亿元"].metric == "两市融资余额增加额"
    records = {r.text: r for r in policyx.extract("全省医疗卫生机构总数达5.83万个，比上年增加1126个，其中医院1320个。")}
    assert records["1126个"].metric == "医疗卫生机构增加数"


def test_a_growth_rate_against_an_earlier_time_takes_the_metric_before_it():
    records = {r.text: r for r in policyx.extract("第3季毛利率回升至9.8%，较第2季增加2.1个百分点。")}
    assert (records["2.1个百分点"].metric, records["2.1个百分点"].period) == ("毛利率", "第3季")


def test_a_share_written_as_part_of_a_whole_names_the_part_and_the_whole():
    records = {r.text: r for r in policyx.extract("民间投资占全部投资的比重为52.3%。")}
    assert records["52.3%"].metric == "民间投资占全部投资"


def test_a_headline_with_an_exclamation_gives_its_period_to_the_body():
    text = "📈 刚刚！岚海市前三季度成绩单出炉\n\n全市地区生产总值3826.8亿元，同比增长6.2%。"
    assert {r.text: r.period for r in policyx.extract(text)} == {"3826.8亿元": "前三季度", "6.2%": "前三季度"}


def test_a_single_month_governs_its_own_sentence_and_one_that_goes_on_with_it():
    text = ("今年前三季度，全省新增减税降费862.4亿元。9月份当月，全省新增减税降费96.8亿元，环比下降4.2%。"
            "其中，制造业受益31.2亿元。分地区看，岚城市新增减税降费218.7亿元。")
    periods = {r.text: r.period for r in policyx.extract(text)}
    assert periods["96.8亿元"] == periods["31.2亿元"] == "9月份"
    assert periods["218.7亿元"] == "今年前三季度"


def test_past_year_and_season_phrases_are_periods():
    records = policyx.extract("2025年工作回顾\n\n过去一年，全县新建学校3所。\n\n今冬全市集中供热面积达到2.86亿平方米。\n\n新增学位5400个。")
    periods = {r.text: r.period for r in records}
    assert periods["3所"] == "过去一年"
    assert periods["2.86亿平方米"] == "今冬"


def test_months_in_brackets_spelling_out_a_quarter_are_not_its_period():
    records = policyx.extract("2026年第三季（7月至9月）失業率為1.9%，較上季下降0.1個百分點。")
    assert {r.period for r in records} == {"第三季"}


def test_a_taiwan_year_without_its_era_is_a_period():
    records = policyx.extract("114年全市平均每戶可支配所得118.6萬元，年增2.9%。")
    assert {r.period for r in records} == {"114年"}


def test_a_headline_without_a_period_takes_the_one_framing_the_lead():
    text = "澜江市新供热季启动 集中供热面积达2.86亿平方米\n\n今冬全市集中供热面积达到2.86亿平方米，较上一供热季增加1200万平方米。\n"
    records = policyx.extract(text)
    assert records[0].period == "今冬"
    alone = policyx.extract("澜江市集中供热面积达2.86亿平方米\n\n全市热源厂31座。\n\n今年新建管网216公里。\n")
    assert alone[0].period is None


def test_a_label_before_a_colon_names_the_metric_unless_it_names_a_speaker():
    assert [r.metric for r in policyx.extract("- **营业收入**：428.6亿元，同比增长5.2%")] == ["营业收入", "营业收入"]
    assert policyx.extract("主计总处：10月失业率3.36%")[0].metric == "失业率"


def test_a_spoken_rate_with_no_growth_word_goes_on_with_the_growth_before_it():
    text = ("前三季度增长是百分之五点二，我觉得全年百分之五左右问题不大。"
            "制造业投资还是两位数增长，高技术制造业投资更快，差不多百分之十五。"
            "居民人均可支配收入名义增长百分之五点三，农村居民快一些，百分之六出头。")
    kinds = {r.text: r.kind for r in policyx.extract(text)}
    assert kinds["百分之五左右"] == "growth"
    assert kinds["差不多百分之十五"] == "growth"
    assert kinds["百分之六出头"] == "growth"


def test_a_plans_section_of_facts_is_actual_and_its_goals_stay_targets():
    text = ("青溪县农村公路养护提质三年行动实施方案\n\n一、工作目标\n\n到2027年，全县新改建农村公路300公里。\n\n"
            "二、现状\n\n全县农村公路总里程1846公里，危桥11座。\n\n三、保障措施\n\n每年安排养护资金300万元。\n")
    status = {r.text: r.status for r in policyx.extract(text)}
    assert status["300公里"] == "target"
    assert status["1846公里"] == "actual" and status["11座"] == "actual"
    assert status["300万元"] == "target"


def test_a_share_of_a_goal_reached_is_actual():
    r = next(r for r in policyx.extract("今冬计划储煤50万吨，目前已储煤56万吨，达到计划储备量的112%。") if r.text == "112%")
    assert r.status == "actual"


def test_a_period_opening_a_question_governs_the_answer_only():
    text = ("记者：去年卖了多少？\n老蒙：网上卖了八百来斤。\n记者：明年有啥打算？\n"
            "老蒙：想再添五十箱，包邮卖九十九。\n记者：家里几口人帮忙？\n老蒙：请个帮工一个月四千五。\n")
    periods = {r.text: r.period for r in policyx.extract(text)}
    assert periods["八百来斤"] == "去年"
    assert periods["五十箱"] == "明年" and periods["九十九"] == "明年"
    assert periods["四千五"] != "明年"


def test_a_question_period_does_not_become_the_documents():
    text = ("问：今年以来外贸形势如何？\n\n答：据海关统计，1—11月全省出口8426.3亿元，增长7.8%。\n\n"
            "问：结构有哪些变化？\n\n答：机电产品出口5213.7亿元，增长9.5%。\n")
    periods = {r.text: r.period for r in policyx.extract(text)}
    assert periods["8426.3亿元"] == "1—11月"
    assert periods["5213.7亿元"] == "1—11月"


def test_a_real_growth_after_taking_out_prices_keeps_the_metric():
    text = "全年居民人均可支配收入41314元，比上年名义增长5.3%，扣除价格因素实际增长5.1%。"
    metrics = {r.text: r.metric for r in policyx.extract(text)}
    assert metrics["5.1%"] == metrics["5.3%"] == "居民人均可支配收入"


def test_a_change_against_the_year_before_last_is_yoy_for_a_figure_of_last_year_only():
    assert find("老蒙：去年比前年多了两成，今年还行。", "两成").basis == "yoy"
    assert find("老蒙：今年比前年多了两成。", "两成").basis is None


def test_a_spoken_guess_with_a_modal_is_a_forecast_but_a_provisional_estimate_is_a_fact():
    assert find("老周：今年估计能到三百台上下。", "三百台上下").status == "forecast"
    assert find("十月零售业总销货价值的临时估计为318亿港元。", "318亿港元").status == "actual"


def test_an_estimate_of_what_will_happen_is_a_forecast_but_one_of_todays_price_is_a_fact():
    text = "劳动部估计，月薪调整将使约231万名劳工受惠，雇主每年将增加人事成本约172亿元。"
    assert find(text, "约231万名").status == "forecast"
    assert find(text, "约172亿元").status == "forecast"
    assert find("业者估计，鸡蛋每颗零售约4.7元。", "约4.7元").status == "actual"
    assert find("根据预先估计，第三季本地生产总值实质按年增长3.4%。", "3.4%").status == "actual"


def test_what_a_platform_takes_is_a_fee_not_a_plan():
    assert find("谢秀兰：七成是网上订的，平台要抽一成五的佣金。", "一成五").status == "actual"


def test_wanting_to_add_or_expand_is_a_plan():
    assert find("刘大哥：想再扩个三亩，种点黄桃。", "三亩").status == "target"


def test_a_taiwan_news_day_on_which_something_was_announced_is_no_period():
    assert find("台电昨（28）日宣布，住宅用电平均每度电价调涨3%。", "3%").period is None


def test_a_year_that_dates_a_thing_or_bounds_a_class_is_no_period():
    text = "今年全市改造老旧小区286个。\n\n改造的小区中，建成于2000年以前的有193个，加装电梯412部。"
    assert find(text, "412部").period == "今年"
    text = "2026年全市共开工改造2000年底前建成的老旧小区386个，涉及居民4.12万户。"
    assert find(text, "386个").period == "2026年"
    assert find(text, "4.12万户").period == "2026年"


def test_a_starting_point_does_not_stop_a_later_lead_period_from_governing_the_next_paragraph():
    text = ("本报讯（记者 罗晓岚）岚城市第一人民医院自2025年12月起对口支援县医院，12月5日召开总结会。记者从会上获悉，截至11月底，"
            "市一院派出专家38名。\n\n专家团队累计接诊门诊患者21360人次。")
    assert find(text, "21360人次").period == "截至11月底"


def test_a_previous_release_named_in_brackets_is_no_period_and_the_change_keeps_the_rate_metric():
    text = "2026年9月至11月经季节性调整的失业率为3.6%，与上一期（2026年8月至10月）比较下跌0.1个百分点。"
    record = find(text, "0.1个百分点")
    assert (record.period, record.metric) == ("2026年9月至11月", "失业率")


@pytest.mark.parametrize("text", [
    "2026年8月至10月总体失业率为1.7%，与上一期（7月至9月）相同；本地居民失业率为2.3%。",
    "2026年8月至10月总体失业率为1.7%，较上一期（7月至9月）持平；本地居民失业率为2.3%。",
])
def test_a_previous_release_in_brackets_gives_no_period_to_the_figures_after_it(text):
    assert find(text, "2.3%").period == "2026年8月至10月"


def test_a_month_range_compared_with_gives_no_period_to_the_figures_after_it():
    text = "2026年8月至10月澳门总体失业率为1.7%，与7月至9月相同；本地居民失业率为2.3%。"
    assert find(text, "2.3%").period == "2026年8月至10月"


def test_a_comparison_with_last_year_is_no_part_of_the_metric():
    assert find("工业增加值与去年同期相比增长5%。", "5%").metric == "工业增加值"


def test_a_headline_in_two_parts_takes_the_metric_from_the_part_with_the_figure():
    assert find("枫川市体育中心正式开放 首周接待市民超12万人次", "超12万人次").metric == "接待市民"
    assert find("澜东电网最高用电负荷再创历史新高 首次突破1.5亿千瓦", "突破1.5亿千瓦").metric == "澜东电网最高用电负荷"


def test_a_period_right_after_the_source_of_a_sentence_opens_it_and_carries_on():
    text = "本届赛事共吸引参赛选手860人。\n\n据县文旅局统计，赛事期间现场观众约4.6万人次。赛事带动消费1260余万元。"
    assert find(text, "约4.6万人次").period == "赛事期间"
    assert find(text, "1260余万元").period == "赛事期间"


def test_a_report_period_opening_a_clause_is_written_after_the_period_it_names():
    text = "11月份，公司销售额38亿元。\n\n当月新开工项目9个。"
    assert find(text, "9个").period == "11月份当月"
    text = "机管局公布截至9月30日止六个月的中期业绩。期内，机管局收入为168.5亿港元。"
    assert find(text, "168.5亿港元").period.endswith("期内")
    assert find("地铁3号线开通首月，累计客运量达512万人次。", "512万人次").period == "开通首月"


def test_a_reports_own_quarter_now_and_seasons_are_periods():
    assert find("公司本季度回购股票1200万股。", "1200万股").period == "本季度"
    assert find("暑期（7月1日至8月31日）全市共接待游客860万人次。", "860万人次").period == "暑期"
    assert find("现时共有1,086名雇员。", "1,086名").period == "现时"
    assert find("小周：以前超时一单扣五块。", "五块").period == "以前"


def test_a_year_that_starts_a_record_is_no_period_of_a_rank_against_it():
    record = find("2026年全省平均气温18.2℃，为1961年有完整气象记录以来第三高。", "第三")
    assert (record.period, record.metric) == ("2026年", "平均气温")


def test_the_shipped_period_patterns_are_searched_branch_by_branch():
    """A period pattern the prefilter cannot split silently makes every document's
    period search one large alternation, several times slower: keep them splittable."""
    from policyx.context import context_data
    from policyx.prefilter import FirstOf

    assert isinstance(context_data().period, FirstOf)
