"""Load and validate the theme catalog from `*.yaml` files (format: `docs/catalog.md`).

The loader never stops at the first problem. It reads every file, checks every value and every
cross-reference, and reports all problems at once, each with its file, line, path and a message in
Chinese and English, so that whoever maintains the catalog fixes everything in one round — the
same one-time rule (一次告知) the hall owes its citizens.

Two passes: the first reads the shared parts (catalog metadata, source lists, departments, the
field dictionary) from all files and applies hall overrides to the raw themes; the second builds
the themes, checking their references against the shared parts and within themselves.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Any, Generic, TypeVar

import yaml

from hallcore.catalog.model import (
    COMPANY_LIFE_STAGES,
    ELIGIBILITY_RULES,
    PERSON_LIFE_STAGES,
    Audience,
    Catalog,
    Choice,
    Condition,
    Delivery,
    Department,
    DepartmentKind,
    EligibilityRule,
    FieldDef,
    FieldType,
    FormEntry,
    FulfilWay,
    Listing,
    ListLevel,
    Material,
    MaterialCheck,
    MaterialForm,
    PrefillSource,
    ServiceItem,
    Situation,
    SituationOption,
    SourceList,
    Theme,
    ThemeStatus,
)

SNAKE = re.compile(r"^[a-z][a-z0-9_]*$")
UPPER = re.compile(r"^[A-Z][A-Z0-9_]*$")
ITEM_CODE = re.compile(r"^[A-Z][A-Z0-9_]*-[0-9A-Z]+$")
QUEUE_PREFIX = re.compile(r"^[A-Z]{1,2}$")

Path_ = tuple[str | int, ...]
E = TypeVar("E", bound=StrEnum)
T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class CatalogProblem:
    """One thing wrong in the catalog, located as precisely as the files allow."""

    file: str
    line: int | None
    path: str
    message_zh: str
    message_en: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        at = f" {self.path}" if self.path else ""
        return f"{where}:{at} {self.message_zh} ({self.message_en})"


class CatalogError(Exception):
    """The catalog has problems; `problems` lists all of them."""

    def __init__(self, problems: Sequence[CatalogProblem]) -> None:
        self.problems = tuple(problems)
        lines = "\n".join(f"  {p}" for p in self.problems)
        super().__init__(f"目录有 {len(self.problems)} 处问题 (catalog has problems):\n{lines}")


# --- reading YAML with line numbers ------------------------------------------------------------


def _format_path(path: Path_) -> str:
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else part
    return out


@dataclass
class _Source:
    """One YAML document with the line of every value in it, keyed by path."""

    name: str
    data: Any
    lines: dict[Path_, int] = field(default_factory=dict)

    def line(self, path: Path_) -> int | None:
        while True:
            if path in self.lines:
                return self.lines[path]
            if not path:
                return None
            path = path[:-1]


class _Problems:
    """Collects problems; every check appends here and goes on."""

    def __init__(self) -> None:
        self.items: list[CatalogProblem] = []

    def add(self, src: _Source, path: Path_, zh: str, en: str) -> None:
        self.items.append(CatalogProblem(src.name, src.line(path), _format_path(path), zh, en))


# libyaml's parser when PyYAML was built with it (several times faster than the pure-Python one);
# the resolver and constructor stay PyYAML's, so the boolean rule below holds either way.
_SafeLoader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _CatalogYamlLoader(_SafeLoader):  # type: ignore[valid-type,misc]
    """YAML with YAML 1.2 booleans.

    YAML 1.1 reads yes/no/on/off as booleans (the "Norway problem"): the key `no` of a listing and
    option codes such as `yes`/`no` would silently become True/False. Here only true and false are
    booleans.
    """


_BOOL_TAG = "tag:yaml.org,2002:bool"
_CatalogYamlLoader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != _BOOL_TAG]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_CatalogYamlLoader.add_implicit_resolver(
    _BOOL_TAG, re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)


def _read_yaml(name: str, text: str, problems: _Problems) -> _Source | None:
    src = _Source(name, None)
    try:
        node = yaml.compose(text, Loader=_CatalogYamlLoader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else None
        detail = getattr(exc, "problem", None) or str(exc)
        problems.items.append(
            CatalogProblem(
                name, line, "", f"YAML 语法错误：{detail}", f"YAML syntax error: {detail}"
            )
        )
        return None
    if node is None:
        src.data = {}
        return src
    constructor = _CatalogYamlLoader("")

    def convert(n: yaml.Node, path: Path_) -> Any:
        src.lines[path] = n.start_mark.line + 1
        if isinstance(n, yaml.MappingNode):
            out: dict[Any, Any] = {}
            for key_node, value_node in n.value:
                key = constructor.construct_object(key_node, deep=True)
                duplicate = key in out
                # PyYAML keeps the last of duplicate keys without a word; we say so, at the
                # line of the repeat.
                out[key] = convert(value_node, (*path, str(key)))
                if duplicate:
                    problems.add(
                        src, (*path, str(key)), f"键“{key}”重复出现", f"duplicate key '{key}'"
                    )
            return out
        if isinstance(n, yaml.SequenceNode):
            return [convert(v, (*path, i)) for i, v in enumerate(n.value)]
        return constructor.construct_object(n, deep=True)

    try:
        src.data = convert(node, ())
    except yaml.YAMLError as exc:
        problems.items.append(
            CatalogProblem(name, None, "", f"YAML 内容无法读取：{exc}", f"unreadable YAML: {exc}")
        )
        return None
    return src


# --- typed access to one mapping, recording problems instead of raising --------------------------


class _Obj:
    """A YAML mapping at a path, read key by key with type checks."""

    def __init__(
        self,
        src: _Source,
        problems: _Problems,
        path: Path_,
        value: Any,
        required: Iterable[str],
        optional: Iterable[str] = (),
    ) -> None:
        self.src, self.problems, self.path = src, problems, path
        self.ok = isinstance(value, dict)
        self.data: dict[Any, Any] = value if self.ok else {}
        if not self.ok:
            self.fail((), "应为键值映射", "expected a mapping")
            return
        required = tuple(required)
        known = set(required) | set(optional)
        for key in self.data:
            if key not in known:
                self.fail(
                    (str(key),),
                    f"未知的键“{key}”（可用：{'、'.join(sorted(known))}）",
                    f"unknown key '{key}' (known: {', '.join(sorted(known))})",
                )
        for key in required:
            if key not in self.data:
                self.fail((), f"缺少必填项“{key}”", f"missing required key '{key}'")

    def fail(self, sub: Path_, zh: str, en: str) -> None:
        self.problems.add(self.src, (*self.path, *sub), zh, en)

    def at(self, *sub: str | int) -> Path_:
        return (*self.path, *sub)

    def has(self, key: str) -> bool:
        return key in self.data and self.data[key] is not None

    def text(self, key: str, default: str = "", pattern: re.Pattern[str] | None = None) -> str:
        value = self.data.get(key)
        if value is None:
            return default
        if isinstance(value, bool) or not isinstance(value, str | int | float):
            self.fail((key,), "应为文本", "expected text")
            return default
        text = str(value).strip()
        if not text:
            self.fail((key,), "不能为空", "must not be empty")
        elif pattern is not None and not pattern.match(text):
            self.fail(
                (key,),
                f"“{text}”格式不对（应符合 {pattern.pattern}）",
                f"'{text}' does not match {pattern.pattern}",
            )
        return text

    def integer(self, key: str, default: int | None = None, minimum: int = 0) -> int | None:
        value = self.data.get(key)
        if value is None:
            return default
        if isinstance(value, bool) or not isinstance(value, int):
            self.fail((key,), "应为整数", "expected a whole number")
            return default
        if value < minimum:
            self.fail((key,), f"不能小于 {minimum}", f"must be at least {minimum}")
            return default
        return value

    def flag(self, key: str, default: bool) -> bool:
        value = self.data.get(key)
        if value is None:
            return default
        if not isinstance(value, bool):
            self.fail((key,), "应为 true 或 false", "expected true or false")
            return default
        return value

    def date(self, key: str) -> dt.date | None:
        value = self.data.get(key)
        if value is None:
            return None
        if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
            return value
        self.fail((key,), "应为日期（YYYY-MM-DD）", "expected a date (YYYY-MM-DD)")
        return None

    def seq(self, key: str) -> list[Any]:
        value = self.data.get(key)
        if value is None:
            return []
        if not isinstance(value, list):
            self.fail((key,), "应为列表", "expected a list")
            return []
        return value

    def texts(self, key: str, pattern: re.Pattern[str] | None = None) -> tuple[str, ...]:
        out: list[str] = []
        for i, value in enumerate(self.seq(key)):
            if isinstance(value, bool) or not isinstance(value, str | int) or not str(value):
                self.fail((key, i), "应为文本", "expected text")
            elif pattern is not None and not pattern.match(str(value)):
                self.fail(
                    (key, i),
                    f"“{value}”格式不对（应符合 {pattern.pattern}）",
                    f"'{value}' does not match {pattern.pattern}",
                )
            else:
                out.append(str(value))
        for dup in _duplicates(out):
            self.fail((key,), f"“{dup}”重复列出", f"'{dup}' listed twice")
        return tuple(out)

    def enum(
        self, key: str, kind: type[E], default: E, what_zh: str = "取值", what_en: str = "value"
    ) -> E:
        value = self.data.get(key)
        if value is None:
            return default
        parsed = _parse_enum(kind, value)
        if parsed is None:
            self.bad_enum((key,), value, kind, what_zh, what_en)
            return default
        return parsed

    def enums(self, key: str, kind: type[E], what_zh: str, what_en: str) -> tuple[E, ...]:
        out: list[E] = []
        for i, value in enumerate(self.seq(key)):
            parsed = _parse_enum(kind, value)
            if parsed is None:
                self.bad_enum((key, i), value, kind, what_zh, what_en)
            else:
                out.append(parsed)
        for dup in _duplicates(out):
            self.fail((key,), f"“{dup.value}”重复列出", f"'{dup.value}' listed twice")
        return tuple(out)

    def bad_enum(
        self,
        sub: Path_,
        value: Any,
        kind: type[StrEnum],
        what_zh: str = "取值",
        what_en: str = "value",
    ) -> None:
        allowed = ", ".join(m.value for m in kind)
        self.fail(
            sub,
            f"未知的{what_zh}“{value}”（可用：{allowed}）",
            f"unknown {what_en} '{value}' (allowed: {allowed})",
        )


def _parse_enum(kind: type[E], value: Any) -> E | None:
    try:
        return kind(value)
    except ValueError:
        return None


def _duplicates(values: Iterable[T]) -> list[T]:
    return [v for v, n in Counter(values).items() if n > 1]


# --- the shared parts -----------------------------------------------------------------------------

_TOP_KEYS = ("catalog", "lists", "departments", "fields", "themes", "overrides")


@dataclass
class _Located(Generic[T]):
    value: T
    src: _Source
    path: Path_


@dataclass
class _Shared:
    meta: list[_Located[dict[str, str]]] = field(default_factory=list)
    lists: dict[str, SourceList] = field(default_factory=dict)
    departments: dict[str, Department] = field(default_factory=dict)
    fields: dict[str, FieldDef] = field(default_factory=dict)
    raw_themes: list[_Located[Any]] = field(default_factory=list)


def _each(src: _Source, problems: _Problems, key: str) -> Iterator[tuple[Path_, Any]]:
    value = src.data.get(key)
    if value is None:
        return
    if not isinstance(value, list):
        problems.add(src, (key,), "应为列表", "expected a list")
        return
    for i, entry in enumerate(value):
        yield (key, i), entry


def _read_shared(src: _Source, problems: _Problems, shared: _Shared) -> None:
    if "catalog" in src.data:
        meta = _Obj(
            src, problems, ("catalog",), src.data["catalog"], ["version", "region"], ["note"]
        )
        if meta.ok:
            shared.meta.append(
                _Located(
                    {
                        "version": meta.text("version"),
                        "region": meta.text("region"),
                        "note": meta.text("note"),
                    },
                    src,
                    ("catalog",),
                )
            )
    for path, raw in _each(src, problems, "lists"):
        o = _Obj(src, problems, path, raw, ["code", "name", "document", "level"], ["issued"])
        if o.ok:
            entry = SourceList(
                o.text("code", pattern=SNAKE),
                o.text("name"),
                o.text("document"),
                o.date("issued"),
                o.enum("level", ListLevel, ListLevel.NATIONAL, "层级", "level"),
            )
            _put_unique(shared.lists, entry.code, entry, o, "清单", "list")
    for path, raw in _each(src, problems, "departments"):
        o = _Obj(src, problems, path, raw, ["code", "name", "short_name", "kind"])
        if o.ok:
            dept = Department(
                o.text("code", pattern=SNAKE),
                o.text("name"),
                o.text("short_name"),
                o.enum("kind", DepartmentKind, DepartmentKind.GOVERNMENT),
            )
            _put_unique(shared.departments, dept.code, dept, o, "部门", "department")
    for path, raw in _each(src, problems, "fields"):
        o = _Obj(src, problems, path, raw, ["key", "label", "type"], _FIELD_OPTIONAL)
        if o.ok:
            fdef = _read_field(o)
            _put_unique(shared.fields, fdef.key, fdef, o, "表单字段", "form field", key="key")
    for path, raw in _each(src, problems, "themes"):
        shared.raw_themes.append(_Located(raw, src, path))


def _put_unique(
    into: dict[str, T], code: str, value: T, o: _Obj, zh: str, en: str, key: str = "code"
) -> None:
    if not code:
        return
    if code in into:
        o.fail((key,), f"{zh}代码“{code}”重复", f"duplicate {en} code '{code}'")
        return
    into[code] = value


_FIELD_OPTIONAL = ("label_en", "personal", "prefill", "choices")


def _read_field(o: _Obj) -> FieldDef:
    ftype_raw = o.data.get("type")
    ftype = _parse_enum(FieldType, ftype_raw)
    if ftype is None and ftype_raw is not None:
        o.bad_enum(("type",), ftype_raw, FieldType, "字段类型", "field type")
    choices: list[Choice] = []
    for i, raw_choice in enumerate(o.seq("choices")):
        c = _Obj(o.src, o.problems, o.at("choices", i), raw_choice, ["code", "label"])
        if c.ok:
            choices.append(Choice(c.text("code", pattern=SNAKE), c.text("label")))
    for dup in _duplicates(c.code for c in choices):
        o.fail(("choices",), f"选项代码“{dup}”重复", f"duplicate choice code '{dup}'")
    if ftype is FieldType.CHOICE and not choices:
        o.fail((), "选择型字段必须列出 choices", "a choice field needs its choices")
    if ftype is not None and ftype is not FieldType.CHOICE and choices:
        o.fail(
            ("choices",),
            "只有选择型字段（choice）才能有 choices",
            "only a choice field has choices",
        )
    return FieldDef(
        key=o.text("key", pattern=SNAKE),
        label=o.text("label"),
        label_en=o.text("label_en"),
        type=ftype or FieldType.TEXT,
        personal=o.flag("personal", False),
        prefill=o.enums("prefill", PrefillSource, "预填来源", "prefill source"),
        choices=tuple(choices),
    )


# --- hall overrides -------------------------------------------------------------------------------

# Keys an override may set: values, never structure (codes, item lists, questions, the form).
_THEME_OVERRIDABLE = (
    "name", "name_en", "queue", "summary", "promised_working_days", "legal_basis", "delivery",
    "regional_defaults", "lead_department", "cooperating_departments",
)  # fmt: skip
_ITEM_OVERRIDABLE = ("name", "department", "legal_working_days", "promised_working_days", "note")
_MATERIAL_OVERRIDABLE = (
    "name", "fulfil", "form", "copies", "min_pages", "license", "data_source",
    "tolerance_working_days", "standard", "checks", "note",
)  # fmt: skip


def _apply_overrides(src: _Source, problems: _Problems, shared: _Shared) -> None:
    themes = {
        loc.value.get("code"): loc.value for loc in shared.raw_themes if isinstance(loc.value, dict)
    }
    for path, raw in _each(src, problems, "overrides"):
        o = _Obj(src, problems, path, raw, ["theme"], ["set", "items", "materials"])
        if not o.ok:
            continue
        code = o.text("theme")
        theme = themes.get(code)
        if theme is None:
            o.fail(
                ("theme",), f"覆盖了不存在的主题“{code}”", f"override names unknown theme '{code}'"
            )
            continue
        _override_values(o, ("set",), o.data.get("set"), theme, _THEME_OVERRIDABLE)
        for part, keys, zh, en in (
            ("items", _ITEM_OVERRIDABLE, "事项", "item"),
            ("materials", _MATERIAL_OVERRIDABLE, "材料", "material"),
        ):
            changes = o.data.get(part)
            if changes is None:
                continue
            if not isinstance(changes, dict):
                o.fail((part,), "应为以代码为键的映射", "expected a mapping keyed by code")
                continue
            targets = {e.get("code"): e for e in theme.get(part) or [] if isinstance(e, dict)}
            for target_code, values in changes.items():
                target = targets.get(target_code)
                if target is None:
                    o.fail(
                        (part, str(target_code)),
                        f"主题“{code}”没有{zh}“{target_code}”",
                        f"theme '{code}' has no {en} '{target_code}'",
                    )
                    continue
                _override_values(o, (part, str(target_code)), values, target, keys)


def _override_values(
    o: _Obj, sub: Path_, values: Any, target: dict[str, Any], keys: Sequence[str]
) -> None:
    if values is None:
        return
    if not isinstance(values, dict):
        o.fail(sub, "应为键值映射", "expected a mapping")
        return
    for key, value in values.items():
        if key not in keys:
            o.fail(
                (*sub, str(key)),
                f"“{key}”不能被大厅覆盖（可覆盖：{'、'.join(keys)}）",
                f"'{key}' cannot be overridden by a hall (allowed: {', '.join(keys)})",
            )
            continue
        target[key] = value


# --- themes ------------------------------------------------------------------------------------

_THEME_REQUIRED = (
    "code", "name", "audience", "life_stage", "queue", "status", "lead_department",
    "cooperating_departments", "listed_in",
)  # fmt: skip
_THEME_OPTIONAL = (
    "name_en", "summary", "promised_working_days", "legal_basis", "delivery", "regional_defaults",
    "sources", "items", "situations", "materials", "form", "eligibility",
)  # fmt: skip
_COMPLETE_REQUIRES = (
    "summary",
    "promised_working_days",
    "legal_basis",
    "delivery",
    "items",
    "materials",
    "form",
)


class _ThemeReader:
    """Builds one theme and checks it against the shared parts and against itself."""

    def __init__(self, loc: _Located[Any], problems: _Problems, shared: _Shared) -> None:
        self.src, self.problems, self.shared = loc.src, problems, shared
        self.o = _Obj(loc.src, problems, loc.path, loc.value, _THEME_REQUIRED, _THEME_OPTIONAL)
        self.item_codes: set[str] = set()

    def read(self) -> Theme | None:
        o = self.o
        if not o.ok:
            return None
        status = o.enum("status", ThemeStatus, ThemeStatus.OUTLINE)
        audience = o.enum("audience", Audience, Audience.PERSON)
        stages = PERSON_LIFE_STAGES if audience is Audience.PERSON else COMPANY_LIFE_STAGES
        life_stage = o.text("life_stage")
        if life_stage and life_stage not in stages:
            o.fail(
                ("life_stage",),
                f"“{life_stage}”不是{audience.label}的人生阶段（可用：{'、'.join(stages)}）",
                f"'{life_stage}' is not a life stage for {audience.value} "
                f"(allowed: {', '.join(stages)})",
            )
        if status is ThemeStatus.COMPLETE:
            for key in _COMPLETE_REQUIRES:
                if not o.has(key) or o.data[key] == []:
                    o.fail((), f"完整主题必须有“{key}”", f"a complete theme needs '{key}'")
        lead = self._department(o, ("lead_department",), o.text("lead_department"))
        cooperating = tuple(
            self._department(o, ("cooperating_departments", i), c)
            for i, c in enumerate(o.texts("cooperating_departments"))
        )
        if lead and lead in cooperating:
            o.fail(
                ("cooperating_departments",),
                f"牵头部门“{lead}”不应同时列为配合部门",
                f"lead department '{lead}' is also listed as cooperating",
            )
        promised = o.integer("promised_working_days")
        items = self._items()
        situations = self._situations()
        form = self._form(situations)
        materials = self._materials(situations, promised, {e.field for e in form})
        theme = Theme(
            code=o.text("code", pattern=UPPER),
            name=o.text("name"),
            name_en=o.text("name_en"),
            audience=audience,
            life_stage=life_stage,
            queue=o.text("queue", pattern=QUEUE_PREFIX),
            status=status,
            lead_department=lead,
            cooperating_departments=cooperating,
            listed_in=self._listings(),
            summary=o.text("summary"),
            promised_working_days=promised,
            legal_basis=o.texts("legal_basis"),
            delivery=o.enums("delivery", Delivery, "送达方式", "delivery option"),
            regional_defaults=o.text("regional_defaults"),
            sources=o.texts("sources"),
            items=items,
            situations=situations,
            materials=materials,
            form=form,
            eligibility=self._eligibility({e.field for e in form}, situations),
        )
        self._check_items(theme)
        return theme

    # references

    def _department(self, o: _Obj, sub: Path_, code: str) -> str:
        if code and code not in self.shared.departments:
            o.fail(sub, f"未知的部门“{code}”", f"unknown department '{code}'")
        return code

    def _item_refs(self, o: _Obj, key: str) -> tuple[str, ...]:
        codes = o.texts(key)
        for i, code in enumerate(codes):
            if code not in self.item_codes:
                o.fail((key, i), f"未知的事项“{code}”", f"unknown item '{code}'")
        return codes

    def _entries(self, key: str) -> Iterator[tuple[Path_, Any]]:
        for i, raw in enumerate(self.o.seq(key)):
            yield self.o.at(key, i), raw

    def _sub(
        self, path: Path_, raw: Any, required: Iterable[str], optional: Iterable[str] = ()
    ) -> _Obj:
        return _Obj(self.src, self.problems, path, raw, required, optional)

    # parts

    def _listings(self) -> tuple[Listing, ...]:
        out = []
        for path, raw in self._entries("listed_in"):
            lo = self._sub(path, raw, ["list", "no", "name", "lead", "cooperating"])
            if not lo.ok:
                continue
            code = lo.text("list")
            if code and code not in self.shared.lists:
                lo.fail(("list",), f"未知的清单“{code}”", f"unknown list '{code}'")
            lead = self._department(lo, ("lead",), lo.text("lead"))
            cooperating = lo.texts("cooperating")
            for i, dept in enumerate(cooperating):
                self._department(lo, ("cooperating", i), dept)
            out.append(
                Listing(
                    code, lo.integer("no", 0, minimum=1) or 0, lo.text("name"), lead, cooperating
                )
            )
        if not out:
            self.o.fail(("listed_in",), "至少要有一个来源清单", "needs at least one source list")
        return tuple(out)

    def _items(self) -> tuple[ServiceItem, ...]:
        raws: list[tuple[_Obj, str]] = []
        for path, raw in self._entries("items"):
            io = self._sub(
                path,
                raw,
                ["code", "name", "department"],
                ["legal_working_days", "promised_working_days", "depends_on", "mandatory", "note"],
            )
            if io.ok:
                code = io.text("code", pattern=ITEM_CODE)
                if code in self.item_codes:
                    io.fail(("code",), f"事项代码“{code}”重复", f"duplicate item code '{code}'")
                self.item_codes.add(code)
                raws.append((io, code))
        items = []
        for io, code in raws:
            legal = io.integer("legal_working_days")
            promised = io.integer("promised_working_days")
            if legal is not None and promised is not None and promised > legal:
                io.fail(
                    ("promised_working_days",),
                    f"承诺时限 {promised} 个工作日长于法定时限 {legal} 个工作日",
                    f"promised limit {promised} exceeds the legal limit {legal} working days",
                )
            depends_on = self._item_refs(io, "depends_on")
            if code in depends_on:
                io.fail(
                    ("depends_on",), f"事项“{code}”依赖自身", f"item '{code}' depends on itself"
                )
            items.append(
                ServiceItem(
                    code=code,
                    name=io.text("name"),
                    department=self._department(io, ("department",), io.text("department")),
                    legal_working_days=legal,
                    promised_working_days=promised,
                    depends_on=depends_on,
                    mandatory=io.flag("mandatory", True),
                    note=io.text("note"),
                )
            )
        return tuple(items)

    def _conditions(self, o: _Obj, situations: Mapping[str, Situation]) -> tuple[Condition, ...]:
        raw = o.data.get("when")
        if raw is None:
            return ()
        entries = raw if isinstance(raw, list) else [raw]
        out = []
        for i, entry in enumerate(entries):
            sub = ("when", i) if isinstance(raw, list) else ("when",)
            co = self._sub(o.at(*sub), entry, ["situation", "in"])
            if not co.ok:
                continue
            code = co.text("situation")
            options = co.texts("in")
            situation = situations.get(code)
            if situation is None:
                co.fail(
                    ("situation",),
                    f"条件引用了未知或尚未提出的情形“{code}”（只能引用前面的情形）",
                    f"condition refers to unknown or later situation '{code}' (only earlier ones)",
                )
            else:
                for j, option in enumerate(options):
                    if situation.option(option) is None:
                        co.fail(
                            ("in", j),
                            f"情形“{code}”没有选项“{option}”",
                            f"situation '{code}' has no option '{option}'",
                        )
            if not options:
                co.fail(("in",), "条件至少要列出一个选项", "a condition needs at least one option")
            out.append(Condition(code, frozenset(options)))
        return tuple(out)

    def _situations(self) -> tuple[Situation, ...]:
        earlier: dict[str, Situation] = {}
        out = []
        for path, raw in self._entries("situations"):
            so = self._sub(
                path, raw, ["code", "question", "options"], ["help", "required", "multiple", "when"]
            )
            if not so.ok:
                continue
            code = so.text("code", pattern=SNAKE)
            when = self._conditions(so, earlier)
            options = []
            for opath, oraw in ((so.at("options", i), r) for i, r in enumerate(so.seq("options"))):
                oo = self._sub(opath, oraw, ["code", "label"], ["select_items"])
                if oo.ok:
                    options.append(
                        SituationOption(
                            oo.text("code", pattern=SNAKE),
                            oo.text("label"),
                            self._item_refs(oo, "select_items"),
                        )
                    )
            if not options:
                so.fail(
                    ("options",), "情形至少要有一个选项", "a situation needs at least one option"
                )
            for dup in _duplicates(o.code for o in options):
                so.fail(("options",), f"选项代码“{dup}”重复", f"duplicate option code '{dup}'")
            situation = Situation(
                code=code,
                question=so.text("question"),
                options=tuple(options),
                help=so.text("help"),
                required=so.flag("required", True),
                multiple=so.flag("multiple", False),
                when=when,
            )
            if code in earlier:
                so.fail(("code",), f"情形代码“{code}”重复", f"duplicate situation code '{code}'")
            earlier[code] = situation
            out.append(situation)
        return tuple(out)

    def _form(self, situations: tuple[Situation, ...]) -> tuple[FormEntry, ...]:
        by_code = {s.code: s for s in situations}
        out = []
        seen: set[str] = set()
        for path, raw in self._entries("form"):
            fo = self._sub(path, raw, ["field"], ["required", "for_items", "when"])
            if not fo.ok:
                continue
            key = fo.text("field")
            if key and key not in self.shared.fields:
                fo.fail(
                    ("field",),
                    f"未知的表单字段“{key}”（不在 fields 字典中）",
                    f"unknown form field '{key}' (not in the fields dictionary)",
                )
            if key in seen:
                fo.fail(
                    ("field",),
                    f"表单字段“{key}”重复（一表申请，每项只问一次）",
                    f"form field '{key}' appears twice (each fact is asked once)",
                )
            seen.add(key)
            out.append(
                FormEntry(
                    key,
                    fo.flag("required", True),
                    self._item_refs(fo, "for_items"),
                    self._conditions(fo, by_code),
                )
            )
        return tuple(out)

    def _materials(
        self, situations: tuple[Situation, ...], promised: int | None, form_keys: set[str]
    ) -> tuple[Material, ...]:
        by_code = {s.code: s for s in situations}
        out = []
        seen: set[str] = set()
        for path, raw in self._entries("materials"):
            mo = self._sub(
                path,
                raw,
                ["code", "name", "fulfil"],
                [
                    "form", "copies", "min_pages", "for_items", "when", "license", "data_source",
                    "form_field", "produced_by", "tolerance_working_days", "standard", "checks",
                    "note", "signed_at_window",
                ],
            )  # fmt: skip
            if not mo.ok:
                continue
            code = mo.text("code", pattern=UPPER)
            if code in seen:
                mo.fail(("code",), f"材料代码“{code}”重复", f"duplicate material code '{code}'")
            seen.add(code)
            fulfil = mo.enums("fulfil", FulfilWay, "办理方式（fulfil）", "fulfil way")
            if not fulfil and "fulfil" in mo.data:
                mo.fail(("fulfil",), "至少要有一种办理方式", "needs at least one fulfil way")
            material = Material(
                code=code,
                name=mo.text("name"),
                fulfil=fulfil or (FulfilWay.SUBMIT,),
                form=mo.enum("form", MaterialForm, MaterialForm.ORIGINAL),
                copies=mo.integer("copies", 1, minimum=1) or 1,
                min_pages=mo.integer("min_pages", 1, minimum=1) or 1,
                for_items=self._item_refs(mo, "for_items"),
                when=self._conditions(mo, by_code),
                license=mo.text("license"),
                data_source=mo.text("data_source"),
                form_field=mo.text("form_field"),
                produced_by=mo.text("produced_by"),
                tolerance_working_days=mo.integer("tolerance_working_days", minimum=1),
                standard=mo.text("standard"),
                checks=mo.enums("checks", MaterialCheck, "核验项", "check"),
                note=mo.text("note"),
                signed_at_window=mo.flag("signed_at_window", False),
            )
            self._check_fulfil(mo, material, fulfil, promised, form_keys)
            if material.signed_at_window and fulfil and fulfil[0] is not FulfilWay.SUBMIT:
                mo.fail(
                    ("signed_at_window",),
                    "窗口打印、当场签字的材料，第一种办理方式必须是 submit",
                    "a material signed at the window must have submit as its first fulfil way",
                )
            out.append(material)
        return tuple(out)

    def _check_fulfil(
        self,
        mo: _Obj,
        m: Material,
        fulfil: tuple[FulfilWay, ...],
        promised: int | None,
        form_keys: set[str],
    ) -> None:
        """Each fulfil way needs its companion value, and a companion needs its way."""
        companions: list[tuple[FulfilWay, str, object]] = [
            (FulfilWay.E_LICENSE, "license", m.license),
            (FulfilWay.DATA_SHARE, "data_source", m.data_source),
            (FulfilWay.FORM_FIELD, "form_field", m.form_field),
            (FulfilWay.SYSTEM_GENERATED, "produced_by", m.produced_by),
            (FulfilWay.TOLERANCE, "tolerance_working_days", m.tolerance_working_days),
        ]
        for way, key, value in companions:
            if way in fulfil and not value and key not in mo.data:
                mo.fail(
                    (),
                    f"办理方式 {way.value} 需要同时填写“{key}”",
                    f"fulfil way {way.value} needs '{key}'",
                )
            if way not in fulfil and value:
                mo.fail(
                    (key,),
                    f"填写了“{key}”，但办理方式中没有 {way.value}",
                    f"'{key}' is set but {way.value} is not a fulfil way",
                )
        self._department(mo, ("data_source",), m.data_source)
        if m.form_field and m.form_field not in form_keys:
            mo.fail(
                ("form_field",),
                f"表单中没有字段“{m.form_field}”",
                f"the theme's form has no field '{m.form_field}'",
            )
        if m.produced_by and m.produced_by not in self.item_codes:
            mo.fail(
                ("produced_by",), f"未知的事项“{m.produced_by}”", f"unknown item '{m.produced_by}'"
            )
        days = m.tolerance_working_days
        if days is not None and promised is not None and days > promised:
            mo.fail(
                ("tolerance_working_days",),
                f"容缺补交期限 {days} 个工作日不能长于主题承诺时限 {promised} 个工作日",
                f"tolerance deadline {days} exceeds the theme's promised limit "
                f"{promised} working days",
            )

    def _eligibility(
        self, form_keys: set[str], situations: tuple[Situation, ...]
    ) -> tuple[EligibilityRule, ...]:
        by_code = {s.code: s for s in situations}
        out = []
        for path, raw in self._entries("eligibility"):
            eo = self._sub(path, raw, ["rule", "params"], ["message", "when"])
            if not eo.ok:
                continue
            rule = eo.text("rule")
            spec = ELIGIBILITY_RULES.get(rule)
            params = eo.data.get("params")
            if spec is None:
                eo.fail(
                    ("rule",),
                    f"未知的资格规则“{rule}”（可用：{'、'.join(ELIGIBILITY_RULES)}）",
                    f"unknown eligibility rule '{rule}' (known: {', '.join(ELIGIBILITY_RULES)})",
                )
                continue
            po = self._sub(eo.at("params"), params, spec.keys())
            if not po.ok:
                continue
            values: dict[str, str | int] = {}
            for key, kind in spec.items():
                value = po.integer(key) if kind is int else po.text(key)
                if value is None:
                    continue
                values[key] = value
                if (key == "field" or key.endswith("_field")) and value not in form_keys:
                    po.fail(
                        (key,),
                        f"表单中没有字段“{value}”",
                        f"the theme's form has no field '{value}'",
                    )
            out.append(
                EligibilityRule(rule, values, eo.text("message"), self._conditions(eo, by_code))
            )
        return tuple(out)

    def _check_items(self, theme: Theme) -> None:
        """Whole-theme checks: departments, selectability, dependency cycles."""
        o = self.o
        departments = set(theme.departments)
        selectable = {
            code for s in theme.situations for opt in s.options for code in opt.select_items
        }
        for i, item in enumerate(theme.items):
            if (
                item.department
                and item.department in self.shared.departments
                and item.department not in departments
            ):
                o.fail(
                    ("items", i, "department"),
                    f"事项“{item.code}”的部门“{item.department}”不在本主题的牵头或配合部门中",
                    f"item '{item.code}' belongs to '{item.department}', "
                    "not a lead or cooperating department",
                )
            if not item.mandatory and item.code not in selectable:
                o.fail(
                    ("items", i),
                    f"非必办事项“{item.code}”没有任何情形选项能选中它",
                    f"optional item '{item.code}' is selected by no situation option",
                )
        for cycle in _cycles({item.code: item.depends_on for item in theme.items}):
            index = next(i for i, item in enumerate(theme.items) if item.code == cycle[0])
            o.fail(
                ("items", index, "depends_on"),
                f"事项依赖成环：{' → '.join(cycle)}",
                f"item dependencies form a cycle: {' -> '.join(cycle)}",
            )


def _cycles(graph: Mapping[str, Sequence[str]]) -> list[list[str]]:
    """Every distinct dependency cycle, each once, starting at its smallest code."""
    found: set[tuple[str, ...]] = set()
    out: list[list[str]] = []
    state: dict[str, int] = {}  # 1 = on the current path, 2 = done
    stack: list[str] = []

    def visit(node: str) -> None:
        state[node] = 1
        stack.append(node)
        for nxt in graph.get(node, ()):
            if nxt not in graph:
                continue
            if state.get(nxt) == 1:
                cycle = stack[stack.index(nxt) :]
                start = cycle.index(min(cycle))
                canonical = tuple(cycle[start:] + cycle[:start])
                if canonical not in found:
                    found.add(canonical)
                    out.append([*canonical, canonical[0]])
            elif state.get(nxt) is None:
                visit(nxt)
        stack.pop()
        state[node] = 2

    for node in graph:
        if node not in state:
            visit(node)
    return out


# --- entry points ---------------------------------------------------------------------------------


def shipped_catalog_path() -> Traversable:
    """The catalog that ships in the `resources` package."""
    return resources.files("resources").joinpath("catalog")


def check_catalog(
    path: Path | Traversable | None = None, overrides: Sequence[Path] = ()
) -> tuple[Catalog | None, tuple[CatalogProblem, ...]]:
    """Read and check a catalog folder.

    Returns the catalog (None when there is any problem) and every problem found.
    """
    folder = path if path is not None else shipped_catalog_path()
    problems = _Problems()
    sources: list[_Source] = []
    if not folder.is_dir():
        problems.items.append(
            CatalogProblem(str(folder), None, "", "找不到目录文件夹", "catalog folder not found")
        )
        return None, tuple(problems.items)
    files = sorted((f for f in folder.iterdir() if f.name.endswith(".yaml")), key=lambda f: f.name)
    if not files:
        problems.items.append(
            CatalogProblem(
                str(folder), None, "", "文件夹中没有 .yaml 文件", "no .yaml files in the folder"
            )
        )
    for f in files:
        src = _read_yaml(f.name, f.read_text(encoding="utf-8"), problems)
        if src is not None:
            sources.append(src)
    override_sources = []
    for p in overrides:
        src = _read_yaml(str(p), Path(p).read_text(encoding="utf-8"), problems)
        if src is not None:
            override_sources.append(src)

    shared = _Shared()
    for src in sources:
        if not isinstance(src.data, dict):
            problems.add(src, (), "文件顶层应为键值映射", "the file's top level must be a mapping")
            continue
        for key in src.data:
            if key not in _TOP_KEYS or key == "overrides":
                problems.add(
                    src,
                    (str(key),),
                    f"未知的顶层键“{key}”（可用：catalog、lists、departments、fields、themes）",
                    f"unknown top-level key '{key}' "
                    "(known: catalog, lists, departments, fields, themes)",
                )
        _read_shared(src, problems, shared)
    for src in override_sources:
        if not isinstance(src.data, dict) or set(src.data) != {"overrides"}:
            problems.add(
                src,
                (),
                "覆盖文件只能有顶层键“overrides”",
                "an override file has only the key 'overrides'",
            )
            continue
        _apply_overrides(src, problems, shared)

    if not shared.meta:
        problems.items.append(
            CatalogProblem(
                str(folder),
                None,
                "",
                "没有文件声明“catalog”元数据（版本、地区）",
                "no file declares the 'catalog' metadata",
            )
        )
    for extra in shared.meta[1:]:
        problems.add(
            extra.src,
            extra.path,
            "“catalog”元数据只能声明一次",
            "the 'catalog' metadata is declared twice",
        )

    themes: list[Theme] = []
    theme_codes: set[str] = set()
    listing_owner: dict[tuple[str, int], str] = {}
    for loc in shared.raw_themes:
        reader = _ThemeReader(loc, problems, shared)
        theme = reader.read()
        if theme is None:
            continue
        if theme.code in theme_codes:
            reader.o.fail(
                ("code",), f"主题代码“{theme.code}”重复", f"duplicate theme code '{theme.code}'"
            )
        theme_codes.add(theme.code)
        for i, listing in enumerate(theme.listed_in):
            key = (listing.list, listing.no)
            if key in listing_owner:
                reader.o.fail(
                    ("listed_in", i),
                    f"清单“{listing.list}”第 {listing.no} 项已属于主题“{listing_owner[key]}”",
                    f"entry {listing.no} of list '{listing.list}' already belongs to "
                    f"theme '{listing_owner[key]}'",
                )
            listing_owner[key] = theme.code
        themes.append(theme)

    if problems.items:
        return None, tuple(problems.items)
    meta = shared.meta[0].value
    catalog = Catalog(
        version=meta["version"],
        region=meta["region"],
        note=meta["note"],
        lists=tuple(shared.lists.values()),
        departments=dict(shared.departments),
        fields=dict(shared.fields),
        themes=tuple(themes),
        files=tuple(f.name for f in files),
    )
    return catalog, ()


def load_catalog(path: Path | Traversable | None = None, overrides: Sequence[Path] = ()) -> Catalog:
    """Load and check a catalog folder (the shipped one by default); raise `CatalogError` listing
    every problem if there is any."""
    catalog, problems = check_catalog(path, overrides)
    if catalog is None:
        raise CatalogError(problems)
    return catalog


__all__ = [
    "CatalogError",
    "CatalogProblem",
    "check_catalog",
    "load_catalog",
    "shipped_catalog_path",
]
