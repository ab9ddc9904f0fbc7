"""The scripts as shipped: rjsmin with the template literals set aside, checked token for token (plugins/site/minify.py)."""

import pytest
import rjsmin

from plugins.site import minify
from plugins.site.minify import _tokens, minify_js
from tests.conftest import ROOT


def test_a_template_literal_inside_another_keeps_its_spaces():
    # rjsmin alone drops the space before the dash: «Handsama– Retta» on the editors' page.
    source = 'const line = `${when}: ${status}${note ? ` – ${note}` : ""}`; // the history\n'
    assert " – " not in rjsmin.jsmin(source)
    assert minify_js(source) == 'const line=`${when}: ${status}${note ? ` – ${note}` : ""}`;'


def test_regular_expressions_strings_and_tagged_templates_are_kept():
    source = (
        "const tick = /a`b/g; // c\nconst s = '` not a template';\nconst t = tag`q\\n${1}`;\nexport { tick, s, t };\n"
    )
    assert minify_js(source) == "const tick=/a`b/g;const s='` not a template';const t=tag `q\\n${1}`;export{tick,s,t};"


def test_every_script_of_ours_minifies_to_the_same_tokens():
    scripts = sorted((ROOT / "overrides" / "assets" / "javascripts").rglob("*.js"))
    assert len(scripts) > 20
    for script in scripts:
        source = script.read_text(encoding="utf-8")
        shipped = minify_js(source)
        assert _tokens(shipped.encode()) == _tokens(source.encode()), script
        assert len(shipped) < len(source), script


def test_a_script_that_does_not_parse_stops_the_build_with_a_reason():
    with pytest.raises(ValueError, match="syntaksfeil"):
        minify_js("const a = ;\n")


def test_a_minifier_that_changes_a_token_is_caught(monkeypatch):
    monkeypatch.setattr(minify.rjsmin, "jsmin", lambda text: text.replace("1", "2"))
    with pytest.raises(ValueError, match="token for token"):
        minify_js("export const a = 1;\n")


def test_a_script_minified_before_is_taken_from_the_cache_and_a_changed_one_is_not(tmp_path, monkeypatch):
    from types import SimpleNamespace

    site, cache = tmp_path / "site", tmp_path / "cache"
    site.mkdir(), cache.mkdir()
    shipped = site / "a.js"
    source = "export const answer = 1; // the source\n"

    def build(text: str):
        shipped.write_text(text, encoding="utf-8")
        file = SimpleNamespace(
            dest_uri="a.js", src_uri="a.js", abs_src_path=str(ROOT / "a.js"), abs_dest_path=str(shipped)
        )
        minify.minify_ours([file], cache)
        return shipped.read_text(encoding="utf-8")

    calls = []
    real = minify.minify_js
    monkeypatch.setattr(minify, "minify_js", lambda text: calls.append(text) or real(text))
    assert build(source) == "export const answer=1;"
    assert build(source) == "export const answer=1;"
    assert len(calls) == 1 and len(list(cache.iterdir())) == 1
    assert build(source.replace("1", "2")) == "export const answer=2;"
    assert len(calls) == 2
