"""What the voice commands share: the saved voice settings and the model they name."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from aecoach.analysis.delivery import Delivery
from aecoach.i18n import N_

MODEL_KEY = "voice_model"
DEFAULT_KEY = "voice"
KEEP_AUDIO_KEY = "voice_keep_audio"


@dataclass(frozen=True)
class Analysis:
    delivery: Delivery
    model_name: str | None


def saved(home: Path) -> dict[str, Any]:
    from aecoach import settings

    return settings.read(home)[0]


def model_for(home: Path, spec: str | None):  # type: ignore[no-untyped-def]
    """The loaded model named by --model or the settings, or None when neither names one."""
    from aecoach.voice import model

    chosen = spec or saved(home).get(MODEL_KEY)
    if not isinstance(chosen, str) or not chosen:
        return None
    return model.load(model.resolve(chosen, home, None))


def analyse_file(
    home: Path, path: Path, language: str, spec: str | None, *, limit_seconds: int | None
) -> Analysis:
    from aecoach.voice.audio import decode
    from aecoach.voice.pipeline import analyse

    recording = decode(path)  # first: a bad file is refused before the model loads
    speech = model_for(home, spec)
    delivery = analyse(recording.samples, language, speech, limit_seconds=limit_seconds)
    return Analysis(delivery, None if speech is None else model_name(speech.folder))


def model_name(folder: Path) -> str:
    """How a model folder is named to the candidate: packaged models sit in a folder "model"."""
    return folder.name if folder.name != "model" else f"{folder.parent.name}/{folder.name}"


def _store(history: Path, *, write: bool):  # type: ignore[no-untyped-def]
    from aecoach.history.store import HistoryStore

    return HistoryStore.open(history) if write else HistoryStore.open_existing(history)


def recording_of(history: Path, home: Path, answer: str | None) -> tuple[Path, Any]:
    """The recording file of an answer (None: the latest), and its stored delivery."""
    from aecoach.errors import AecoachError, Msg
    from aecoach.history import deliveries
    from aecoach.voice.recordings import path_of

    store = _store(history, write=False)
    if store is None:
        raise AecoachError(Msg.NO_RECORDINGS)
    with store:
        found = store.read(lambda db: deliveries.find(db, answer) if deliveries.present(db) else [])
    if answer is not None and not found:
        raise AecoachError(Msg.UNKNOWN_ANSWER, value=answer)
    if answer is None and not found:
        raise AecoachError(Msg.NO_RECORDINGS)
    if len(found) > 1:
        raise AecoachError(Msg.AMBIGUOUS_ANSWER, value=answer)
    uid, stored = found[0]
    if stored is None or not stored.recording:
        raise AecoachError(Msg.NO_RECORDING, answer=uid)
    path = path_of(home, stored.recording)
    if not path.is_file():
        raise AecoachError(Msg.NO_RECORDING, answer=uid)
    return path, stored


def play_file(path: Path) -> None:
    import importlib

    from aecoach.errors import AecoachError, Msg
    from aecoach.voice._deps import need

    sf = need("soundfile")
    samples, rate = sf.read(str(path), dtype="float32")
    try:
        sd = importlib.import_module("sounddevice")
        sd.play(samples, rate)
        sd.wait()
    except ImportError:
        need("sounddevice")  # says what to install
        raise
    except Exception as exc:  # PortAudio's errors have no common base but Exception
        detail = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise AecoachError(Msg.CANNOT_PLAY, detail=detail, path=str(path)) from None


def forget(history: Path, home: Path, before: str | None) -> int:
    """Delete transcripts and recordings (all, or of answers before a day); how many."""
    from aecoach.coaching.stats import parse_since
    from aecoach.history import deliveries
    from aecoach.voice import recordings

    cutoff = parse_since(before) if before is not None else None
    if not history.exists():
        return recordings.sweep_orphans(home, set())
    with _store(history, write=True) as store:
        names = store.write(lambda db: deliveries.forget(db, cutoff), action="changed")
        kept = store.read(deliveries.recordings)
    cleared = len(names)
    recordings.delete(home, names)
    # Files no answer names (a session killed between writing the file and its row).
    recordings.sweep_orphans(home, kept)
    return cleared


def save_settings(home: Path, *, on: bool, keep_audio: bool | None = None) -> Path:
    changes: dict[str, Any] = {DEFAULT_KEY: on}
    if keep_audio is not None:
        changes[KEEP_AUDIO_KEY] = keep_audio
    return _update_settings(home, changes)


def _update_settings(home: Path, changes: dict[str, Any]) -> Path:
    """Save `changes` over the other settings, or one line saying why they could not be."""
    from aecoach import settings
    from aecoach.errors import AecoachError, Msg

    data, _trouble = settings.read(home)  # an unreadable file is replaced, as `lang` does
    data.update(changes)
    try:
        return settings.write(home, data)
    except OSError as exc:
        reason = (exc.strerror or type(exc).__name__).lower()
        raise AecoachError(
            Msg.SETTINGS_NOT_SAVED, path=str(settings.path_in(home)), reason=reason
        ) from None


@dataclass(frozen=True)
class Setup:
    name: str
    folder: Path
    megabytes: float
    multilingual: bool
    fetched: bool


def setup(home: Path, spec: str) -> Setup:
    """Make `spec` the model: a folder on disk as it is, a name fetched once into home/models."""
    from aecoach.voice import model

    fetched = False
    if spec in model.NAMES:
        folder = model.models_dir(home) / spec
        if not (folder / "model.bin").is_file():
            fetched = True
            _fetch(spec, folder)
        chosen = spec
    else:
        folder = model.resolve(spec, home, None).resolve()
        chosen = str(folder)
    speech = model.load(folder)  # a broken download or folder fails here, not in practice
    _update_settings(home, {MODEL_KEY: chosen})
    size = sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())
    return Setup(model_name(folder), folder, size / 1e6, speech.multilingual, fetched)


def _fetch(name: str, folder: Path) -> None:
    """Download a model once, with the hub client's progress bar (faster-whisper's own)."""
    from aecoach.errors import AecoachError, Msg
    from aecoach.safefile import private_folders
    from aecoach.voice._deps import need

    fw = need("faster_whisper")
    private_folders(folder.parent)
    import shutil
    import warnings

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # the hub client's deprecation notes
            fw.download_model(name, output_dir=str(folder))
    except Exception as exc:  # the hub client raises many kinds; all mean "not fetched"
        shutil.rmtree(folder, ignore_errors=True)  # no half model left to be taken for one
        detail = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise AecoachError(Msg.MODEL_FETCH_FAILED, name=name, detail=detail[:160]) from None


@dataclass(frozen=True)
class Check:
    """What `aecoach voice check` found: (what, works, detail or what to do) lines."""

    lines: tuple[tuple[str, bool, str], ...]
    devices: tuple[str, ...]

    @property
    def ready(self) -> bool:
        return all(ok for _what, ok, _detail in self.lines)


def check(home: Path) -> Check:
    import importlib

    from aecoach.errors import AecoachError
    from aecoach.i18n import _, ngettext
    from aecoach.voice._deps import DISTRIBUTIONS

    lines: list[tuple[str, bool, str]] = []
    for module, dist in DISTRIBUTIONS.items():
        if module == "sounddevice":
            continue
        try:
            imported = importlib.import_module(module)
        except (ImportError, OSError) as exc:
            lines.append((dist, False, f"pip install 'aecoach[voice]' ({exc})"))
        else:
            lines.append((dist, True, str(getattr(imported, "__version__", ""))))
    devices: list[str] = []
    try:
        sd = importlib.import_module("sounddevice")
    except ImportError:
        lines.append(("sounddevice", False, "pip install 'aecoach[voice]'"))
    except OSError:
        lines.append(("PortAudio", False, _(PORTAUDIO_FIX)))
    else:
        lines.append(("PortAudio", True, str(sd.get_portaudio_version()[1])))
        try:
            found = sd.query_devices()
            default = sd.default.device[0]
        except Exception as exc:  # PortAudio errors
            lines.append(("microphone", False, str(exc)))
        else:
            inputs = [d for d in found if d.get("max_input_channels", 0) > 0]
            devices = [
                f"{'*' if d['index'] == default else ' '} {d['index']}: {d['name']}" for d in inputs
            ]
            if inputs:
                count = ngettext("{count} input device", "{count} input devices", len(inputs))
                lines.append(("microphone", True, count.format(count=len(inputs))))
            else:
                lines.append(("microphone", False, _("no input device") + ": " + _(NO_INPUT)))
    chosen = saved(home).get(MODEL_KEY)
    if not chosen:
        lines.append(("model", False, _("run `aecoach voice setup`")))
    else:
        try:
            speech = model_for(home, str(chosen))
        except AecoachError as exc:
            lines.append(("model", False, exc.text))
        else:
            assert speech is not None
            kind = _("multilingual") if speech.multilingual else _("English only")
            lines.append(("model", True, f"{model_name(speech.folder)} ({kind})"))
    return Check(tuple(lines), tuple(devices))


def recording_gaps(home: Path) -> list[tuple[str, str]]:
    """What stands between `voice on` and a first spoken answer, cheaply: the microphone
    library and a chosen model, without loading the model (`check` looks at everything)."""
    import importlib

    from aecoach.i18n import _

    gaps: list[tuple[str, str]] = []
    try:
        importlib.import_module("sounddevice")
    except ImportError:
        gaps.append(("sounddevice", "pip install 'aecoach[voice]'"))
    except OSError:
        gaps.append(("PortAudio", _(PORTAUDIO_FIX)))
    if not saved(home).get(MODEL_KEY):
        gaps.append(("model", _("run `aecoach voice setup`")))
    return gaps


NO_INPUT = N_("plug in a microphone, or let the terminal use it (see `aecoach voice check`)")
PORTAUDIO_FIX = N_(
    "install PortAudio: apt-get install libportaudio2 (Debian/Ubuntu),"
    " brew install portaudio (macOS); Windows wheels include it"
)


def need_module(name: str) -> None:
    from aecoach.voice._deps import need

    need(name)


def input_override() -> bool:
    import os

    from aecoach.voice.live import INPUT_VARIABLE

    return bool(os.environ.get(INPUT_VARIABLE))


def need_microphone() -> None:
    """PortAudio loads and there is an input device, or AecoachError saying what to do."""
    import importlib

    from aecoach.errors import AecoachError, Msg
    from aecoach.i18n import _
    from aecoach.voice._deps import need

    try:
        sd = importlib.import_module("sounddevice")
    except ImportError:
        need("sounddevice")  # says which package to install
        raise
    except OSError:
        raise AecoachError(
            Msg.NO_MICROPHONE, detail=_("PortAudio is not installed"), fix=_(PORTAUDIO_FIX)
        ) from None
    try:
        inputs = [d for d in sd.query_devices() if d.get("max_input_channels", 0) > 0]
    except Exception as exc:  # PortAudio errors
        raise AecoachError(Msg.NO_MICROPHONE, detail=str(exc), fix=_(NO_INPUT)) from None
    if not inputs:
        raise AecoachError(Msg.NO_MICROPHONE, detail=_("no input device"), fix=_(NO_INPUT))
