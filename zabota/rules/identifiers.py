"""Check digits of Russian personal and organisation identifiers.

СНИЛС: Положение о порядке присвоения страхового номера индивидуального лицевого счёта
(regulations.md §6.1): weights 9..1 over the first nine digits; a sum under 100 is the control,
100 and 101 give 00, above 101 take the remainder of division by 101 (100 again giving 00).
Numbers up to 001-001-998 were issued before the check existed and carry none.

ИНН: Приказ ФНС России от 29.06.2012 № ММВ-7-6/435@ (regulations.md §6.2): weighted sums
modulo 11 modulo 10; one check digit for organisations (10 digits), two for people (12).
КПП, by the same order: 9 characters — the tax office's code (4 digits), the reason of the
registration (2 digits or capital Latin letters A–Z), a sequence number (3 digits); it carries no
check digit.

БИК and bank accounts: «Порядок расчета контрольного ключа в номере лицевого счета» (утв. Банком
России 08.09.1997 № 515). A БИК is 9 digits. The 9th digit of a 20-digit account is a key over 23
digits: the «conditional number» of the place the account is kept followed by the account with
the key taken as 0, weighted 7, 1, 3, 7, 1, 3, …; the last digits of the products are summed and
the last digit of the sum × 3 gives the key — so with the right key the sum ends in 0 (п. 3–6).
The conditional number is the 7th–9th digits of the БИК for an account in a credit
institution, "0" and the 5th–6th digits for one in a settlement centre of the Bank of Russia
(РКЦ) — a bank's correspondent account is always one (examples 1–3 of its appendix are our
tests). A 6th character that is a letter (А В С Е Н К М Р Т Х, a clearing currency) counts as
the digit 0…9 in that order (п. 8). Our choices, not confirmed there: a БИК ending 000, 001 or
002 is taken as the Bank of Russia's own (РКЦ rule), and the treasury accounts of the Federal
Treasury (starting with 03, kept since 2021 by its territorial bodies, ТОФК) are not checked:
their key does not follow the rule with either conditional number in the examples found.
"""

import re

_SNILS_SEPARATORS = re.compile(r"[\s\-]")
_SNILS_WITHOUT_CHECK_UP_TO = 1_001_998

_INN10_WEIGHTS = (2, 4, 10, 3, 5, 9, 4, 6, 8)
_INN11_WEIGHTS = (7, 2, 4, 10, 3, 5, 9, 4, 6, 8)
_INN12_WEIGHTS = (3, 7, 2, 4, 10, 3, 5, 9, 4, 6, 8)


def snils_digits(value: str) -> str:
    """The eleven digits of a СНИЛС written with or without dashes and spaces."""
    return _SNILS_SEPARATORS.sub("", value or "")


def snils_check(number: str) -> int:
    """The control number (0..99) for the nine-digit body of a СНИЛС."""
    total = sum(int(digit) * weight for digit, weight in zip(number, range(9, 0, -1), strict=True))
    if total > 101:
        total %= 101
    return 0 if total in (100, 101) else total


def snils_is_valid(value: str) -> bool:
    digits = snils_digits(value)
    if not re.fullmatch(r"\d{11}", digits):
        return False
    body, control = digits[:9], int(digits[9:])
    if int(body) <= _SNILS_WITHOUT_CHECK_UP_TO:
        return True
    return snils_check(body) == control


def snils_format(value: str) -> str:
    """«112-233-445 95», the way the number is printed on the card; other input unchanged."""
    digits = snils_digits(value)
    if not re.fullmatch(r"\d{11}", digits):
        return value
    return f"{digits[:3]}-{digits[3:6]}-{digits[6:9]} {digits[9:]}"


_PHONE_TYPED = re.compile(r"[\d\s()+\-.]+", re.ASCII)


def phone_format(value: str) -> str:
    """A Russian number as «+7 (XXX) XXX-XX-XX», however it was typed: 10 digits, or 11
    starting with 7 or 8 (the trunk prefix), with any spaces, brackets, dots or dashes. Anything
    else — a short local number, «доб. 12», a foreign number — is kept as typed (stripped)."""
    text = (value or "").strip()
    if not _PHONE_TYPED.fullmatch(text):
        return text
    digits = re.sub(r"\D", "", text, flags=re.ASCII)
    if len(digits) == 11 and digits[0] in "78" and not (text.startswith("+") and digits[0] == "8"):
        digits = digits[1:]
    elif len(digits) != 10 or text.startswith("+"):
        return text
    return f"+7 ({digits[:3]}) {digits[3:6]}-{digits[6:8]}-{digits[8:]}"


def _inn_digit(digits: str, weights: tuple[int, ...]) -> int:
    return sum(int(d) * w for d, w in zip(digits, weights, strict=False)) % 11 % 10


def inn_is_valid(value: str) -> bool:
    digits = (value or "").strip()
    if re.fullmatch(r"\d{10}", digits):
        return _inn_digit(digits[:9], _INN10_WEIGHTS) == int(digits[9])
    if re.fullmatch(r"\d{12}", digits):
        return _inn_digit(digits[:10], _INN11_WEIGHTS) == int(digits[10]) and _inn_digit(
            digits[:11], _INN12_WEIGHTS
        ) == int(digits[11])
    return False


_KPP = re.compile(r"\d{4}[\dA-Z]{2}\d{3}")
_ACCOUNT = re.compile(r"\d{5}[\dАВСЕНКМРТХ]\d{14}")
_CURRENCY_LETTERS = "АВСЕНКМРТХ"
_ACCOUNT_WEIGHTS = ((7, 1, 3) * 8)[:23]
# The Bank of Russia's own БИК endings (its settlement centres and main offices) [our choice].
_BANK_OF_RUSSIA_ENDINGS = ("000", "001", "002")
_TREASURY_PREFIX = "03"


def kpp_is_valid(value: str) -> bool:
    return bool(_KPP.fullmatch((value or "").strip()))


def bic_is_valid(value: str) -> bool:
    return bool(re.fullmatch(r"\d{9}", (value or "").strip()))


def _account_key_holds(conditional: str, account: str) -> bool:
    sixth = account[5]
    if sixth in _CURRENCY_LETTERS:
        sixth = str(_CURRENCY_LETTERS.index(sixth))
    digits = conditional + account[:5] + sixth + account[6:]
    total = sum(int(d) * w % 10 for d, w in zip(digits, _ACCOUNT_WEIGHTS, strict=True))
    return total % 10 == 0


def account_is_valid(account: str, bic: str) -> bool:
    """A settlement (or personal) account of 20 characters whose control key holds against
    the БИК of the bank that keeps it; a treasury account (03…) is checked for its form only."""
    account, bic = (account or "").strip(), (bic or "").strip()
    if not _ACCOUNT.fullmatch(account) or not bic_is_valid(bic):
        return False
    if account.startswith(_TREASURY_PREFIX):
        return True
    if bic[6:] in _BANK_OF_RUSSIA_ENDINGS:
        return _account_key_holds("0" + bic[4:6], account)
    return _account_key_holds(bic[6:], account)


def correspondent_account_is_valid(account: str, bic: str) -> bool:
    """A bank's correspondent account (301…, or the treasury's single account 40102…): kept by
    the Bank of Russia, so its key is checked with "0" and the 5th–6th digits of the БИК."""
    account, bic = (account or "").strip(), (bic or "").strip()
    if not _ACCOUNT.fullmatch(account) or not bic_is_valid(bic):
        return False
    return _account_key_holds("0" + bic[4:6], account)
