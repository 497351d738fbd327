"""Loading and validating the shipped catalog, and resolving a checklist.

The floor is PyYAML composing the same files with the same parser (libyaml's when available):
the loader's own work — building typed objects and checking every rule — is everything above it.
A kiosk and a desk load the catalog at start and after every
catalog update, so loading must stay well under a second; the resolver runs on every answer a
citizen taps, so it must be far below a frame.
"""

from __future__ import annotations

import sys

import yaml
from benchlib import goal, median, parse_args, time_per_call

from hallcore.catalog import load_catalog, resolve, shipped_catalog_path
from hallcore.catalog.model import Theme


def first_answers(theme: Theme) -> dict[str, str]:
    """Answer every question with its first option, walking conditions in order."""
    answers: dict[str, str] = {}
    for situation in theme.situations:
        if all(answers.get(c.situation) in c.options for c in situation.when):
            answers[situation.code] = situation.options[0].code
    return answers


def main() -> int:
    args = parse_args(__doc__ or "")
    repeat = 3 if args.quick else 7
    folder = shipped_catalog_path()
    texts = [f.read_text(encoding="utf-8") for f in folder.iterdir() if f.name.endswith(".yaml")]
    size = sum(len(t.encode()) for t in texts)

    # the same parser the loader uses: libyaml's when PyYAML has it
    parser = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

    def compose_only() -> None:
        for text in texts:
            yaml.compose(text, Loader=parser)

    floor = median(time_per_call(compose_only, repeat=repeat, number=3))
    load = median(time_per_call(load_catalog, repeat=repeat, number=3))
    catalog = load_catalog()
    print(
        f"catalog: {len(texts)} files, {size / 1024:.0f} KiB, {len(catalog.themes)} themes "
        f"({len(catalog.complete_themes)} complete)"
    )
    print(f"floor, PyYAML compose of the same files: {floor * 1000:.1f} ms")
    print(f"load_catalog (read, build, validate everything): {load * 1000:.1f} ms")
    print(f"ratio load / floor: {load / floor:.2f}")

    worst = 0.0
    for theme in catalog.complete_themes:
        answers = first_answers(theme)
        per_call = median(
            time_per_call(
                lambda t=theme, a=answers: resolve(t, a, catalog.fields), repeat=repeat, number=200
            )
        )
        worst = max(worst, per_call)
        print(f"resolve {theme.code}: {per_call * 1e6:.0f} µs")
    goal("catalog_load_ms", load * 1000, "<", 500)
    goal("catalog_load_vs_yaml_compose_ratio", load / floor, "<=", 4)
    goal("resolve_worst_theme_ms", worst * 1000, "<", 5)
    return 0


if __name__ == "__main__":
    sys.exit(main())
