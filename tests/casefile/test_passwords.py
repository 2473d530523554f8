"""Password rules (issue 14): from the rules as the issue states them, not from the code."""

import pytest
from hypothesis import given, settings, strategies as st

from casefile.passwords import MESSAGES, Rules, message, problems


@pytest.mark.parametrize(
    "password,code",
    [
        ("", "required"),
        ("x" * 1001, "too_long"),
        ("Abend\x00rot-Saale-9", "control_chars"),
        ("Kurz-9!", "too_short"),
        ("passwort", "common"),
        ("Passwort2026!", "common"),  # a common stem with digits and punctuation
        ("P@ssw0rt-2026", "common"),  # letter substitutions undone
        ("Sommer2026!!", "common"),  # from the German list
        ("Landratsamt-2026", "common"),
        ("a.schneider-Abendrot", "user_name"),
        ("Schneider-Abendrot-77", "user_name"),  # a part of the user name
        ("qwertzuiop1234!", "common"),  # a German keyboard walk
        ("abcdefghijklmnop", "too_weak"),
        ("aaaaaaaaaaaaaaaaaa", "too_weak"),
    ],
)
def test_weak_passwords_are_refused_with_a_reason(password, code):
    assert code in problems(password, "a.schneider")


@pytest.mark.parametrize(
    "password",
    [
        "Brückenbau am Mühlgraben 7",
        "Abendrot-über-der-Saale-9",
        "korrekt Pferd Batterie Heftklammer",
        "Xq7!pL9#mZ2w",
        "Saale-Unstrut-Probelauf-7",
    ],
)
def test_good_passwords_and_passphrases_pass(password):
    assert problems(password, "a.schneider") == []


def test_the_county_can_ask_for_passphrases_and_longer_passwords():
    rules = Rules(min_length=16, min_words=4)
    assert "too_short" in problems("Xq7!pL9#mZ2w", "x", rules)
    assert "too_few_words" in problems("Abendrot-über-Saale-9", "x", rules)
    assert problems("korrekt Pferd Batterie Heftklammer", "x", rules) == []


def test_every_reason_has_a_german_sentence():
    rules = Rules()
    for code in MESSAGES:
        text = message([code], rules)
        assert text.endswith(".") and "{" not in text


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=60), st.text(max_size=20))
def test_any_input_gives_codes_never_an_exception(password, user):
    assert set(problems(password, user)) <= set(MESSAGES)
