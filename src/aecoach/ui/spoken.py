"""Spoken answers in a session: record while the clock runs, show the card, keep it.

The hooks run_plan calls (ui/practice.py): begin() when the clock starts,
recording() around the wait for Enter (Ctrl-C there keeps nothing of the
answer), status() for the live meter, show_card() after the hints and before
the rating, keep() once the answer is saved. Everything voice is imported
here, only when --voice is on.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from rich.console import Console

from aecoach.errors import AecoachError, Msg, render
from aecoach.i18n import _

METER_WIDTH = 8


class SpokenAnswers:
    def __init__(
        self,
        home: Path,
        model: Any,
        *,
        keep_audio: bool,
        warn: Callable[[str], None],
        source: Callable[[], Any] | None = None,
    ) -> None:
        from aecoach.voice.live import default_source

        self.home = home
        self.model = model
        self.keep_audio = keep_audio
        self._warn = warn
        self._source = source or default_source
        self._take: Any = None
        self._pending: tuple[dict[str, object], Any] | None = None
        self.enabled = True

    @classmethod
    def open(
        cls, home: Path, *, model: str | None, warn: Callable[[str], None]
    ) -> SpokenAnswers | None:
        """Ready to record, or None after one line saying what is missing (typed practice)."""
        from aecoach.voice import session

        try:
            for name in ("numpy", "soundfile", "soxr", "webrtcvad"):
                session.need_module(name)
            if not session.input_override():
                session.need_microphone()
            speech = session.model_for(home, model)
        except AecoachError as exc:
            warn(exc.text + " " + _("(answers are typed this session)"))
            return None
        keep = session.saved(home).get(session.KEEP_AUDIO_KEY, True) is not False
        return cls(home, speech, keep_audio=keep, warn=warn)

    # -- While the clock runs ---------------------------------------------------------------

    def begin(self, limit: int, language: str) -> Any:
        if not self.enabled:
            return None
        from aecoach.voice.live import Take

        try:
            take = Take(self._source(), self.model, language, limit)
            take.start()
        except AecoachError as exc:
            self._stop_voice(exc.text)
            return None
        except Exception as exc:  # PortAudio's errors: a microphone that vanished
            self._stop_voice(str(exc).splitlines()[0] if str(exc) else type(exc).__name__)
            return None
        self._take = take
        return take

    def _stop_voice(self, reason: str) -> None:
        self.enabled = False
        self._warn(render(Msg.VOICE_UNAVAILABLE, reason=reason))

    @contextlib.contextmanager
    def recording(self, take: Any) -> Iterator[None]:
        try:
            yield
        except BaseException:
            if take is not None:
                take.discard()  # Ctrl-C: nothing of this answer is kept, so nothing is orphaned
            self._take = None
            raise

    def status(self, take: Any) -> Callable[[], str] | None:
        if take is None:
            return None

        def line() -> str:
            loudness, spoken = take.meter
            filled = round(float(loudness) * METER_WIDTH)
            meter = "▮" * filled + "▯" * (METER_WIDTH - filled)
            return _("● listening {meter} {seconds} s spoken").format(
                meter=meter, seconds=round(spoken)
            )

        return line

    # -- After Enter ------------------------------------------------------------------------

    def show_card(self, console: Console) -> str | None:
        """The delivery card; returns the transcript, for the coach's notes."""
        take, self._take = self._take, None
        if take is None:
            return None
        from aecoach.ui.voice import render_delivery
        from aecoach.voice.session import model_name

        with console.status(_("Transcribing the last words…")):
            delivery, samples = take.finish()
        name = None if self.model is None else model_name(self.model.folder)
        render_delivery(console, delivery, model_name=name, language_flag="--lang")
        self._pending = (delivery.as_json(), samples)
        return delivery.transcript

    def keep(self, store: Any, answer: Any) -> None:
        pending, self._pending = self._pending, None
        if pending is None:
            return
        from aecoach.history import deliveries
        from aecoach.voice import recordings

        figures, samples = pending
        name = None
        if self.keep_audio and len(samples):
            try:
                name = recordings.save(self.home, answer.uid, samples)
            except OSError as exc:
                reason = (exc.strerror or type(exc).__name__).lower()
                self._warn(
                    _("the recording was not kept ({reason}); its figures were").format(
                        reason=reason
                    )
                )
        row = deliveries.row_for(answer.uid, figures, name)
        try:
            store.write(lambda db: deliveries.insert(db, row))
        except BaseException:
            if name:
                recordings.delete(self.home, [name])
            raise
