"""Tokens and the word-level diff: figures, dates and words change whole, never in pieces."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dealdocs.redline.words import changes, similarity, tokens


@pytest.mark.parametrize("text, expected", [
    ("$330,000", ["$330,000"]),
    ("($330,000)", ["(", "$330,000", ")"]),
    ("$0.0001 par value", ["$0.0001", " ", "par", " ", "value"]),
    ("twelve percent (12%) per annum", ["twelve", " ", "percent", " ", "(", "12%", ")", " ",
                                        "per", " ", "annum"]),
    ("4.99% of the", ["4.99%", " ", "of", " ", "the"]),
    ("on January 11, 2019.", ["on", " ", "January 11, 2019", "."]),
    ("Friday, January 11, 2019", ["Friday", ",", " ", "January 11, 2019"]),
    ("(January 11, 2019)", ["(", "January 11, 2019", ")"]),
    ("File No. 001-32919", ["File", " ", "No", ".", " ", "001-32919"]),
    ("Rule 506(b), Item 3.02(a).", ["Rule", " ", "506(b)", ",", " ", "Item", " ", "3.02(a)",
                                    "."]),
    ("Thirty-Three Thousand", ["Thirty-Three", " ", "Thousand"]),
    ("the “Holder”),", ["the", " ", "“", "Holder", "”", ")", ","]),
    ("a\u00a0b\tc\nd", ["a", "\u00a0", "b", "\t", "c", "\n", "d"]),
    ("", []),
])
def test_tokens_keep_figures_dates_and_words_whole(text, expected):
    assert tokens(text) == expected


def _shown(old: str, new: str) -> list[tuple[str, str]]:
    return [(old[step.old_start:step.old_end], new[step.new_start:step.new_end])
            for step in changes(old, new) if step.tag != "equal"]


def test_a_changed_amount_is_one_deletion_and_one_insertion():
    assert _shown("principal of $330,000 payable", "principal of $350,000 payable") == [
        ("$330,000", "$350,000")]


def test_amount_words_change_word_by_word_not_letter_by_letter():
    assert _shown("Three Hundred Thirty Thousand Dollars ($330,000)",
                  "Three Hundred Fifty Thousand Dollars ($350,000)") == [
        ("Thirty", "Fifty"), ("$330,000", "$350,000")]


def test_a_changed_date_is_one_change():
    assert _shown("due on January 11, 2020.", "due on January 13, 2020.") == [
        ("January 11, 2020", "January 13, 2020")]


def test_changes_separated_only_by_spaces_read_as_one_phrase():
    assert _shown("payable Net Thirty Days", "payable within Sixty Days") == [
        ("Net Thirty", "within Sixty")]


def test_identical_texts_have_no_change():
    assert [step.tag for step in changes("same text", "same text")] == ["equal"]
    assert changes("", "") == []


def test_similarity_counts_words_not_spaces():
    assert similarity("a  b", "a b") == 1.0
    assert similarity("", "") == 1.0
    assert similarity("alpha beta", "gamma delta") == 0.0


# --- properties ----------------------------------------------------------------------------------

_WORDS = st.sampled_from([
    "the", "Note", "Holder", "principal", "Thirty", "Fifty", "$330,000", "$350,000", "$0.0001",
    "12%", "10%", "4.99%", "January 11, 2019", "March 3, 2020", "001-32919", "506(b)", "(", ")",
    ",", ".", "“", "”", "Three-Hundred", "3.02(a)", "Friday"])
_SPACES = st.sampled_from([" ", "  ", "\n", "\t", "\u00a0"])
_TEXT = st.lists(st.tuples(_WORDS, _SPACES), max_size=30).map(
    lambda pairs: "".join(word + space for word, space in pairs))


@st.composite
def _edited(draw) -> tuple[str, str]:
    """A text and a random edit of it: words inserted, deleted and replaced."""
    old = draw(_TEXT)
    pieces = tokens(old)
    for _ in range(draw(st.integers(0, 6))):
        at = draw(st.integers(0, len(pieces)))
        action = draw(st.sampled_from(["insert", "delete", "replace"]))
        if action == "insert" or not pieces:
            pieces[at:at] = [draw(_WORDS), draw(_SPACES)]
        elif action == "delete":
            del pieces[min(at, len(pieces) - 1)]
        else:
            pieces[min(at, len(pieces) - 1)] = draw(_WORDS)
    return old, "".join(pieces)


def _boundaries(text: str) -> set[int]:
    at, found = 0, {0}
    for token in tokens(text):
        at += len(token)
        found.add(at)
    return found


@settings(max_examples=300, deadline=None)
@given(_edited())
def test_accepting_gives_the_new_text_and_rejecting_the_old(pair):
    old, new = pair
    steps = changes(old, new)
    accepted = "".join(new[step.new_start:step.new_end] for step in steps)
    rejected = "".join(old[step.old_start:step.old_end] for step in steps)
    assert (accepted, rejected) == (new, old)
    for step in steps:
        if step.tag == "equal":
            assert old[step.old_start:step.old_end] == new[step.new_start:step.new_end]


@settings(max_examples=300, deadline=None)
@given(_edited())
def test_every_change_starts_and_ends_between_tokens(pair):
    old, new = pair
    old_cuts, new_cuts = _boundaries(old), _boundaries(new)
    for step in changes(old, new):
        assert {step.old_start, step.old_end} <= old_cuts
        assert {step.new_start, step.new_end} <= new_cuts


@settings(max_examples=300, deadline=None)
@given(_TEXT)
def test_tokens_join_back_to_the_text(text):
    assert "".join(tokens(text)) == text
