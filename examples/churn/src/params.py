"""Read params.yaml without a YAML library (the project is stdlib only).

Accepted shape, and nothing else: top-level sections, each a block mapping
of keys to scalars.

    train:
      lr: 0.1        # comments are fine
      epochs: 30

Scalars follow the YAML 1.2 core schema for what they cover: ints, floats
(1e-3 included), true/false, quoted or plain strings. Anything outside this
shape (lists, flow mappings, deeper nesting, anchors, null, tabs) raises
ParamsError naming the file and line, rather than being guessed at.
"""
import re

KEY = re.compile(r"[A-Za-z_][A-Za-z0-9_-]*")
INT = re.compile(r"[-+]?[0-9]+")
FLOAT = re.compile(r"[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?")
BOOLS = {"true": True, "True": True, "TRUE": True,
         "false": False, "False": False, "FALSE": False}
NULLS = {"", "~", "null", "Null", "NULL"}
UNSUPPORTED_START = set("[]{}&*!|>%@`,?-")


class ParamsError(ValueError):
    pass


def load_params(path="params.yaml"):
    """Return {section: {key: scalar}} read from path."""
    with open(path, encoding="utf-8") as f:
        return parse_params(f.read(), path)


def section(path, name):
    """Return one section of params.yaml, or raise ParamsError if it is missing."""
    params = load_params(path)
    if name not in params:
        raise ParamsError(f"{path}: no section '{name}'")
    return params[name]


def parse_params(text, path="params.yaml"):
    params = {}
    current = None
    indent = None
    for number, raw in enumerate(text.splitlines(), start=1):
        where = f"{path}:{number}"
        if "\t" in raw[: len(raw) - len(raw.lstrip())]:
            raise ParamsError(f"{where}: tabs are not allowed for indentation")
        line = strip_comment(raw, where).rstrip()
        if not line.strip() or line == "---":
            continue
        depth = len(line) - len(line.lstrip(" "))
        key, value = split_entry(line.strip(), where)
        if depth == 0:
            if value != "":
                raise ParamsError(
                    f"{where}: top-level '{key}' must be a section of key: value lines, not a scalar")
            if key in params:
                raise ParamsError(f"{where}: section '{key}' appears twice")
            current, indent = {}, None
            params[key] = current
            continue
        if current is None:
            raise ParamsError(f"{where}: indented line before any section")
        if indent is None:
            indent = depth
        if depth != indent:
            raise ParamsError(
                f"{where}: nesting deeper than section -> key -> value is not supported")
        if key in current:
            raise ParamsError(f"{where}: key '{key}' appears twice")
        current[key] = parse_scalar(value, where)
    return params


def strip_comment(line, where):
    """Drop a '#' comment that starts the line or follows whitespace, outside quotes."""
    quote = None
    for i, ch in enumerate(line):
        if quote:
            if ch == quote:
                quote = None
        elif ch in "'\"":
            quote = ch
        elif ch == "#" and (i == 0 or line[i - 1] in " \t"):
            return line[:i]
    if quote:
        raise ParamsError(f"{where}: unterminated {quote} quote")
    return line


def split_entry(text, where):
    key, sep, value = text.partition(":")
    if not sep or not KEY.fullmatch(key):
        raise ParamsError(f"{where}: expected 'name:' or 'name: value', got '{text}'")
    if value and not value.startswith(" "):
        raise ParamsError(f"{where}: expected a space after ':' in '{text}'")
    return key, value.strip()


def parse_scalar(value, where):
    if value in NULLS:
        raise ParamsError(
            f"{where}: value is missing (params are section -> key -> scalar; "
            "null and nested mappings are not supported)")
    if value[0] in "'\"":
        if len(value) < 2 or value[-1] != value[0]:
            raise ParamsError(f"{where}: malformed quoted string {value}")
        inner = value[1:-1]
        return inner.replace("''", "'") if value[0] == "'" else inner
    if value in BOOLS:
        return BOOLS[value]
    if INT.fullmatch(value):
        return int(value)
    if FLOAT.fullmatch(value):
        return float(value)
    if value[0] in UNSUPPORTED_START or ": " in value:
        raise ParamsError(
            f"{where}: '{value}' is not a scalar this reader supports "
            "(int, float, bool or string)")
    return value
