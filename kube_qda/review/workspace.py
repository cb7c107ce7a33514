"""The full-screen coding workspace (Textual): the interview on the left, the current
segment highlighted with its evidence; the numbered suggestions, the code tree with a
search box, and a code's definition on the right; keys and progress at the bottom.

Every decision goes through the review session (session.py), which commits it before
the screen moves on, exactly as the line protocol does."""

from __future__ import annotations

import time
from collections.abc import Callable

from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.widgets import Footer, Input, Static, Tree
from textual.widgets.tree import TreeNode

from kube_qda.project.records import SegmentRow
from kube_qda.review.panes import (
    CodeEntry,
    code_entries,
    definition_text,
    progress_text,
    segment_text,
    suggestions_text,
)
from kube_qda.review.session import Item, ReviewSession

CSS = """
Screen { layout: horizontal; }
#interview { width: 3fr; border: round $primary; padding: 0 1; }
#side { width: 2fr; }
#suggestions { height: auto; max-height: 60%; border: round $accent; padding: 0 1; }
#codes { height: 1fr; border: round $secondary; }
#definition { height: auto; max-height: 50%; border: round $warning; padding: 0 1; }
#picker, #memo { display: none; }
#progress { height: 1; color: $text-muted; }
.turn { margin-bottom: 1; }
.current { background: $boost; border-left: thick $accent; }
"""


KEYS = """\
a accept every suggestion that is not negated · r reject all
1-9 select suggestions, Enter saves the selection (none: reviewed, no code)
+ or / search the codes; Enter adds the one highlighted, Esc closes
↑ ↓ move in the code tree; space adds that code, - removes it
d its definition · c next segment with it
s skip · u undo · p previous · n next undecided · PgUp PgDn scroll
m memo · q quit (every decision is already saved)"""


class Workspace(App[int]):
    """Review one coder's queue; the app's return value is the number of decisions."""

    CSS = CSS
    TITLE = "kube-qda review"
    AUTO_FOCUS = None  # keys go to the workspace; the search box and memo take focus
    ENABLE_COMMAND_PALETTE = False
    BINDINGS = [
        Binding("a", "accept_all", "accept"),
        Binding("r", "reject_all", "reject"),
        Binding("1", "select(1)", "pick 1-9"),
        *(Binding(str(n), f"select({n})", show=False) for n in range(2, 10)),
        Binding("enter", "save", "save"),
        Binding("plus,slash", "pick", "code"),
        Binding("space", "add", "add code", show=False),
        Binding("minus", "remove", "remove code", show=False),
        Binding("up", "cursor(-1)", show=False),
        Binding("down", "cursor(1)", show=False),
        Binding("s", "skip", "skip"),
        Binding("u", "undo", "undo"),
        Binding("m", "memo", "memo"),
        Binding("n", "next_undecided", "next undecided", show=False),
        Binding("p", "previous", "previous", show=False),
        Binding("c", "next_with_code", "next with code", show=False),
        Binding("q", "quit_review", "quit"),
        Binding("question_mark", "help", "help"),
        Binding("d", "definition", "define"),
        Binding("escape", "close", show=False),
        Binding("pageup", "page(-1)", show=False),
        Binding("pagedown", "page(1)", show=False),
    ]

    def __init__(
        self,
        session: ReviewSession,
        *,
        after_decision: Callable[[int], None] | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        super().__init__()
        self.session = session
        self.after_decision = after_decision
        self.clock = clock
        self.entries = code_entries(session.project.codebook)
        self.labels = {e.id: e.label for e in self.entries}
        self.given = session.project.coder_codes(session.coder)
        #: the segments this coder has decided (kept here: the progress line needs it
        #: after every decision)
        self.reviewed = session.project.reviewed(session.coder)
        self.shown_turn: int | None = None
        self.selected: set[int] = set()
        self.added: list[str] = []
        self.shown_document: str | None = None
        #: the turns of the document shown: segment index -> (segment, its widget)
        self.turns: dict[int, tuple[SegmentRow, Static]] = {}
        self.nodes: dict[str, TreeNode[str]] = {}
        self.started = clock()

    def compose(self) -> ComposeResult:
        yield VerticalScroll(id="interview")
        with Vertical(id="side"):
            yield Static(id="suggestions")
            yield Static(id="definition")
            yield Input(placeholder="part of a code or label; Enter adds it", id="picker")
            yield Tree("codes", id="codes")
            yield Input(placeholder="memo; Enter saves it, Esc cancels", id="memo")
            yield Static(id="progress")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.query_one("#interview", VerticalScroll).can_focus = False
        tree = self.query_one("#codes", Tree)
        tree.show_root = False
        tree.can_focus = False
        self._fill_tree("")
        self.query_one("#definition", Static).display = False
        self.show_current()

    # -- showing ---------------------------------------------------------------------

    def show_current(self) -> None:
        """Show the session's current segment (or that the queue is done)."""
        item = self.session.current
        if item is None:
            self.query_one("#suggestions", Static).update(
                f"all {self.session.total} segments reviewed · q quits"
            )
            self._show_progress(None)
            return
        accepted = {code for code, status in item.decisions.items() if status == "accepted"}
        self.selected = {n for n, s in enumerate(item.suggestions, 1) if s["code"] in accepted}
        self.added = [code for code, status in item.decisions.items() if status == "added"]
        self._show_interview(item)
        self._show_suggestions(item)
        self._show_progress(item)

    def _show_interview(self, item: Item) -> None:
        pane = self.query_one("#interview", VerticalScroll)
        row = item.row
        changed = [self.shown_turn, row.index]  # the turn left, and the one shown now
        if self.shown_document != row.document:
            rows = self.session.project.segments(document=row.document, informant_only=False)
            widgets = self._widgets(len(rows))
            self.turns = {r.index: (r, w) for r, w in zip(rows, widgets, strict=True)}
            self.shown_document = row.document
            changed = list(self.turns)
        for index in changed:
            if index not in self.turns:
                continue
            turn, widget = self.turns[index]
            current = turn.index == row.index
            widget.set_class(current, "current")
            widget.update(segment_text(turn, current=current, codes=self.given.get(turn.id, ()),
                                       evidence=item.suggestions if current else ()))  # fmt: skip
        self.shown_turn = row.index
        self.call_after_refresh(pane.scroll_to_center, self.turns[row.index][1], animate=False)

    def _widgets(self, count: int) -> list[Static]:
        """``count`` turn widgets for a document, the ones a longer document needed
        before reused (hidden when not needed): switching documents mounts nothing
        new most of the time."""
        pane = self.query_one("#interview", VerticalScroll)
        pool = list(pane.query(".turn").results(Static))
        if len(pool) < count:
            more = [Static(classes="turn") for _ in range(count - len(pool))]
            pane.mount_all(more)
            pool += more
        for i, widget in enumerate(pool):
            widget.display = i < count
        return pool[:count]

    def _show_suggestions(self, item: Item) -> None:
        text = suggestions_text(item.suggestions, self.labels, self.selected, self.added)
        if item.memo:
            text.append(f"memo: {item.memo}\n", style="italic")
        for code in sorted({s["code"] for s in item.suggestions} & self.session.splits.keys()):
            text.append(f"{code} was split into {', '.join(self.session.splits[code])}\n",
                        style="magenta")  # fmt: skip
        self.query_one("#suggestions", Static).update(text)

    def _show_progress(self, item: Item | None) -> None:
        session = self.session
        document = item.row.document if item else ""
        reviewed = self.reviewed
        in_document = [r.id for r in session.rows if r.document == document]
        pace = (self.clock() - self.started) / session.decided if session.decided else None
        line = progress_text(sum(r.id in reviewed for r in session.rows), session.total,
                             document, sum(i in reviewed for i in in_document),
                             len(in_document), pace)  # fmt: skip
        self.query_one("#progress", Static).update(line)

    def _fill_tree(self, query: str) -> None:
        """The categories and the codes matching ``query``, with how often this coder
        gave each so far; the cursor on the first match."""
        tree = self.query_one("#codes", Tree)
        tree.clear()
        counts: dict[str, int] = {}
        for codes in self.given.values():
            for code in codes:
                counts[code] = counts.get(code, 0) + 1
        categories: dict[str, TreeNode[str]] = {}
        self.nodes = {}
        for entry in self.entries:
            if not entry.matches(query):
                continue
            if entry.category not in categories:
                categories[entry.category] = tree.root.add(entry.category, expand=True)
            label = _tree_label(entry, counts.get(entry.id, 0))
            self.nodes[entry.id] = categories[entry.category].add_leaf(label, data=entry.id)
        if self.nodes:
            first = next(iter(self.nodes.values()))
            self.call_after_refresh(tree.move_cursor, first)
        self._show_definition()

    def highlighted(self) -> CodeEntry | None:
        node = self.query_one("#codes", Tree).cursor_node
        code = node.data if node is not None else None
        return next((e for e in self.entries if e.id == code), None)

    def _show_definition(self) -> None:
        panel = self.query_one("#definition", Static)
        entry = self.highlighted()
        panel.update(definition_text(entry) if entry else "")

    # -- deciding --------------------------------------------------------------------

    def _decide(self, tokens: list[str]) -> None:
        """Commit a decision (session.handle) and show the next segment."""
        item = self.session.current
        if item is None:
            return
        command = " ".join(tokens + [f"+{code}" for code in self.added])
        outcome = self.session.handle(command)
        if outcome.kind == "error":
            self.notify(outcome.message, severity="error")
            return
        chosen = {c for c, status in outcome.statuses.items() if status in ("accepted", "added")}
        changed = chosen ^ self.given.get(item.row.id, set())
        self.given[item.row.id] = chosen
        self.reviewed.add(item.row.id)
        if self.after_decision is not None:
            self.after_decision(self.session.decided)
        self._refresh_counts(changed)
        self.show_current()

    def _refresh_counts(self, codes: set[str] | None = None) -> None:
        """Show how often each code (or only ``codes``, whose counts changed) was given."""
        counts: dict[str, int] = {}
        for given in self.given.values():
            for code in given:
                counts[code] = counts.get(code, 0) + 1
        by_id = {e.id: e for e in self.entries}
        for code, node in self.nodes.items():
            if codes is None or code in codes:
                node.set_label(_tree_label(by_id[code], counts.get(code, 0)))

    def action_accept_all(self) -> None:
        self._decide(["a"])

    def action_reject_all(self) -> None:
        self._decide(["r"])

    def action_save(self) -> None:
        self._decide([str(n) for n in sorted(self.selected)] or ["r"])

    def action_select(self, number: int) -> None:
        """Select suggestion ``number`` for saving, or unselect it."""
        item = self.session.current
        if item is None or number > len(item.suggestions):
            return
        self.selected ^= {number}
        self._show_suggestions(item)

    def action_add(self) -> None:
        """Add the highlighted code to this segment's decision (a suggested one is
        selected instead)."""
        item, entry = self.session.current, self.highlighted()
        if item is None or entry is None:
            return
        suggested = [s["code"] for s in item.suggestions]
        if entry.id in suggested:
            self.selected.add(suggested.index(entry.id) + 1)
        elif entry.id not in self.added:
            self.added.append(entry.id)
        self._show_suggestions(item)

    def action_remove(self) -> None:
        item, entry = self.session.current, self.highlighted()
        if item is None or entry is None:
            return
        suggested = [s["code"] for s in item.suggestions]
        if entry.id in suggested:
            self.selected.discard(suggested.index(entry.id) + 1)
        if entry.id in self.added:
            self.added.remove(entry.id)
        self._show_suggestions(item)

    def action_cursor(self, step: int) -> None:
        tree = self.query_one("#codes", Tree)
        tree.action_cursor_down() if step > 0 else tree.action_cursor_up()
        self._show_definition()

    def action_page(self, step: int) -> None:
        pane = self.query_one("#interview", VerticalScroll)
        pane.scroll_page_down() if step > 0 else pane.scroll_page_up()

    def action_skip(self) -> None:
        self.session.handle("s")
        self.show_current()

    def action_undo(self) -> None:
        outcome = self.session.handle("u")
        if outcome.kind == "error":
            self.notify(outcome.message, severity="warning")
            return
        self.given = self.session.project.coder_codes(self.session.coder)
        self.reviewed = self.session.project.reviewed(self.session.coder)
        self._refresh_counts()
        self.show_current()

    def action_previous(self) -> None:
        self.session.go(self.session.position - 1)
        self.show_current()

    def action_next_undecided(self) -> None:
        if not self.session.next_undecided():
            self.notify("no undecided segment after this one")
        self.show_current()

    def action_next_with_code(self) -> None:
        entry = self.highlighted()
        if entry is not None and not self.session.next_with(entry.id):
            self.notify(f"no later segment with {entry.id}")
        self.show_current()

    def action_definition(self) -> None:
        panel = self.query_one("#definition", Static)
        panel.display = not panel.display
        self._show_definition()

    # -- the search box and the memo editor -------------------------------------------

    def action_pick(self) -> None:
        picker = self.query_one("#picker", Input)
        picker.display = True
        picker.value = ""
        picker.focus()

    def action_memo(self) -> None:
        item = self.session.current
        if item is None:
            return
        editor = self.query_one("#memo", Input)
        editor.display = True
        editor.value = item.memo
        editor.focus()

    def action_close(self) -> None:
        for name in ("#picker", "#memo"):
            self.query_one(name, Input).display = False
        self._fill_tree("")
        self.set_focus(None)

    def on_tree_node_highlighted(self, event: Tree.NodeHighlighted[str]) -> None:
        """The cursor moved in the tree (by key or mouse): show that code's definition."""
        self._show_definition()

    def on_tree_node_selected(self, event: Tree.NodeSelected[str]) -> None:
        """A click on a code adds it, as space does."""
        if event.node.data is not None:
            self.action_add()

    def on_input_changed(self, event: Input.Changed) -> None:
        if event.input.id == "picker":
            self._fill_tree(event.value)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if event.input.id == "picker":
            self.action_add()
        elif event.value.strip():
            outcome = self.session.handle("m " + event.value)
            self.notify(outcome.message)
            item = self.session.current
            if item is not None:
                self._show_suggestions(item)
        self.action_close()

    def action_help(self) -> None:
        self.notify(KEYS, title="keys", timeout=20)

    def action_quit_review(self) -> None:
        self.exit(self.session.decided)


def _tree_label(entry: CodeEntry, count: int) -> str:
    """A code in the tree: its id within the category, its label, how often given."""
    return f"{entry.id.split('.', 1)[-1]} · {entry.label} ({count})"
