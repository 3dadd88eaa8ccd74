"""Every importer sentence exists in English and bokmål and formats without gaps."""

from __future__ import annotations

import string

import pytest

from indicators.importer.messages import TEMPLATES, Msg, _with_derived

#: parameters the renderer derives from another one (level -> level_nb, level_nb_a, …)
DERIVED = {"level_nb": "level", "level_nb_a": "level", "found_nb": "found", "found_nb_a": "found",
           "confidence_nb": "confidence", "policy_nb": "policy", "where_nb": "where", "what_nb": "what"}


def _fields(template: str) -> set[str]:
    return {f for _, f, _, _ in string.Formatter().parse(template) if f}


@pytest.mark.parametrize("key", sorted(TEMPLATES))
def test_both_languages_format(key):
    en, nb = TEMPLATES[key]
    base = {f.split("!")[0] for f in _fields(en) | _fields(nb)}
    base = {DERIVED.get(f, f) for f in base}
    params = {f: "x" for f in base}
    for name, value in (("level", "kommune"), ("found", "fylke"), ("confidence", "high"), ("policy", "first"),
                        ("where", "file name"), ("what", "duplicates")):
        if name in params:
            params[name] = value
    p = _with_derived(params)
    assert en.format(**p) and nb.format(**p)
    assert en != nb or key in ("harm.entry",)  # translated, not copied
    text_nb = Msg(key, params).text("nb")
    assert "{" not in text_nb and "{" not in Msg(key, params).text("en")


def test_norwegian_articles():
    m = Msg("row.mixed_level", {"key": "03", "found": "fylke", "name": "Oslo", "level": "kommune"})
    assert m.text("nb") == "03 er et fylke (Oslo), ikke en kommune (blandede nivåer i samme kolonne)"
    assert m.text("en") == "03 is a county (Oslo), not a municipality (mixed levels in one column)"
