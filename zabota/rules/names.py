"""Declension of Russian full names (ФИО) for contracts, acts and letters.

Why a hybrid of two libraries:

* pymorphy3 is exact for every word in its dictionary (OpenCorpora): it knows that
  "Ильич" gives "Ильичом", that "Никита" declines, that "Белых" is indeclinable and that
  "Лев" loses its vowel ("Льва"). It has no reading at all for many real surnames
  (Гусь, Соловей, Мельник, Голубь, Долгих).
* petrovich is rule-based, so it declines any surname, but it has known errors
  ("Никита" left unchanged, "Ильичем", "Долгиха", ё lost).

So every word goes through fixed grammar rules first (indeclinable surnames), then
pymorphy3, then petrovich with guards for its known errors, and finally is returned
unchanged rather than crashing a bulk document run.

The result is still a heuristic. Legal documents must store the declined forms on the
recipient's record, pre-filled by this module, so that staff can correct them; a document
must never depend on this code alone.

Pure Python: no Django import here.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Literal

from petrovich.enums import Case as PetrovichCase
from petrovich.enums import Gender as PetrovichGender
from petrovich.main import Petrovich
from pymorphy3 import MorphAnalyzer

MALE = "male"
FEMALE = "female"
GENDERS = (MALE, FEMALE)

# OpenCorpora case names, as used by pymorphy3.
CASES = ("nomn", "gent", "datv", "accs", "ablt", "loct")

Role = Literal["surname", "name", "patronymic"]

_PYMORPHY_ROLE: dict[Role, str] = {"surname": "Surn", "name": "Name", "patronymic": "Patr"}
_PYMORPHY_GENDER = {MALE: "masc", FEMALE: "femn"}
# pymorphy3 marks words that serve both genders (Шевченко, Саша) as "ms-f".
_COMMON_GENDER = "ms-f"

_PETROVICH_CASE = {
    "gent": PetrovichCase.GENITIVE,
    "datv": PetrovichCase.DATIVE,
    "accs": PetrovichCase.ACCUSATIVE,
    "ablt": PetrovichCase.INSTRUMENTAL,
    "loct": PetrovichCase.PREPOSITIONAL,
}
_PETROVICH_GENDER = {MALE: PetrovichGender.MALE, FEMALE: PetrovichGender.FEMALE}

# Turkic patronymics are written as two words ("Ильдар оглы", "Гасан кызы"). In Russian
# documents the whole patronymic stays undeclined: "Ахмедову Рустаму Ильдар оглы".
_TURKIC_MALE = ("оглы", "оглу", "улы", "уулу")
_TURKIC_FEMALE = ("кызы", "гызы")
_TURKIC_MARKERS = frozenset(_TURKIC_MALE + _TURKIC_FEMALE)

_VOWELS = frozenset("аеёиоуыэюя")
# Consonant letters plus the signs: a word ending in any of them ends "in a consonant"
# for the purpose of the surname rules (Ким, Гусь, Соловей).
_CONSONANT_ENDINGS = frozenset("бвгджзйклмнпрстфхцчшщъь")
_CYRILLIC_WORD = re.compile(r"[а-яё]+")
_AFTER_VELAR_OR_SIBILANT_Y = re.compile(r"(?<=[гкхжчшщ])ы$")

# First parts of compound surnames that never decline: Бонч-Бруевича, Тер-Петросяну.
# petrovich has this list too but ignores it whenever a gender is given.
_INDECLINABLE_COMPOUND_PREFIXES = frozenset(
    {"бонч", "тер", "мелик", "корвин", "книппер", "ван", "фон", "абдул", "шолом", "гасан"}
)

# Patronymics in -ич stressed on the ending take "-ом" in the instrumental (Ильичом);
# petrovich writes "-ем" for all of them. Unstressed ones (Петровичем, Никитичем) keep "-ем".
_STRESSED_ICH_PATRONYMICS = frozenset({"ильич", "кузьмич", "лукич", "фомич"})


@lru_cache(maxsize=1)
def _morph() -> MorphAnalyzer:
    # Loading the dictionaries takes a noticeable fraction of a second: do it once, lazily,
    # so importing this module stays cheap for code that never declines a name.
    return MorphAnalyzer()


@lru_cache(maxsize=1)
def _petrovich() -> Petrovich:
    return Petrovich()


def _check_case(case: str) -> None:
    if case not in CASES:
        raise ValueError(f"Unknown grammatical case {case!r}; expected one of {', '.join(CASES)}")


def _check_gender(gender: str | None) -> None:
    if gender is not None and gender not in GENDERS:
        raise ValueError(f"Unknown gender {gender!r}; expected 'male', 'female' or None")


def _split(full_name: str) -> list[tuple[str, Role]]:
    """Split "Фамилия Имя Отчество" into words tagged with their role."""
    words = full_name.split()
    turkic = len(words) >= 3 and words[-1].lower() in _TURKIC_MARKERS
    if turkic:
        words[-2:] = [f"{words[-2]} {words[-1]}"]
    parts: list[tuple[str, Role]] = []
    last = len(words) - 1
    for index, word in enumerate(words):
        role: Role
        if index == 0:
            role = "surname"
        elif index == last and (index >= 2 or turkic):
            role = "patronymic"
        else:
            # Two-word names and foreign-style names without a patronymic land here.
            role = "name"
        parts.append((word, role))
    return parts


def _gender_from_patronymic(patronymic: str) -> str | None:
    lower = patronymic.lower().replace("ё", "е")
    if lower.endswith(("вна", "чна")) or lower.endswith(_TURKIC_FEMALE):
        return FEMALE
    if lower.endswith("ич") or lower.endswith(_TURKIC_MALE):
        return MALE
    return None


@lru_cache(maxsize=4096)
def _gender_from_dictionary(word: str, grammeme: str) -> str | None:
    """The gender pymorphy3 gives a name or surname in the nominative, if unambiguous."""
    genders = {
        parse.tag.gender
        for parse in _morph().parse(word)
        if grammeme in parse.tag and "nomn" in parse.tag and "sing" in parse.tag
    }
    # "Ким" is both a man's and a woman's surname, "Саша" is ms-f: no guess then.
    if genders == {"masc"}:
        return MALE
    if genders == {"femn"}:
        return FEMALE
    return None


def infer_gender(full_name: str) -> str | None:
    """Return "male", "female" or None when the name gives no reliable hint.

    The patronymic is the surest sign; then the first name; then the surname when its
    nominative exists for one gender only (Иванова, but not Ким or Шевченко).
    """
    parts = _split(full_name)
    for word, role in parts:
        if role == "patronymic" and (gender := _gender_from_patronymic(word)):
            return gender
    for word, role in parts:
        if role == "name":
            gender = _gender_from_dictionary(word.split("-")[0].lower(), "Name")
            if gender:
                return gender
    if parts:
        return _gender_from_dictionary(parts[0][0].split("-")[0].lower(), "Surn")
    return None


def _is_indeclinable_surname(lower: str, gender: str) -> bool:
    # Russian surnames from old genitive plurals never decline: Долгих, Белых, Черных.
    # German "-рих" (Дитрих) is a different word and declines for a man.
    if lower.endswith(("ых", "их")) and not lower.endswith("рих"):
        return True
    # Any surname ending in a vowel other than а/я is indeclinable:
    # Шевченко, Дурново, Живаго, Гёте, Ли.
    if lower[-1] in _VOWELS - {"а", "я"}:
        return True
    # -а after a vowel is indeclinable too: Гамсахурдиа, Моруа, Галуа.
    if lower[-1] == "а" and len(lower) > 1 and lower[-2] in _VOWELS:
        return True
    # A woman's surname ending in a consonant does not decline (Ким, Гусь, Шмидт); a man's does.
    return gender == FEMALE and lower[-1] in _CONSONANT_ENDINGS


def _inflect_with_pymorphy(lower: str, role: Role, case: str, gender: str) -> str | None:
    grammeme = _PYMORPHY_ROLE[role]
    wanted = _PYMORPHY_GENDER[gender]
    for parse in _morph().parse(lower):
        tag = parse.tag
        if (
            grammeme in tag
            and "nomn" in tag
            and "sing" in tag
            # ms-f words (Саша, Шевченко) have tag.gender None: test the grammeme itself.
            and (wanted in tag or _COMMON_GENDER in tag)
        ):
            form = parse.inflect({case, "sing"})
            if form is not None:
                return form.word
    return None


def _inflect_as_common_noun(lower: str, case: str) -> str | None:
    """Decline a man's surname that is also an animate noun: Гусь → Гуся, Соловей → Соловья.

    pymorphy3 has no surname reading for these, and petrovich misses the fleeting vowel.
    Only dictionary words count: a guessed paradigm is no better than petrovich's rules.
    """
    if lower[-1] not in _CONSONANT_ENDINGS:
        return None
    for parse in _morph().parse(lower):
        tag = parse.tag
        if (
            parse.is_known
            and tag.POS == "NOUN"
            and "anim" in tag
            and tag.gender == "masc"
            and "nomn" in tag
            and "sing" in tag
            and "Fixd" not in tag
        ):
            form = parse.inflect({case, "sing"})
            if form is not None:
                return form.word
    return None


def _inflect_with_petrovich(lower: str, role: Role, case: str, gender: str) -> str:
    petrovich = _petrovich()
    method = {
        "surname": petrovich.lastname,
        "name": petrovich.firstname,
        "patronymic": petrovich.middlename,
    }[role]
    # petrovich skips its "androgynous" rules whenever a gender is given, which is why it
    # leaves "Никита" or "Окуджава" unchanged. Ask again without a gender in that case.
    for petrovich_gender in (_PETROVICH_GENDER[gender], PetrovichGender.ANDRGN):
        try:
            result = method(lower, _PETROVICH_CASE[case], petrovich_gender)
        except Exception:  # a bulk run of documents must not stop on one odd name
            return lower
        # Its exception lists mark indeclinable words with ".", which it appends verbatim
        # ("гусь."): the word is meant to stay as it is.
        if "." in result:
            return lower
        if result != lower:
            # Its androgynous "-а → -ы" rule ignores the spelling rule "жи-ши": Саша → Саши.
            return _AFTER_VELAR_OR_SIBILANT_Y.sub("и", result)
    return lower


def _keep_stem_spelling(original: str, declined: str) -> str:
    """Do not add ё to the stem where the given spelling has е.

    pymorphy3 returns "Семёнова" for "Семенов"; a document must keep the spelling of the
    passport. Changes in the ending (Ильёй) and the stem changes pymorphy3 knows (Пётр →
    Петра) are kept.
    """
    chars = list(declined)
    for index, (given, produced) in enumerate(zip(original, declined, strict=False)):
        if given == produced or (given == "ё" and produced == "е"):
            continue
        if given == "е" and produced == "ё":
            chars[index] = "е"
            continue
        break
    return "".join(chars)


@lru_cache(maxsize=16384)
def _decline_lower(lower: str, role: Role, case: str, gender: str) -> str:
    """Decline one lowercase word. Cached: the same names recur across thousands of recipients."""
    if not _CYRILLIC_WORD.fullmatch(lower):
        return lower
    if role == "surname" and _is_indeclinable_surname(lower, gender):
        return lower
    declined = _inflect_with_pymorphy(lower, role, case, gender)
    if declined is None and role == "surname" and gender == MALE:
        declined = _inflect_as_common_noun(lower, case)
    if declined is None:
        declined = _inflect_with_petrovich(lower, role, case, gender)
        if role == "patronymic" and case == "ablt" and lower in _STRESSED_ICH_PATRONYMICS:
            declined = lower + "ом"
    return _keep_stem_spelling(lower, declined)


def _match_case(original: str, declined: str) -> str:
    """Give the declined word the capitalisation of the word as it was typed."""
    if original.isupper() and len(original) > 1:
        return declined.upper()
    if original.islower():
        return declined
    if original[:1].isupper() and original[1:].islower():
        return declined[:1].upper() + declined[1:]
    # Mixed case (МакКуин): copy letter by letter; extra letters follow the last one.
    return "".join(
        char.upper() if original[min(index, len(original) - 1)].isupper() else char
        for index, char in enumerate(declined)
    )


def _decline_part(word: str, role: Role, case: str, gender: str) -> str:
    if role == "patronymic" and " " in word:
        return word  # Turkic patronymic ("Ильдар оглы"): indeclinable.
    pieces = word.split("-")
    declined: list[str] = []
    for index, piece in enumerate(pieces):
        lower = piece.lower()
        if not lower or (
            role == "surname"
            and index == 0
            and len(pieces) > 1
            and lower in _INDECLINABLE_COMPOUND_PREFIXES
        ):
            declined.append(piece)
            continue
        declined.append(_match_case(piece, _decline_lower(lower, role, case, gender)))
    return "-".join(declined)


def decline(full_name: str, case: str, gender: str | None = None) -> str:
    """Decline "Фамилия Имя Отчество" into an OpenCorpora case (gent, datv, accs, ablt, loct).

    With no gender given, it is inferred from the name and defaults to male.
    """
    _check_case(case)
    _check_gender(gender)
    parts = _split(full_name)
    if case == "nomn":
        return " ".join(word for word, _ in parts)
    resolved = gender or infer_gender(full_name) or MALE
    return " ".join(_decline_part(word, role, case, resolved) for word, role in parts)


def _initial(word: str) -> str:
    # "Анна-Мария" → "А.-М."; a Turkic patronymic "Ильдар оглы" → "И.".
    return "-".join(f"{piece[:1].upper()}." for piece in word.split()[0].split("-") if piece)


def initials(full_name: str, *, surname_first: bool = True) -> str:
    """ "Иванова Мария Петровна" → "Иванова М. П." (or "М. П. Иванова")."""
    parts = _split(full_name)
    if not parts:
        return ""
    surname = parts[0][0]
    letters = " ".join(_initial(word) for word, _ in parts[1:])
    if not letters:
        return surname
    return f"{surname} {letters}" if surname_first else f"{letters} {surname}"
