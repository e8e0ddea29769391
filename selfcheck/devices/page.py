"""The phone pages as HTML, drawn on the server (they work without JavaScript; vote.js only
makes them follow the meeting live). Every text is escaped; nothing is loaded from outside."""

from __future__ import annotations

import json
from html import escape
from typing import Any

from selfcheck.i18n import language, t

STRING_KEYS = (
    "dv.vote_in",
    "dv.no_vote",
    "dv.sending",
    "dv.not_received",
    "dv.closed",
    "dv.offline",
    "dv.stopped",
    "dv.waiting",
    "dv.moved",
    "dv.refused",
    "dv.unknown_device",
    "dv.statement",
    "dv.distribution",
    "dv.rate",
    "dv.moved_on",
    "dv.not_saved",
    "dv.clear",
    "dv.yours",
    "dv.as_name",
)


def _page(title: str, body: str, *, script: bool = False, data: dict[str, str] | None = None) -> str:
    attrs = "".join(f' data-{k}="{escape(v, quote=True)}"' for k, v in (data or {}).items())
    js = '<script src="/static/vote.js" defer></script>' if script else ""
    return (
        f'<!doctype html><html lang="{language()}"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        '<meta name="referrer" content="same-origin">'
        f'<title>{escape(title)}</title><link rel="stylesheet" href="/static/vote.css">{js}</head>'
        f"<body{attrs}><main>{body}</main></body></html>"
    )


def message_page(key: str, *, heading: str = "", **values: object) -> str:
    """A clear page for a refused request: a wrong or old link, an unknown device, a foreign site."""
    text = t(key, **values)
    head = f"<h1>{escape(heading)}</h1>" if heading else f"<h1>{escape(t('dv.title'))}</h1>"
    return _page(t("dv.title"), f'{head}<p class="message" role="alert">{escape(text)}</p>')


def code_page(*, error: str = "", disabled: bool = False) -> str:
    body = [f"<h1>{escape(t('dv.code_heading'))}</h1>"]
    if disabled:
        body.append(f'<p class="message" role="alert">{escape(t("dv.code_off"))}</p>')
        return _page(t("dv.title"), "".join(body))
    body.append(f"<p>{escape(t('dv.code_intro'))}</p>")
    if error:
        body.append(f'<p class="message" role="alert">{escape(error)}</p>')
    body.append(
        '<form method="post" action="/code" class="code">'
        f'<label for="code">{escape(t("dv.code_label"))}</label>'
        '<input id="code" name="code" autocomplete="off" autocapitalize="characters" spellcheck="false" '
        'maxlength="12" required inputmode="text">'
        f'<button type="submit" class="wide">{escape(t("dv.code_button"))}</button></form>'
    )
    return _page(t("dv.title"), "".join(body))


def join_page(secret: str, names: list[tuple[str, bool]], *, error: str = "") -> str:
    """Pick your own name. `names` is (name, held by a device already)."""
    body = [f"<h1>{escape(t('dv.join_heading'))}</h1>", f"<p>{escape(t('dv.join_intro'))}</p>"]
    if error:
        body.append(f'<p class="message" role="alert">{escape(error)}</p>')
    body.append(f'<form method="post" action="/j/{escape(secret, quote=True)}" class="names">')
    body.append(f'<fieldset><legend class="sr-only">{escape(t("dv.join_legend"))}</legend>')
    for name, taken in names:
        extra = f' <span class="taken">({escape(t("dv.taken"))})</span>' if taken else ""
        body.append(
            f'<button type="submit" name="name" value="{escape(name, quote=True)}" class="wide">'
            f"{escape(name)}{extra}</button>"
        )
    body.append("</fieldset></form>")
    return _page(t("dv.title"), "".join(body), script=True, data={"page": "join"})


def _value_label(key: str, label: str) -> str:
    if key == "nvt":
        return t("val.na")
    if key == "weet-niet":
        return t("val.unknown")
    return f"{key} · {label}" if label else key


def vote_page(state: dict[str, Any], csrf: str) -> str:
    """The current statement, its help, the big buttons and whether the vote is in. Drawn here
    for the first view (and without JavaScript); vote.js redraws the same parts live."""
    strings = {k: _raw(k) for k in STRING_KEYS}
    strings["val.na"] = t("val.na")
    strings["val.unknown"] = t("val.unknown")
    data = {"page": "vote", "csrf": csrf, "strings": json.dumps(strings, ensure_ascii=False)}
    status = state.get("status")
    if status != "voting":
        key = {"waiting": "dv.waiting", "revoked": str(state.get("reason") or "dv.unknown_device")}.get(
            str(status), "dv.unknown_device"
        )
        body = (
            f"<h1>{escape(t('dv.title'))}</h1>"
            f'<p id="status" class="message" role="status" aria-live="polite">{escape(t(key))}</p>'
            '<div id="vote" hidden></div>'
        )
        return _page(t("dv.title"), body, script=True, data=data)
    n, total = state["position"]
    mine = state.get("mine")
    parts = [
        f'<p class="who">{escape(t("dv.as_name", name=state["name"]))}</p>',
        f'<p id="position" class="position">{escape(t("dv.statement", n=n, total=total))}</p>',
        f'<h1 id="text">{escape(state["text"])}</h1>',
        (
            f'<details id="help-box"{"" if state["help"] else " hidden"}><summary>{escape(t("dv.help"))}</summary>'
            f'<p id="help">{escape(state["help"])}</p></details>'
        ),
        distribution_html(state),  # after the reveal: how the team voted, before the buttons
        '<form id="vote" method="post" action="/v">',
        f'<input type="hidden" name="csrf" value="{escape(csrf, quote=True)}">',
        f'<input type="hidden" name="item" id="item" value="{escape(state["item"], quote=True)}">',
        f'<fieldset id="choices"{"" if state["open"] else " disabled"}><legend>{escape(t("dv.choices_label"))}</legend>',
    ]
    for c in state["choices"]:
        key = str(c["key"])
        pressed = "true" if mine is not None and str(mine) == key else "false"
        parts.append(
            f'<button type="submit" name="value" value="{escape(key, quote=True)}" class="choice" '
            f'aria-pressed="{pressed}"><span class="mark" aria-hidden="true">{"✓" if pressed == "true" else ""}</span>'
            f"{escape(_value_label(key, str(c['label'])))}</button>"
        )
    parts.append("</fieldset>")
    hide = "" if mine is not None and state["open"] else " hidden"
    parts.append(f'<button type="submit" name="value" value="" class="clear"{hide}>{escape(t("dv.clear"))}</button>')
    parts.append("</form>")
    label = next(
        (
            _value_label(str(c["key"]), str(c["label"]))
            for c in state["choices"]
            if mine is not None and str(c["key"]) == str(mine)
        ),
        "",
    )
    line = (t("dv.vote_in", value=label) if state.get("received") else t("dv.sending")) if label else t("dv.no_vote")
    if not state["open"]:
        line = t("dv.closed") + (" " + t("dv.yours", value=label) if label else "")
    parts.append(f'<p id="status" class="status" role="status" aria-live="polite">{escape(line)}</p>')
    return _page(t("dv.title"), "".join(parts), script=True, data=data)


def distribution_html(state: dict[str, Any]) -> str:
    dist = state.get("distribution")
    if not dist:
        return '<section id="dist" hidden></section>'
    voters = int(state.get("voters", 0))
    labels = {str(c["key"]): _value_label(str(c["key"]), str(c["label"])) for c in state["choices"]}
    rows = [f'<section id="dist"><h2>{escape(t("dv.distribution", n=voters))}</h2><dl>']
    for key, count in dist:
        rows.append(
            f"<dt>{escape(labels.get(str(key), str(key)))}</dt>"
            f'<dd><progress max="{max(1, voters)}" value="{int(count)}"></progress> <span>{int(count)}</span></dd>'
        )
    rows.append("</dl></section>")
    return "".join(rows)


def _raw(key: str) -> str:
    """A catalogue text with its {placeholders} left in, for vote.js to fill."""
    from selfcheck.i18n import CATALOGUE

    nl, en = CATALOGUE[key]
    return en if language() == "en" else nl
