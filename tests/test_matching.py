"""Which matches become mentions: names that hold numerals are no figures."""
from __future__ import annotations

import policyx


def test_a_chinese_numeral_inside_a_short_quoted_name_is_no_figure():
    assert policyx.extract("打通农村物流“最后一公里”") == []
    assert [r.text for r in policyx.extract("新增“超过3万家”企业")] == ["超过3万家"]
