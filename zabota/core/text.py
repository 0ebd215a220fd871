"""Text hygiene: which characters a person's text may hold, and how stored text is written out.

Refused at every boundary (forms, imported files, the API), never silently changed: a control
character is invisible on the screen, and a name changed behind the person's back is worse than
a clear message. Refused are the C0 controls U+0000–U+001F (a tab and a line feed are allowed
in a multi-line field), DEL and the C1 controls U+007F–U+009F, and the code points XML 1.0 and
UTF-8 cannot carry (lone surrogates, U+FFFE, U+FFFF): one of them in a name breaks every XLSX,
DOCX and XML file the name goes into. A line break typed in a browser arrives as CR+LF and is
stored as LF.

Writing out is the other way round: whatever is already stored (legacy data, a row written
before this check) is written without failing, a refused character replaced by U+FFFD.

Pure functions, no Django.
"""

import re

# The characters a single-line field refuses; a multi-line one allows \t and \n among them.
_SINGLE_LINE = re.compile("[\x00-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
_MULTI_LINE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
_CELL_WHITESPACE = re.compile("[\t\n\r]")
REPLACEMENT = "\ufffd"
# A spreadsheet program reads a cell starting with one of these as a formula (OWASP: CSV
# injection); a tab or a CR in front hides the sign from a quick look.
FORMULA_SIGNS = ("=", "+", "-", "@", "\t", "\r")
# After «+» or «-» only these: a phone «+7 (900) 123-45-67» or «-5», never a formula that calls
# anything (a formula needs a letter, a quote, «!» or «|» to reach a function or another file).
_NUMBERISH = re.compile(r"[+\-][\d\s().,/+\-]*")
_NAMES = {
    "\t": "табуляция",
    "\n": "перевод строки",
    "\r": "возврат каретки",
    "\x00": "NUL",
}


def normalise_line_ends(value: str) -> str:
    """CR+LF (a browser's line break) and a lone CR (old Mac files) as LF."""
    return value.replace("\r\n", "\n").replace("\r", "\n")


def first_refused(value: str, *, multiline: bool = False) -> tuple[int, str] | None:
    """(position, character) of the first character the field may not hold, or None."""
    match = (_MULTI_LINE if multiline else _SINGLE_LINE).search(value)
    return (match.start(), match.group()) if match else None


def character_name(char: str) -> str:
    """«U+0007», or «U+000A (перевод строки)» for the ones people know by name."""
    code = f"U+{ord(char):04X}"
    return f"{code} ({_NAMES[char]})" if char in _NAMES else code


def refused_description(value: str, *, multiline: bool = False) -> str | None:
    """«недопустимый управляющий символ U+0007, знак № 6», or None when the value is clean."""
    found = first_refused(value, multiline=multiline)
    if found is None:
        return None
    position, char = found
    return f"недопустимый управляющий символ {character_name(char)}, знак № {position + 1}"


def refusal_message(label: str, value: str, *, multiline: bool = False) -> str | None:
    """The Russian message of a form or an API field; None when the value is clean."""
    description = refused_description(value, multiline=multiline)
    if description is None:
        return None
    where = f"В поле «{label}»" if label else "В тексте"
    return (
        f"{where} {description}: удалите его и введите текст заново — такие символы "
        "попадают при копировании из других программ."
    )


def cell_refusal(value: str) -> str | None:
    """The message of a cell of an imported file. A line break or a tab inside a cell (Alt+Enter
    in Excel) is whitespace the importers turn into a space: not refused."""
    description = refused_description(_CELL_WHITESPACE.sub(" ", value))
    if description is None:
        return None
    return f"в ячейке {description}: удалите его в файле и загрузите файл снова."


def printable(value: str, *, multiline: bool = True) -> str:
    """The text with every refused character replaced by U+FFFD, for writing a file."""
    if value.isprintable():
        # Every refused character (and CR, LF) is a control, a surrogate or a non-character,
        # none of which Python calls printable: nothing to replace. Most text takes this way.
        return value
    pattern = _MULTI_LINE if multiline else _SINGLE_LINE
    return pattern.sub(REPLACEMENT, normalise_line_ends(value) if multiline else value)


def looks_like_formula(value: str) -> bool:
    """True for a text a spreadsheet would run as a formula (=, +, -, @, a tab or a CR first)."""
    return value.startswith(FORMULA_SIGNS)


def looks_like_dangerous_formula(value: str) -> bool:
    """A formula that could call a function or another file: a phone «+7 900 …» is not one."""
    return looks_like_formula(value) and not _NUMBERISH.fullmatch(value)


def cleaned(value: str, *, multiline: bool = False) -> str:
    """The repair of stored text (`manage.py check_text --fix`): in a single-line field every
    whitespace control becomes a space (runs of spaces then collapse, the ends are trimmed), in
    a multi-line one the line ends are normalised and tabs kept; other refused characters are
    removed."""
    if multiline:
        value = normalise_line_ends(value)
        return _MULTI_LINE.sub("", value)
    value = re.sub(r"[\t\n\r\x0b\x0c\x1c-\x1f\x85]", " ", value)
    value = _SINGLE_LINE.sub("", value)
    return re.sub(r" {2,}", " ", value).strip()
