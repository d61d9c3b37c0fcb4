"""The one user-facing error type and the catalogue of what it can say.

Every message a candidate can see when something goes wrong lives here, so
the wording is in one place, tests assert on the key, and translating the
interface is a change to one catalogue. Messages end with how to fix the
problem, after an em dash. Each template is a gettext msgid: `render()`
translates it when it is shown, and the catalogue tool extracts every member
(scripts/catalogues.py), so a new member needs no marking.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum
from typing import Any


class Msg(Enum):
    # Reading a pack file.
    FILE_MISSING = "no such file or folder — check the path"
    FILE_UNREADABLE = "cannot read the file ({reason}) — check that it exists and you may read it"
    FILE_TOO_LARGE = (
        "the file is {size} bytes, more than the {limit} bytes a pack may hold"
        " — split it into several packs"
    )
    FILE_BINARY = "this is a binary file, not YAML text — a pack must be a UTF-8 text file"
    FILE_ENCODING = "the file is encoded as {encoding}, not UTF-8 — save it as UTF-8"
    FILE_NOT_UTF8 = (
        "byte 0x{byte:02x} is not UTF-8 (the file looks like Latin-1 or Windows-1252)"
        " — save it as UTF-8"
    )
    YAML_SYNTAX = "YAML syntax error: {problem} — {fix}"
    YAML_EMPTY = (
        "the file is empty — a pack needs a 'pack:' header and at least one item"
        " (`aecoach packs new NAME` writes a starter)"
    )
    YAML_MULTI_DOC = "the file holds more than one YAML document — keep one pack per file"
    YAML_TOP_NOT_MAPPING = "the top level is {found}, not a mapping — start the file with 'pack:'"
    YAML_ALIAS = (
        "anchors and aliases (&name, *name) are not allowed in packs — write the value out in full"
    )
    YAML_TAG = (
        "the tag '{tag}' is not allowed — remove it; packs hold plain text, numbers and lists"
    )
    YAML_TOO_DEEP = "nested deeper than {limit} levels — a pack is only a few levels deep"
    YAML_DUPLICATE_KEY = "'{key}' appears twice in this mapping (first on line {first}) — keep one"
    # Validating a pack's content.
    MISSING_FIELD = "{where}: '{field}' is missing — add it"
    UNKNOWN_FIELD = "{where}: unknown field '{field}' — {hint}"
    NOT_TEXT = "{where}: expected text, found {found} — write it as text in quotes"
    NOT_LIST = "{where}: expected a list, found {found} — write it as [a, b] or as '- ' lines"
    NOT_MAPPING = (
        "{where}: expected a mapping of fields, found {found} — write it as 'field: value' lines"
    )
    NOT_NUMBER = (
        "{where}: expected a whole number of seconds, found {found} — write a number such as 90"
    )
    NOT_PLAIN_NUMBER = (
        "{where}: expected a number, found {found}"
        " — write it plainly, such as 1800000 or 3.5 (no quotes, separators or unit)"
    )
    ANSWER_NOT_ALLOWED = (
        "{where}: '{field}' is only for pipeline-maths questions (this one is '{kind}')"
        " — remove it, or make the kind pipeline-maths"
    )
    EMPTY_TEXT = "{where}: is empty — write the text"
    TEXT_TOO_LONG = "{where}: is {length} characters, more than the {limit} allowed — shorten it"
    BAD_CHOICE = "{where}: '{value}' is not a known {what} — {hint}"
    BAD_ID = (
        "{where}: '{value}' is not a valid id — use lower-case letters, digits and hyphens,"
        " such as '{example}'"
    )
    DUPLICATE_ID = "{where}: the id '{value}' is used twice (first on line {first}) — give each item its own id"
    OUT_OF_RANGE = "{where}: {value} is outside {low} to {high} — pick a value in that range"
    TOO_FEW = "{where}: needs at least {minimum}, found {count} — add more"
    TOO_MANY = "{where}: holds {count} entries, more than the {limit} allowed — split the pack"
    DUPLICATE_ENTRY = "{where}: '{value}' is listed twice — list it once"
    PACK_EMPTY = "the pack holds no questions, tips, asks or objections — add at least one"
    # Using the bank.
    BANK_INVALID = "{problem}{more}"
    BANK_MORE = "\n  (and {count} more: run `aecoach packs validate {path}` to see them all)"
    NO_MATCH = "no {what} match {filters} — loosen the filters, or list everything without them"
    UNKNOWN_ID = "no question with the id '{value}'{hint} — list the ids with `aecoach questions`"
    AMBIGUOUS_ID = "'{value}' matches several questions ({matches}) — give the full id"
    # --- Practice sessions and the history (issue 3) ---
    # These are raised with location=<the history file>, so they read
    # "<path>: <message>".
    NEED_TERMINAL = (
        "practice is interactive, but {what} is not a terminal"
        " — run `aecoach practice` in a terminal window, not through a pipe, a file or CI"
    )
    HISTORY_EMPTY_FILE = (
        "the history file is empty (0 bytes), so aecoach did not write it"
        " — move it aside (for example rename it to history.sqlite3.bak) and aecoach will start a new one"
    )
    HISTORY_NOT_DB = (
        "this is not a history database: it looks like {looks}"
        " — move it aside, or set AECOACH_HOME to another folder; aecoach has not changed it"
    )
    HISTORY_FOREIGN = (
        "this is a SQLite database from another program, not an aecoach history"
        " — move it aside, or set AECOACH_HOME to another folder; aecoach has not changed it"
    )
    HISTORY_CORRUPT = (
        "the history file is damaged ({detail})"
        " — keep a copy and move it aside to start a new one (sqlite3's .recover command may rescue"
        " the answers); aecoach has not changed it"
    )
    HISTORY_NEWER = (
        "this history was written by a newer aecoach (schema version {found}; this aecoach knows"
        " up to {known}) — update aecoach to use it; the file was not changed"
    )
    HISTORY_LOCKED = (
        "the history is locked by another program for more than {seconds} s"
        " — finish the other aecoach (or sqlite3) session, then try again"
    )
    HISTORY_READ_ONLY = (
        "cannot write the history ({reason})"
        " — make {target} writable, or set AECOACH_HOME to a folder you can write"
    )
    HISTORY_DISK_FULL = (
        "the disk is full, so the history cannot grow"
        " — free some space and try again; the answers already saved are safe"
    )
    HISTORY_UNREADABLE = "cannot read the history file ({reason}) — check that you may read it"
    HISTORY_NOT_FILE = "this is a folder, not a history file — move it aside, or set AECOACH_HOME to another folder"
    HISTORY_IO = (
        "the history could not be {action} ({detail})"
        " — check the disk and try again; the answers already saved are safe"
    )
    HISTORY_NO_FOLDER = (
        "cannot create the folder for the history ({reason})"
        " — set AECOACH_HOME to a folder you can write"
    )
    NO_HISTORY = "no history yet — run `aecoach practice` to start one"
    ANSWER_NOT_SAVED = (
        "the answer shown above is not saved — copy it from the screen;"
        " the answers saved before it are safe"
    )
    PRACTICE_INTERRUPTED = (
        "stopped: {saved} saved and the session is marked interrupted"
        " — see it with `aecoach history`"
    )
    PRACTICE_NOT_STARTED = "stopped before any answer was rated; nothing was saved — run `aecoach practice` again when ready"
    STDOUT_UNWRITABLE = "cannot write to standard output ({reason}) — send the output to a file or a program that can take it"
    # --- Spoken answers (issue 13) ---
    # Raised with location=<the audio file> or <the model folder>.
    VOICE_NOT_INSTALLED = (
        "voice needs the voice extra ({missing} is not installed)"
        " — install it with: pip install 'aecoach[voice]'"
    )
    AUDIO_EMPTY = "the file holds no sound — record the answer again"
    AUDIO_UNREADABLE = (
        "not an audio file aecoach can read ({detail})"
        " — use WAV, FLAC, Ogg, MP3 or M4A, or convert it (for example: sox FILE answer.flac)"
    )
    AUDIO_DAMAGED = (
        "the audio is damaged or cut short after {seconds} s ({detail})"
        " — record it again, or repair the file first"
    )
    AUDIO_TOO_LONG = (
        "the recording is {minutes} minutes long, more than the {limit} minutes an answer may be"
        " — cut out the answer (for example: sox FILE answer.flac trim START LENGTH)"
    )
    NO_MODEL = (
        "no speech model is set up"
        " — run `aecoach voice setup`, or give one with --model PATH (a faster-whisper model folder)"
    )
    MODEL_UNKNOWN = (
        "'{value}' is neither a model name nor a folder{hint} — the names are {names};"
        " or give the path of a model folder"
    )
    MODEL_NOT_SET_UP = "the model '{name}' is not set up — run `aecoach voice setup --model {name}`"
    MODEL_UNREADABLE = (
        "not a speech model aecoach can load ({detail})"
        " — give the folder of a faster-whisper (CTranslate2) model, or run `aecoach voice setup`"
    )
    UNKNOWN_ANSWER = "no answer with the id '{value}' — the ids are in `aecoach history`"
    AMBIGUOUS_ANSWER = "'{value}' is the start of several answers' ids — give more of it"
    NO_RECORDING = (
        "the answer {answer} has no recording (typed, kept without audio, or forgotten)"
        " — record spoken answers with `aecoach practice --voice`"
    )
    NO_RECORDINGS = "no recordings yet — record spoken answers with `aecoach practice --voice`"
    CANNOT_PLAY = "cannot play sound ({detail}) — check the speakers, or open the file: {path}"
    MODEL_FETCH_FAILED = (
        "could not fetch the model '{name}' ({detail})"
        " — check the network, or give a model folder: `aecoach voice setup --model PATH`"
    )
    FORGET_WHAT = "say what to forget: --all, or --before DATE (YYYY-MM-DD)"
    FORGET_BOTH = "give only one of --all or --before DATE (YYYY-MM-DD)"
    VOICE_UNAVAILABLE = (
        "--voice cannot record: {reason} — answers are typed; see `aecoach voice check`"
    )
    NO_MICROPHONE = "no microphone: {detail} — {fix}"
    # Unexpected failures.
    INTERNAL = (
        "unexpected error in `{command}`: {kind}: {detail} — this is a bug in aecoach;"
        " run it again with --debug (or AECOACH_DEBUG=1) to see the details"
    )
    # --- User packs, `aecoach packs` and hostile input (issue 5) ---
    FILE_NOT_REGULAR = "this is {kind}, not a pack file — give the path of a .yaml file"
    FOLDER_UNREADABLE = (
        "cannot list this folder ({reason}) — check that it exists and you may read it"
    )
    FOLDER_EMPTY = "no pack files (*.yaml) in this folder — give the path of a pack, or write one with `aecoach packs new NAME`"
    YAML_CONTROL_CHAR = "the character {char} is a control character, which YAML does not allow in a file — delete it"
    YAML_TOO_MANY_NODES = "the file holds more than {limit} YAML values (every name, text, number and list counts) — a pack is much smaller; split it into several packs"
    BAD_KEY = "a field name must be a plain word, found {found} — write 'name: value'"
    TOO_MANY_PROBLEMS = "stopped after {limit} problems — fix these and check the file again"
    PACK_ID_CLASH = "the pack id '{pack}' is also used by {other} — give one of the packs another id (item ids are '<pack id>/<item id>', so pack ids must differ)"
    PACK_ID_BUILTIN = "the pack id '{pack}' is the id of the built-in pack {other} — give your pack another id, such as '{example}'"
    USER_PACK_SKIPPED = "left out your pack {path}, which has {count}:\n  {problem}\n  — fix it (`aecoach packs validate {qpath}` lists every problem), or move it out of {folder}"
    PACK_MISNAMED = (
        "the name ends in .txt, so this is not read as a pack — rename the file to {name}"
    )
    PACK_ID_BAD = "'{value}' is not a valid pack id — use lower-case letters, digits and hyphens, such as 'acme-corp'"
    PACK_NAME_BUILTIN = (
        "'{name}' is the id of a built-in pack — pick another name, such as '{example}'"
    )
    PACK_NAME_TAKEN = (
        "your pack {path} already has the id '{name}' — edit that pack, or pick another name"
    )
    PACK_EXISTS = "{path} already exists — edit it, or pick another name"
    PACKS_DIR_UNUSABLE = "cannot write to the packs folder {path} ({reason}) — check its permissions, or set AECOACH_HOME to a folder you own"
    # --- end of issue 5 block ---
    # --- Review, mock interviews and objection drills (issue 7) ---
    COACH_NOT_STARTED = "stopped before any answer was rated; nothing was saved — run `aecoach {command}` again when ready"
    COACH_NEED_TERMINAL = "`aecoach {command}` is interactive, but {what} is not a terminal — run it in a terminal window, not through a pipe, a file or CI"
    MOCK_TOO_FEW = "the bank holds too few questions for a mock interview for the role '{role}' — add questions for that role in a pack (`aecoach packs new NAME`), or pick another role"
    # --- end of issue 7 block ---
    # --- Languages (issue 6) ---
    UNKNOWN_LANGUAGE = "'{value}' is not a language aecoach speaks — use one of: {names}"
    SETTINGS_UNREADABLE = "cannot read your settings {path} ({reason}), so they were ignored — fix or delete the file, or save a language again with `aecoach lang CODE`"
    SETTINGS_BAD_LANGUAGE = "your settings {path} name the language '{value}', which aecoach does not speak, so it was ignored — save one of {names} with `aecoach lang CODE`"
    SETTINGS_NOT_SAVED = "cannot save your settings {path} ({reason}) — check that you may write to the folder, or set AECOACH_HOME to a folder you own"
    TRANSLATION_MISSING = "{lang} lacks '{key}' (English: {source}) — translate it with the same id; until then it is shown in English"
    TRANSLATION_PACK_MISSING = "{lang} lacks the whole pack '{key}' (English: {source}) — translate it with the same pack id; until then it is shown in English"
    TRANSLATION_EXTRA = (
        "'{key}' is not in the English bank — give it the English id, or add it to English first"
    )
    TRANSLATION_LACKS_FIELD = (
        "'{key}': {lang} lacks the {field} that English has — write it in {lang}, not word for word"
    )
    TRANSLATION_DIFFERS = "'{key}': {field} differs from English ({source}) — use the same {field} as English, so filters and stats agree across languages"
    # --- end of issue 6 block ---
    # --- Stats, export and import (issue 4) ---
    # Output files are raised with location=<the file>, import problems with
    # location=<the file> or <the file>:<line>:<column>.
    BAD_DATE = "'{value}' is not a date — give it as YYYY-MM-DD, such as {example}"
    BAD_LANGUAGE = "'{value}' is not a language code — give a code such as en, es, id, ja or th"
    NO_ANSWERS_MATCH = (
        "no answers match {filters} — loosen the filters, or leave them out to see everything"
    )
    EXPORT_FORMAT_UNKNOWN = (
        "cannot tell the format from the name '{name}' — add --format csv, json or md"
    )
    OUTPUT_EXISTS = "the file already exists — pick another name, or add --force to replace it"
    OUTPUT_SYMLINK = "this is a symbolic link, and aecoach does not write through links — give the path of the real file, or remove the link"
    OUTPUT_IS_FOLDER = "this is a folder — give a file name inside it, such as practice.csv"
    OUTPUT_NOT_FILE = "this is not a regular file (a device or a pipe) — give the path of a file, or - for standard output"
    OUTPUT_NO_FOLDER = (
        "the folder {folder} does not exist — create it first, or write somewhere else"
    )
    OUTPUT_DISK_FULL = (
        "the disk is full, so the file was not written — free some space and try again"
    )
    OUTPUT_UNWRITABLE = "cannot write the file ({reason}) — check that you may write to that folder"
    IMPORT_NOT_FILE = "this is a folder, not an export file — give the path of a file written by `aecoach export --format json`"
    IMPORT_NOT_REGULAR = "this is {kind}, not an export file — give the path of a file written by `aecoach export --format json`"
    IMPORT_TOO_LARGE = "the file is {size} bytes, more than an export can be — check that this is an aecoach export"
    IMPORT_NOT_JSON_TEXT = "byte {offset} is not UTF-8, so this is not a JSON export — import a file written by `aecoach export --format json`; nothing was imported"
    IMPORT_BAD_JSON = "not valid JSON ({problem}) — import the file as `aecoach export --format json` wrote it; nothing was imported"
    IMPORT_FOREIGN = 'this JSON is not an aecoach export (it has no "format": "aecoach-history") — import a file written by `aecoach export --format json`; nothing was imported'
    IMPORT_NEWER = "this export was written by a newer aecoach (format version {found}; this aecoach reads up to {known}) — update aecoach to import it; nothing was imported"
    IMPORT_BAD_VALUE = "at {place}: {problem} — correct it, or export the file again with `aecoach export --format json`; nothing was imported"
    # --- end of issue 4 block ---
    # --- The command line as typed (issue 17) ---
    BAD_SINCE = "'{value}' is not a day aecoach reads — give one of {forms}, such as 2025-03-01"
    USAGE = "{problem} — see `{command} --help`"
    NO_SUCH_OPTION = (
        "`{command}` has no option {option}{hint} — see its options with `{command} --help`"
    )
    MISSING_VALUE = "`{command}` needs {name} — see `{command} --help`"
    # Click's own usage messages are English; these say the same in the catalogue's words.
    MISSING_COMMAND = (
        "`{command}` needs a command after it — see its commands with `{command} --help`"
    )
    NO_SUCH_COMMAND = (
        "`{command}` has no command '{name}'{hint} — see its commands with `{command} --help`"
    )
    EXTRA_ARGUMENTS = "`{command}` was given more than it takes: {args} — put text with spaces in quotes, or see `{command} --help`"
    OPTION_NEEDS_VALUE = "{option} needs a value after it — see `{command} --help`"
    OPTION_TAKES_NO_VALUE = (
        "{option} takes no value — write {option} alone (see `{command} --help`)"
    )
    CHOICE_UNKNOWN = "{option}: '{value}' is not one of its values{hint} — use one of: {choices}"
    NOT_A_NUMBER = "{option}: '{value}' is not a whole number — write it in digits, such as 7"
    NUMBER_NOT_WHOLE = "{option}: '{value}' is not a whole number — give one from {low} to {high}"
    NUMBER_OUT_OF_RANGE = (
        "{option}: {value} is outside {low} to {high} — pick a number in that range"
    )
    LANGUAGE_MEANT = (
        "'{value}' is not a language code (did you mean '{code}'?) — give --language {code}"
    )
    EXPORT_WHERE = "export writes your whole history, so it needs somewhere to go — add -o FILE (such as -o practice.csv), or -o - to print it here"
    # --- end of issue 17 block ---
    # --- Interview plan, story bank, steered practice (issue 15) ---
    REMOVE_NOT_FOUND = (
        "no session or answer has an id starting '{value}' — copy an id from `aecoach history`"
    )
    REMOVE_AMBIGUOUS = (
        "'{value}' starts {count} ids — give more of it, as `aecoach history` shows it"
    )
    REMOVE_SHORT = "'{value}' is too short to name a session or answer — give at least {least} characters of the id `aecoach history` shows"
    REMOVE_OLD_HISTORY = "this history is from an older aecoach and may not be upgraded here — open it once where you may write to it, then remove"
    HISTORY_BAD_ANSWER_TIME = "answer {id} in {location} has no usable time ('{value}'), so it is left out of stats, review, exports and the report — take it out of the record with `aecoach history remove {id}`"
    HISTORY_BAD_SESSION_TIME = "session {id} in {location} has no usable start time ('{value}'), so it and its answers are left out of stats, review, exports and the report — take it out of the record with `aecoach history remove {id}`"
    HISTORY_BAD_TIMES_MORE = "{count} more sessions or answers in {location} have no usable time and are left out too — `aecoach history` lists them; take each out with `aecoach history remove ID`"
    PLAN_BAD_DATE = (
        "the interview date {value} has passed — give today or a later day, such as {example}"
    )
    JOB_UNREADABLE = (
        "cannot read the job description ({reason}) — give a UTF-8 text file you may read"
    )
    PACK_UNKNOWN = "no pack is called '{value}' — use one of: {names} (see `aecoach packs list`), or load a file with `aecoach --pack PATH practice`"
    STORY_UNKNOWN = "no story has the number {value} — list them with `aecoach stories list`"
    STORY_NO_TITLE = "a story needs a title — give --title, or fill in the Title: line"
    STORY_BAD_SKILL = "'{value}' is not a skill — use one of: {names}"
    STORY_DRAFT_KEPT = "{problem}; what you wrote is kept in {path}, and `{command}` opens it again"
    EDITOR_FAILED = "the editor ({editor}) {problem}, so nothing was saved — set EDITOR to an editor that works, or give the parts with --title, --situation and the other options"
    NEED_YES = "{what} needs a yes, and there is no terminal to ask on — add --yes"
    # --- end of issue 15 block ---
    # --- What a tester found (cmdfix) ---
    REPORT_NOT_HTML = (
        "a report is an HTML page, so '{name}' would not open as one"
        " — name it {fixed} (the name must end in .html or .htm), or give -o - to print it"
    )
    EXPORT_FORMAT_CLASH = (
        "--format {fmt} writes {fmt_name}, but the name '{name}' says {named_name}"
        " — name it {fixed}, or leave out --format"
    )
    LANGUAGE_SPOKEN_MEANT = (
        "'{value}' is not a language aecoach speaks (did you mean '{code}'?) — use one of: {names}"
    )
    REMOVE_ALREADY = (
        "'{value}' was already removed, on {day} — nothing to do; `aecoach history` lists"
        " what is left"
    )
    HOME_IS_FILE = (
        "AECOACH_HOME points at a file, not a folder ({path})"
        " — fix the variable: set AECOACH_HOME to a folder (aecoach creates a missing one)"
    )
    DATA_FOLDER_IS_FILE = (
        "{path} is a file, where aecoach keeps its data folder"
        " — move the file aside, or set AECOACH_HOME to a folder"
    )
    PACK_LEFT_OUT = (
        "pack {pack} was left out: it has {count}"
        " — run `aecoach packs validate {qpath}` to see what is wrong, then fix it"
    )
    # --- end of the cmdfix block ---


@dataclass
class AecoachError(Exception):
    """A failure a candidate can act on: one line of text and an exit code."""

    msg: Msg
    values: dict[str, Any] = field(default_factory=dict)
    exit_code: int = 1
    location: str | None = None

    def __init__(
        self, msg: Msg, *, exit_code: int = 1, location: str | None = None, **values: Any
    ) -> None:
        super().__init__(msg.name)
        self.msg = msg
        self.values = values
        self.exit_code = exit_code
        self.location = location

    @property
    def text(self) -> str:
        body = render(self.msg, **self.values)
        return f"{self.location}: {body}" if self.location else body

    def __str__(self) -> str:
        return self.text


def render(msg: Msg, **values: Any) -> str:
    # Values often quote what someone wrote (a pack, an argument); a message
    # must never carry a control sequence to the terminal.
    from aecoach.i18n import _
    from aecoach.textsafe import inert

    safe = {k: inert(v) if isinstance(v, str) else v for k, v in values.items()}
    # Translated when shown, not when defined: the language is chosen after import.
    return _(msg.value).format(**safe)
