"""The terminal adapter of the review loop: it shows segments on a console and reads
commands from a stream (one key at a time on a terminal, one line per segment when
scripted). It takes its console, message console and input stream as arguments."""

from __future__ import annotations

from collections.abc import Callable
from typing import TextIO

from rich.console import Console
from rich.text import Text

from kube_qda.review.session import Item, ReviewSession

KEYS = (
    "[a]ccept all  [r]eject all  1-9 then Enter: accept those  +code  -code  "
    "[s]kip  [u]ndo  [m]emo  [q]uit  [?]help"
)


def render(console: Console, session: ReviewSession, item: Item) -> None:
    """Show one segment: context, highlighted text, numbered suggestions."""
    row = item.row
    labels = {
        cid: code.label
        for cid, (_, code) in zip(
            session.project.codebook.code_ids(), session.project.codebook.codes(), strict=True
        )
    }
    console.rule(
        f"segment {session.position + 1} of {session.total} · {row.document} #{row.index}"
        f" · {row.speaker or '—'}",
        style="cyan",
    )
    if item.context:
        console.print(Text(item.context, style="dim"))
    text = Text(row.text)
    for suggestion in item.suggestions:
        style = "red" if suggestion["negated"] else "bold yellow"
        for e in suggestion["evidence"]:
            text.stylize(style, e["start"] - row.start, e["end"] - row.start)
    console.print(text)
    if not item.suggestions:
        console.print(Text("no suggestions (a = reviewed, no code; +code to add one)", style="dim"))
    for number, s in enumerate(item.suggestions, start=1):
        line = Text(f" {number}. ", style="bold")
        line.append(s["code"], style="red" if s["negated"] else "green")
        line.append(f" {labels.get(s['code'], '')}  {s['score']:.2f}")
        if s["negated"]:
            line.append("  [negated]", style="red")
        evidence = "; ".join(f"{e['rule']}: “{e['match']}”" for e in s["evidence"][:3])
        line.append(f"\n    {evidence}", style="dim")
        console.print(line)
    shown = {s["code"] for s in item.suggestions} | set(item.decisions)
    for code in sorted(shown & session.splits.keys()):
        parts = session.splits[code]
        console.print(
            Text(f"{code} was split into {', '.join(parts)}: +{parts[0]} adds one", style="magenta")
        )
    if item.decisions:
        mine = ", ".join(
            f"{status or 'reviewed'} {code}".strip() for code, status in item.decisions.items()
        )
        console.print(Text(f"your earlier decision: {mine}", style="italic"))
    if item.memo:
        console.print(Text(f"memo: {item.memo}", style="italic"))
    console.print(Text(KEYS, style="dim"))


def read_line(stream: TextIO) -> str | None:
    """One command line from a script or pipe; None at the end of input."""
    line = stream.readline()
    return None if line == "" else line.rstrip("\n")


def read_keys(console: Console, getchar: Callable[[], str]) -> str | None:
    """One command from single key presses on a terminal."""
    selected: list[str] = []
    while True:
        key = getchar()
        if key in ("\x04",):
            return None
        if key == "\x03":
            raise KeyboardInterrupt
        if key.isdigit():
            selected.append(key)
            console.print(f"accept {' '.join(selected)} — Enter to save", style="dim")
        elif key in ("\r", "\n") and selected:
            return " ".join(selected)
        elif key in ("+", "-"):
            return key + console.input(key).strip()
        elif key == "m":
            return "m " + console.input("memo: ").strip()
        elif key in "arsuq?":
            return key


def run(
    session: ReviewSession,
    console: Console,
    messages: Console,
    stream: TextIO,
    *,
    interactive: bool = False,
    getchar: Callable[[], str] | None = None,
    after_decision: Callable[[int], None] | None = None,
) -> int:
    """Review until the queue ends, ``q``, end of input or Ctrl-C; returns decisions.
    ``after_decision`` is called with the count after each decision is committed."""
    try:
        while (item := session.current) is not None:
            render(console, session, item)
            if interactive and getchar is not None:
                line = read_keys(console, getchar)
            else:
                line = read_line(stream)
            if line is None:
                break
            outcome = session.handle(line)
            if outcome.kind == "quit":
                break
            if outcome.kind == "decided" and after_decision is not None:
                after_decision(session.decided)
            if outcome.message and outcome.kind != "skipped":
                style = "red" if outcome.kind == "error" else None
                messages.print(outcome.message, style=style, markup=False, highlight=False)
        else:
            messages.print(f"all {session.total} segments reviewed")
    except KeyboardInterrupt:
        pass
    messages.print(f"saved {session.decided} decisions")
    return session.decided
