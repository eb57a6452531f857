"""The strict, bounded JSON reader and writer of the data file (followup.dataformat).

Each refusal says where (the JSON path) and what is wrong; unknown fields, numbers included,
come back exactly as written; the writer never writes what the reader refuses. The command
line and the bridge both read through it.
"""

from __future__ import annotations

import copy
import json
import math
import pickle

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from followup import bridge, cli, cliparts, dataformat, edit, jsonwrite, planner, validation
from followup.dataerrors import DataError
from followup.jsonread import MAX_CHARS, MAX_DEPTH, MAX_DIGITS, JsonFloat
from helpers import app, raw

NOW = "2026-11-18T10:00:00-05:00"


def with_unknown(value_text: str) -> str:
    """A valid document whose first application has ``"remarks": <value_text>`` (raw JSON):
    a field the format does not know, kept as written."""
    text = json.dumps(raw(app(remarks="@@NOTES@@")))
    return text.replace('"@@NOTES@@"', value_text)


def refused(text: str) -> DataError:
    with pytest.raises(DataError) as caught:
        dataformat.load(text)
    return caught.value


# -- one refusal each, with its path -----------------------------------------------------------

def test_an_integer_beyond_the_digit_limit_is_refused_with_its_path():
    error = refused(with_unknown("9" * 5000))
    assert error.path == "applications[0].remarks"
    assert str(error) == ("applications[0].remarks: a number of 5,000 digits; a data file's "
                          f"numbers have at most {MAX_DIGITS} digits")
    assert refused(with_unknown("-" + "1" * (MAX_DIGITS + 1))).path == "applications[0].remarks"
    loaded, _ = dataformat.load(with_unknown("9" * MAX_DIGITS))
    assert loaded["applications"][0]["remarks"] == int("9" * MAX_DIGITS)


def test_a_fraction_beyond_the_digit_limit_is_refused_too():
    error = refused(with_unknown("0." + "1" * MAX_DIGITS))
    assert error.path == "applications[0].remarks"
    assert f"a number of {MAX_DIGITS + 1} digits" in error.problem


@pytest.mark.parametrize(("value", "problem"), [
    ("NaN", "NaN is not allowed in the data file (JSON has no such number)"),
    ("Infinity", "Infinity is not allowed in the data file"),
    ("[1, -Infinity]", "-Infinity is not allowed in the data file"),
    ("1e400", "the number 1e400 is too large (it overflows to infinity"),
    ("-1.5E+999", "the number -1.5E+999 is too large"),
])
def test_nan_infinity_and_overflowing_numbers_are_refused_with_their_path(value, problem):
    error = refused(with_unknown(value))
    assert error.path == ("applications[0].remarks[1]" if value.startswith("[")
                          else "applications[0].remarks")
    assert problem in error.problem


def test_a_tiny_number_that_underflows_to_zero_is_kept_as_written():
    loaded, _ = dataformat.load(with_unknown("1e-400"))
    assert '"remarks": 1e-400' in jsonwrite.dump(loaded)


@pytest.mark.parametrize(("text", "path", "shown"), [
    (with_unknown(r'"fine \ud800 text"'), "applications[0].remarks", r"\ud800, at character 6"),
    (with_unknown(r'{"a": ["ok", "\udfff"]}'), "applications[0].remarks.a[1]", r"\udfff"),
    (with_unknown(r'"\ud83d"'), "applications[0].remarks", r"\ud83d"),  # a pair's first half
    (with_unknown('"raw \ud800 character"'), "applications[0].remarks", r"\ud800"),  # the page's
])
def test_a_lone_surrogate_in_a_value_is_refused_with_its_path(text, path, shown):
    error = refused(text)
    assert error.path == path
    assert "lone surrogate" in error.problem
    assert shown in error.problem


def test_a_lone_surrogate_in_a_key_is_refused_and_shown_escaped():
    error = refused(with_unknown(r'{"bad\ud800key": 1}'))
    assert error.path == r'applications[0].remarks["bad\ud800key"]'
    assert "the key holds a lone surrogate" in error.problem
    # the message itself can be printed and encoded anywhere
    str(error).encode("utf-8")


def test_a_surrogate_pair_is_one_character_and_welcome():
    loaded, _ = dataformat.load(with_unknown(r'"smile \ud83d\ude00"'))
    assert loaded["applications"][0]["remarks"] == "smile \U0001f600"


@pytest.mark.parametrize(("text", "path"), [
    (json.dumps(raw()).replace('"company": "Acme Corp"',
                               '"company": "Acme Corp", "company": "Other"'),
     "applications[0].company"),
    (json.dumps(raw())[:-1] + ', "format": "followup-planner"}', "format"),
    (with_unknown('{"x": 1, "y": {"z": 1, "z": 2}}'), "applications[0].remarks.y.z"),
    (with_unknown('{"a b": 1, "a b": 2}'), 'applications[0].remarks["a b"]'),
])
def test_a_key_that_appears_twice_in_an_object_is_refused_with_its_path(text, path):
    error = refused(text)
    assert error.path == path
    assert error.problem == ("this key appears more than once in the same object; each key "
                             "may appear once")


def test_the_same_key_in_two_objects_is_fine():
    dataformat.load(with_unknown('[{"k": 1}, {"k": 2}]'))


def test_nesting_beyond_the_limit_is_refused_with_where_it_starts():
    # the document itself uses 3 levels down to an application; remarks adds the rest
    fits = "[" * (MAX_DEPTH - 3) + "]" * (MAX_DEPTH - 3)
    dataformat.load(with_unknown(fits))
    error = refused(with_unknown("[" + fits + "]"))
    assert error.path == "applications[0].remarks" + "[0]" * (MAX_DEPTH - 3)
    assert error.problem.startswith(f"nested too deeply: more than {MAX_DEPTH} levels (at line 1, "
                                    "column ")


def test_ten_thousand_levels_are_refused_without_recursion():
    for opening, closing in (("[", "]"), ('{"a":', "}")):
        error = refused(with_unknown(opening * 10_000 + "1" + closing * 10_000))
        assert "nested too deeply" in str(error)
        assert len(str(error)) < 300


def test_brackets_inside_strings_do_not_count_as_nesting():
    dataformat.load(with_unknown(json.dumps("[{" * 5000 + '\\"[')))


def test_a_file_beyond_the_size_limit_is_refused_before_it_is_parsed():
    text = json.dumps(raw())
    error = refused(text + " " * (MAX_CHARS + 1 - len(text)))
    assert error.path == ""
    assert str(error) == (f"the file is too large ({MAX_CHARS + 1:,} characters; at most "
                          f"{MAX_CHARS:,})")
    dataformat.load(text + " " * (MAX_CHARS - len(text)))


def test_a_leading_byte_order_mark_is_accepted_and_not_written_back():
    loaded, document = dataformat.load("\ufeff" + json.dumps(raw()))
    assert document.applications[0].company == "Acme Corp"
    assert not jsonwrite.dump(loaded).startswith("\ufeff")
    assert "the file is empty" in str(refused("\ufeff  \n"))
    assert str(refused("\ufeff\ufeff" + json.dumps(raw()))) == (
        "not valid JSON: it starts with a second byte order mark (U+FEFF); one is skipped, a "
        "second is not")


@pytest.mark.parametrize("tail", ["x", "}", " {}", "\n[1]", '"more"'])
def test_anything_after_the_document_is_refused_in_words(tail):
    error = refused(json.dumps(raw()) + tail)
    assert error.problem.startswith("not valid JSON: there is more after the end of the "
                                    "document (at line ")
    assert error.problem.endswith("a data file is one JSON object")
    assert "Extra data" not in str(error)


# -- unknown fields come back exactly ----------------------------------------------------------

EXACT = """{
  "format": "followup-planner",
  "version": 1,
  "settings": {
    "timezone": "America/New_York",
    "theme": {
      "contrast": 1.10
    }
  },
  "applications": [
    {
      "id": "acme",
      "company": "Acme Corp",
      "role": "Data Analyst",
      "contacts": [
        {
          "id": "dana",
          "name": "Dana Lee",
          "email": "dana@acme.example"
        }
      ],
      "interviews": [
        {
          "id": "r1",
          "ends_at": "2026-11-17T15:00:00-05:00",
          "with": [
            "dana"
          ]
        }
      ],
      "events": [],
      "ledger": {
        "big": 12345678901234567890,
        "ratio": 1.10,
        "hundred": 1e2,
        "tiny": 2.5E-7,
        "negative_zero": -0.0,
        "integer_negative_zero": -0,
        "precise": 0.1000000000000000055511151231257827,
        "words": "Café ☕ naïve 日本語 \\ud83d\\ude00 \\u0000 \\"quoted\\"",
        "deeper": {
          "list": [
            1.0,
            [],
            {},
            null,
            true,
            false
          ]
        }
      }
    }
  ]
}
"""


def test_a_valid_document_comes_back_with_every_number_as_written():
    loaded, _ = dataformat.load(EXACT)
    text = jsonwrite.dump(loaded)
    for literal in ("12345678901234567890", "1.10", "1e2", "2.5E-7", "-0.0", '"integer_'
                    'negative_zero": -0', "0.1000000000000000055511151231257827", "1.0"):
        assert literal in text
    # the writer's layout is the only change: the emoji escape becomes the character itself
    assert text == EXACT.replace("\\ud83d\\ude00", "\U0001f600")
    assert jsonwrite.dump(dataformat.load(text)[0]) == text


def test_numbers_are_kept_through_an_edit_made_by_the_page_or_the_command_line():
    loaded, document = dataformat.load(EXACT)
    new, _, _ = edit.apply(loaded, document, {
        "op": "record", "app": "acme", "type": "thank_you",
        "at": "2026-11-18T09:00:00-05:00", "contact": "dana"}, now=planner_now())
    text = jsonwrite.dump(new)
    assert '"ratio": 1.10,' in text
    assert '"hundred": 1e2,' in text
    assert '"contrast": 1.10' in text
    assert '"big": 12345678901234567890,' in text


def planner_now():
    return validation.parse_datetime(NOW)


def test_compact_input_keeps_its_numbers_text_too():
    text = with_unknown('{"a": 1.10, "b": [1e2, -0.0, 12345678901234567890]}')
    out = jsonwrite.dump(dataformat.load(text)[0])
    assert '"a": 1.10' in out
    assert "1e2," in out
    assert "-0.0," in out
    assert "12345678901234567890\n" in out


def test_a_kept_number_is_still_a_number_and_survives_copying():
    loaded, _ = dataformat.load(with_unknown("1.10"))
    number = loaded["applications"][0]["remarks"]
    assert isinstance(number, float)
    assert number == 1.1
    assert isinstance(number, JsonFloat)
    for copied in (copy.copy(number), copy.deepcopy(number), pickle.loads(pickle.dumps(number))):
        assert copied.text == "1.10"
    again = copy.deepcopy(loaded)
    assert jsonwrite.dump(again) == jsonwrite.dump(loaded)


# -- the writer --------------------------------------------------------------------------------

JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(st.characters(exclude_categories=["Cs"])),
    lambda inner: st.lists(inner, max_size=4)
    | st.dictionaries(st.text(st.characters(exclude_categories=["Cs"]), max_size=6), inner,
                      max_size=4),
    max_leaves=20,
)


@settings(max_examples=150, deadline=None)
@given(JSON_VALUES)
def test_the_writer_lays_out_text_as_json_dumps_with_indent_2_does(extra):
    document = raw()
    document["extra"] = extra
    assert jsonwrite.dump(document) == json.dumps(document, ensure_ascii=False, indent=2) + "\n"
    again, _ = dataformat.load(jsonwrite.dump(document))
    assert again == document


@pytest.mark.parametrize(("bad", "path", "problem"), [
    (math.nan, "applications[0].remarks", "nan cannot be written to the data file"),
    ([1, math.inf], "applications[0].remarks[1]", "inf cannot be written"),
    (-math.inf, "applications[0].remarks", "-inf cannot be written"),
    ("half \ud800", "applications[0].remarks", "lone surrogate"),
    ({"k\udc00": 1}, r'applications[0].remarks["k\udc00"]', "the key holds a lone surrogate"),
    (10 ** MAX_DIGITS, "applications[0].remarks", f"more than {MAX_DIGITS} digits"),
    (-(10 ** 5000), "applications[0].remarks", f"more than {MAX_DIGITS} digits"),
    ({1: "x"}, "applications[0].remarks", "the key 1 is not text"),
    ({"s": {1, 2}}, "applications[0].remarks.s", "a set cannot be written as JSON"),
], ids=["nan", "inf", "-inf", "surrogate", "surrogate-key", "101-digits", "5001-digits",
        "int-key", "set"])
def test_the_writer_never_writes_what_the_reader_refuses(bad, path, problem):
    document = raw(app(remarks=bad))
    with pytest.raises(DataError) as caught:
        jsonwrite.dump(document)
    assert caught.value.path == path
    assert problem in caught.value.problem


def test_the_writer_refuses_deep_and_circular_data():
    fits: object = 1
    for _ in range(MAX_DEPTH - 3):  # the document's own levels down to an application: 3
        fits = [fits]
    jsonwrite.dump(raw(app(remarks=fits)))
    with pytest.raises(DataError, match="nested too deeply") as caught:
        jsonwrite.dump(raw(app(remarks=[fits])))
    assert caught.value.path == "applications[0].remarks" + "[0]" * (MAX_DEPTH - 3)
    loop: dict[str, object] = {}
    loop["self"] = loop
    with pytest.raises(DataError, match="nested too deeply"):
        jsonwrite.dump({"format": "followup-planner", "loop": loop})


# -- the bridge: each bad document is a plain failure, never a fault ---------------------------

BAD_DOCUMENTS = {
    "5,000-digit integer": (with_unknown("9" * 5000), "applications[0].remarks: a number of 5,000"),
    "NaN": (with_unknown("NaN"), "applications[0].remarks: NaN is not allowed"),
    "1e400": (with_unknown("1e400"), "applications[0].remarks: the number 1e400 is too large"),
    "escaped lone surrogate": (with_unknown(r'"\ud800"'),
                               "applications[0].remarks: the text holds"),
    "raw lone surrogate": (with_unknown('"\udc00"'), "applications[0].remarks: the text holds"),
    "surrogate key": (with_unknown(r'{"\ud800": 1}'),
                      'applications[0].remarks["\\ud800"]: the key'),
    "duplicate key": (with_unknown('{"k": 1, "k": 2}'), "applications[0].remarks.k: this key "
                                                       "appears more than once"),
    "10,000 levels": (with_unknown("[" * 10_000 + "]" * 10_000), "nested too deeply"),
    "trailing garbage": (json.dumps(raw()) + " trailing", "there is more after the end"),
    "too large": (json.dumps(raw()) + " " * MAX_CHARS, "the file is too large"),
}


@pytest.mark.parametrize("name", list(BAD_DOCUMENTS))
@pytest.mark.parametrize("function", ["agenda", "validate", "describe", "change"])
def test_the_bridge_answers_a_bad_document_with_a_sentence(name, function):
    text, message = BAD_DOCUMENTS[name]
    request = {"document": text, "now": "2026-11-18T15:00:00+00:00",
               "change": {"op": "update_application", "app": "acme",
                          "fields": {"closed": True}}}
    answer = bridge.call(function, json.dumps(request))
    answer.encode("utf-8")  # the page can take it: no lone surrogate in the answer
    result = json.loads(answer)
    assert result == {"ok": False, "error": result["error"]}
    assert message in result["error"]
    assert "Traceback" not in result["error"]


def test_the_bridge_reads_a_backup_with_a_byte_order_mark():
    result = json.loads(bridge.call("agenda", json.dumps({
        "document": "\ufeff" + json.dumps(raw()), "now": "2026-11-18T15:00:00+00:00"})))
    assert result["ok"] is True


# -- the command line's reading and its last line of defence ----------------------------------

def run_cli(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str]:
    code = cli.main(list(argv))
    return code, capsys.readouterr().err


@pytest.mark.parametrize(("content", "message"), [
    (b'{"format": "followup-planner", "version": 1, "x": "\xff"}',
     "not a text file (byte 52 is not UTF-8; expected UTF-8 JSON)"),
    (b"\xef\xbb\xbf" + json.dumps(raw()).encode() + b"\x00", "there is more after the end"),
    (with_unknown("9" * 5000).encode(), "applications[0].remarks: a number of 5,000 digits"),
    (with_unknown(r'"\ud800"').encode(),
     "applications[0].remarks: the text holds a lone surrogate"),
])
def test_the_command_line_reads_bytes_and_says_what_is_wrong(tmp_path, capsys, content, message):
    path = tmp_path / "plan.json"
    path.write_bytes(content)
    code, err = run_cli(capsys, "plan", str(path), "--now", NOW)
    assert code == 2
    assert err.startswith(f"followup: {path}: ")
    assert message in err
    assert err.count("\n") == 1


def test_a_byte_order_mark_is_fine_for_the_command_line(tmp_path, capsys):
    path = tmp_path / "plan.json"
    path.write_bytes(b"\xef\xbb\xbf" + json.dumps(raw()).encode())
    assert run_cli(capsys, "check", str(path), "--now", NOW) == (0, "")


def test_a_folder_a_missing_file_and_an_oversized_file_are_one_line(tmp_path, capsys,
                                                                    monkeypatch):
    assert run_cli(capsys, "plan", str(tmp_path), "--now", NOW) == (
        2, f"followup: {tmp_path}: a folder, not a data file\n")
    assert run_cli(capsys, "plan", str(tmp_path / "none.json"), "--now", NOW) == (
        2, f"followup: {tmp_path / 'none.json'}: no such file\n")
    path = tmp_path / "big.json"
    path.write_text(json.dumps(raw()) + " " * 100)
    monkeypatch.setattr(cliparts, "_MAX_BYTES", 50)
    code, err = run_cli(capsys, "plan", str(path), "--now", NOW)
    assert code == 2
    assert err.startswith(f"followup: {path}: the file is too large (more than 50 bytes")


def test_an_unexpected_exception_is_one_line_and_exit_70(tmp_path, capsys, monkeypatch):
    """A bug of the command line's own is not bad input: status 70, one line asking for a
    report, the file untouched; with --debug, the traceback comes first."""
    path = tmp_path / "plan.json"
    path.write_text(json.dumps(raw()))
    before = path.read_bytes()

    def explode(*args: object, **kwargs: object) -> None:
        raise RuntimeError("boom\nsecond line")

    monkeypatch.setattr(planner, "actions", explode)
    monkeypatch.setattr(edit, "apply", explode)
    for argv in (["plan", str(path)], ["ics", str(path), "-o", str(tmp_path / "out.ics")],
                 ["log", str(path), "acme", "close"]):
        assert run_cli(capsys, *argv, "--now", NOW) == (
            70, "followup: unexpected problem (RuntimeError): boom\\nsecond line; nothing was "
                "changed. This is a bug in followup: please report it, with the output of the "
                "same command run with --debug first\n")
    code, err = run_cli(capsys, "--debug", "plan", str(path), "--now", NOW)
    assert code == 70
    assert err.startswith("Traceback (most recent call last):")
    assert 'raise RuntimeError("boom\\nsecond line")' in err
    assert err.splitlines()[-1].startswith("followup: unexpected problem (RuntimeError)")
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["plan.json"]
