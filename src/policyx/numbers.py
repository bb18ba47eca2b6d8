"""Parsing the number forms of SPEC section 1 into exact Decimals.

Arabic (1,234.5), Chinese numerals (三千五百, 两, 一百零五, 二〇二三), mixed forms
(1.2万亿, 3千万), percent words (百分之五十) and fractions (七分之一). Values stay
Decimal end to end so 6022.9亿 is exactly 602290000000.
"""
from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import lru_cache

from .resources import load_table


class NumberError(ValueError):
    """Text that is not a number in any supported form."""


MAX_DIGITS = 24
"""Longest digit string read as a number. Real indicators stay far below it; a
longer run (a serial number, an ID, garbage) would lose exactness in Decimal's
28-digit context and overflow JSON writers, so it is not a number."""


def _check_digits(digits: str, text: str) -> None:
    if len(digits) > MAX_DIGITS:
        raise NumberError(f"more than {MAX_DIGITS} digits: {text[:40]!r}")


@dataclass(frozen=True)
class Numerals:
    digits: dict[str, int]
    small: dict[str, int]
    big: dict[str, int]
    points: frozenset[str]
    latin: dict[str, int]

    @property
    def chars(self) -> str:
        return "".join(self.digits) + "".join(self.small) + "".join(self.big)


@lru_cache(maxsize=1)
def numerals() -> Numerals:
    t = load_table("numerals")
    return Numerals(dict(t["digits"]), dict(t["small_units"]), dict(t["big_units"]),
                    frozenset(t.get("decimal_points") or ()), dict(t.get("latin_magnitudes") or {}))


def magnitude(word: str | None) -> Decimal:
    """The multiplier of a magnitude word: 万 → 10^4, 万亿 → 10^12, 千万 → 10^7, bn → 10^9."""
    if not word:
        return Decimal(1)
    n = numerals()
    if word in n.latin:
        return Decimal(n.latin[word])
    result = Decimal(1)
    for ch in word:
        factor = n.small.get(ch) or n.big.get(ch)
        if factor is None:
            raise NumberError(f"not a magnitude word: {word!r}")
        result *= factor
    return result


def parse_chinese(text: str) -> Decimal:
    """A Chinese numeral: 两 → 2, 十二 → 12, 一百零五 → 105, 三千五百万 → 35000000,
    一万亿 → 10^12, 二点五 → 2.5. Sections split at the largest section unit (兆, 亿, 万) present."""
    n = numerals()
    if not text:
        raise NumberError("empty numeral")
    point = next((i for i, ch in enumerate(text) if ch in n.points), -1)
    if point >= 0:
        return _chinese_decimal(text, point, n)
    if any(ch not in n.digits and ch not in n.small and ch not in n.big for ch in text):
        raise NumberError(f"not a Chinese numeral: {text!r}")
    if len(text) > 1 and all(ch in n.digits for ch in text):
        _check_digits(text, text)
        return Decimal("".join(str(n.digits[ch]) for ch in text))
    return Decimal(_chinese_value(text, n))


def spoken_range(text: str) -> tuple[str, str] | None:
    """The two numerals of a spoken range written with neighbouring digits:
    六七十 → (六十, 七十), 十五六 → (十五, 十六), 一千二三百 → (一千二百, 一千三百),
    两三 → (两, 三), and the idiom 三五千 → (三千, 五千). None for any other numeral,
    for digit-by-digit numbers of three or more digits (二〇二三) and for digits
    after a decimal point."""
    n = numerals()
    whole = text
    for point in n.points:
        whole = whole.split(point, 1)[0]
    if len(whole) != len(text) or (len(text) > 2 and all(ch in n.digits for ch in text)):
        return None
    for i in range(len(text) - 1):
        low, high = n.digits.get(text[i]), n.digits.get(text[i + 1])
        if low and high and (high == low + 1 or (low, high) == (3, 5)) and text[i] not in "首翻":
            return text[:i + 1] + text[i + 2:], text[:i] + text[i + 1:]
    return None


def _chinese_decimal(text: str, point: int, n: Numerals) -> Decimal:
    """二点五 → 2.5, 六十二点零五 → 62.05: a whole numeral, then digits one by one."""
    whole, tail = text[:point], text[point + 1:]
    if not whole or not tail or any(ch not in n.digits for ch in tail):
        raise NumberError(f"not a Chinese decimal: {text!r}")
    _check_digits(tail, text)
    return parse_chinese(whole) + Decimal("0." + "".join(str(n.digits[ch]) for ch in tail))


def _chinese_value(text: str, n: Numerals) -> int:
    """A whole numeral; a lone digit after a section unit counts in the unit below
    it, as speech and the press say it: 一万四 → 14000, 一亿二 → 120000000
    (一万零四 is 10004)."""
    for unit, factor in sorted(n.big.items(), key=lambda kv: -kv[1]):
        at = text.rfind(unit)
        if at >= 0:
            high = _chinese_value(text[:at], n) if text[:at] else 1
            low_text = text[at + 1:]
            if len(low_text) == 1 and low_text in n.digits:
                return high * factor + n.digits[low_text] * factor // 10
            low = _chinese_value(low_text, n) if low_text else 0
            return high * factor + low
    return _section_value(text, n)


def _section_value(text: str, n: Numerals) -> int:
    """A numeral below 万: 三千五百 → 3500, 十二 → 12, 一百零五 → 105; a lone digit
    after 百 or 千 counts in the unit below it: 七千二 → 7200, 三百五 → 350."""
    if len(text) >= 2 and text[-1] in n.digits and n.small.get(text[-2], 0) >= 100:
        return _section_value(text[:-1], n) + n.digits[text[-1]] * n.small[text[-2]] // 10
    total = 0
    digit: int | None = None
    last_unit = 0
    for ch in text:
        if ch in n.digits:
            if digit:
                raise NumberError(f"two digits in a row in {text!r}: a spoken range (两千七八) or two numbers (三十五一斤)")
            digit = n.digits[ch]
        else:
            unit = n.small[ch]
            if last_unit and unit >= last_unit:
                raise NumberError(f"{ch} after a smaller or equal unit in {text!r}: the 千 of 千瓦 is no part of 四百八十")
            total += (1 if digit is None else digit) * unit
            digit, last_unit = None, unit
    return total + (digit or 0)


def parse_arabic(text: str) -> Decimal:
    cleaned = text.replace(",", "").replace(" ", "").replace("\u00a0", "")
    _check_digits(cleaned.replace(".", "").lstrip("0"), text)
    try:
        value = Decimal(cleaned)
    except InvalidOperation:
        raise NumberError(f"not a number: {text!r}") from None
    if not value.is_finite():
        raise NumberError(f"not a finite number: {text!r}")
    return value


def parse_number(text: str) -> Decimal:
    """Any plain number form: Arabic, Chinese, or Arabic followed by Chinese units,
    with an optional leading minus (增长-10.3%, 自然增长率为-0.99‰, 回报率为负1.4%).

    Percent words and fractions are handled by :func:`parse_fraction`.
    """
    text = text.strip()
    if not text:
        raise NumberError("empty number")
    if text[0] in "-负" and text[1:2] not in ("", "-", "负"):
        return -parse_number(text[1:])
    if "成" in text:
        return _tenths_value(text)
    if "米" in text:
        return _metre_tenths_value(text)
    if "块" in text or "毛" in text or _is_fen(text):
        return _yuan_jiao_value(text)
    head = 0
    while head < len(text) and (text[head].isdigit() or text[head] in ".,"):
        head += 1
    if head == len(text):
        return parse_arabic(text)
    if head == 0:
        return _bounded(parse_chinese(text), text)
    if any(ch.isdigit() for ch in text[head:]):
        return _bounded(_sections_value(text), text)
    return _bounded(parse_arabic(text[:head]) * magnitude(text[head:]), text)


def scaled_number(num: str, mag: str | None) -> Decimal:
    """``num`` times the magnitude word after it, except that a Chinese numeral
    whose last section unit is larger than the magnitude reads on into it:
    一百六十三亿五千 + 万 is 163亿5000万, not (163亿5000) × 万."""
    if mag and num and not num[0].isdigit():
        n = numerals()
        units = [n.big[ch] for ch in num if ch in n.big]
        if units and units[-1] > magnitude(mag):
            return parse_number(num + mag)
    return parse_number(num) * magnitude(mag)


HALF = "半"


def _tenths_value(text: str) -> Decimal:
    """七成六 → 7.6, 一成半 → 1.5 (the 成 unit then makes it 76%, 15%): the press's
    tenths and hundredths."""
    whole, _, tenth = text.partition("成")
    if not whole or not tenth or "成" in tenth:
        raise NumberError(f"not a tenths number: {text!r}")
    if tenth == HALF:
        return parse_number(whole) + Decimal("0.5")
    return parse_number(whole) + parse_number(tenth) / 10


def _metre_tenths_value(text: str) -> Decimal:
    """Spoken metres and tenths: 一米八 → 1.8, 三米二 → 3.2."""
    whole, _, tenth = text.partition("米")
    if not whole or len(tenth) != 1:
        raise NumberError(f"not a spoken length in metres: {text!r}")
    return parse_chinese(whole) + parse_chinese(tenth) / 10


def _is_fen(text: str) -> bool:
    """A lone digit and 分, the fen of 三分钱."""
    return len(text) == 2 and text.endswith("分")


def _yuan_jiao_value(text: str) -> Decimal:
    """Spoken yuan, jiao and fen: 两块五 → 2.5, 一块二毛八 → 1.28, 五毛 → 0.5,
    三分 → 0.03 (a digit after 块 is jiao, a digit after 毛 is fen); 一块 → 1, the
    upper end of 五毛到一块."""
    if _is_fen(text):
        return parse_chinese(text[0]) / 100
    yuan, _, rest = text.partition("块") if "块" in text else ("", "", text)
    if yuan and not rest:
        return parse_chinese(yuan)
    jiao, _, fen = rest.partition("毛")
    if not jiao:
        raise NumberError(f"not a spoken amount in yuan and jiao: {text!r}")
    value = (parse_chinese(yuan) if yuan else Decimal(0)) + parse_chinese(jiao) / 10
    return value + (parse_chinese(fen) / 100 if fen else 0)


def _sections_value(text: str) -> Decimal:
    """Arabic sections with falling units between them: 3万2,156 → 32156,
    1亿2000万 → 120000000, 3万2千 → 32000."""
    total = Decimal(0)
    previous: Decimal | None = None
    at = 0
    while at < len(text):
        end = at
        while end < len(text) and (text[end].isdigit() or text[end] in ".,"):
            end += 1
        word_end = end
        while word_end < len(text) and not text[word_end].isdigit():
            word_end += 1
        if end == at:
            raise NumberError(f"not a number: {text!r}")
        factor = magnitude(text[end:word_end])
        if previous is not None and factor >= previous:
            raise NumberError(f"units out of order: {text!r}")
        total += parse_arabic(text[at:end]) * factor
        previous, at = factor, word_end
    return total


def _bounded(value: Decimal, text: str) -> Decimal:
    """``value``, unless it has more than MAX_DIGITS + 12 integer digits (一万亿亿亿…)."""
    if value and value.adjusted() >= MAX_DIGITS + 12:
        raise NumberError(f"too large to be an indicator: {text[:40]!r}")
    return value


def parse_fraction(text: str) -> Decimal | None:
    """百分之五十 → 50, 七分之一 → 14.2857…, 千分之五 → 0.5, 1/3 → 33.33…: the value in percent.

    Returns None when the text is not a fraction form.
    """
    if "分之" in text:
        denominator, numerator = text.split("分之", 1)
    elif "/" in text:
        numerator, denominator = text.split("/", 1)
    else:
        return None
    den = parse_number(denominator)
    num = parse_number(numerator)
    if den == 0:
        raise NumberError(f"zero denominator: {text!r}")
    return num * 100 / den
