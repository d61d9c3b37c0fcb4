"""The delivery figures in words: the rows of the card, of `analyze` and of the Markdown export.

Observations, not judgements: each figure with its reference band, never a verdict.
"""

from __future__ import annotations

from typing import Any

from aecoach.analysis.delivery import Delivery
from aecoach.i18n import _, ngettext
from aecoach.textsafe import inert


def _seconds(value: float) -> str:
    return _("{seconds} s").format(seconds=f"{value:.1f}")


def missing_words_line(
    delivery: Delivery, model_name: str | None, language_flag: str = "--language"
) -> str | None:
    """One line saying why there are no word figures, or None when there are.

    `language_flag` is how the command being run is told the language spoken:
    `analyze --language`, or `--lang` for practice, whose answers are in the bank's language.
    """
    if delivery.words_missing == "no-model":
        return _(
            "No transcript: no speech model is set up (`aecoach voice setup`);"
            " the figures above need none."
        )
    if delivery.words_missing == "language-unsupported":
        return _(
            "No transcript: the model {model} does not know this language ({language});"
            " for an answer in English give `{flag} en`, or set up a multilingual model"
            " with `aecoach voice setup`."
        ).format(model=inert(model_name or "?"), language=delivery.language, flag=language_flag)
    if delivery.words_missing == "transcript-unreliable":
        return _(
            "The transcript doesn't look reliable, so it is left out with its word figures:"
            " the speech may not be in the language given ({language}), or the model knows"
            " only English; give the language with `{flag} CODE`, or set up a multilingual"
            " model with `aecoach voice setup`."
        ).format(language=delivery.language, flag=language_flag)
    return None


def delivery_rows(delivery: Delivery) -> list[tuple[str, str]]:
    rows: list[tuple[str, str]] = []
    if delivery.rate_per_minute is not None:
        rate = round(delivery.rate_per_minute)
        if delivery.rate_unit == "characters":
            figure = _("{rate} characters a minute").format(rate=rate)
        else:
            figure = _("{rate} words a minute").format(rate=rate)
        if delivery.band:
            figure += "  " + _("(usual band {low}–{high})").format(
                low=delivery.band[0], high=delivery.band[1]
            )
        rows.append((_("Pace"), figure))
    if delivery.fillers is not None:
        figure = ngettext("{count} filler", "{count} fillers", delivery.fillers).format(
            count=delivery.fillers
        )
        per_minute = delivery.fillers_per_minute
        if per_minute is not None and delivery.fillers:
            figure += "  " + _("({rate} a minute)").format(rate=f"{per_minute:.1f}")
        if delivery.filler_words:
            figure += ": " + inert(", ".join(delivery.filler_words))
        rows.append((_("Fillers"), figure))
    pauses = ngettext("{count} over 2 s", "{count} over 2 s", delivery.pauses_over_2s).format(
        count=delivery.pauses_over_2s
    )
    rows.append(
        (
            _("Longest pause"),
            f"{_seconds(delivery.longest_pause_seconds)}  ({pauses})",
        )
    )
    spoken = _seconds(delivery.speaking_seconds)
    if delivery.limit_seconds is not None:
        spoken = _("{spoken} spoken of {limit}").format(
            spoken=spoken, limit=_("{seconds} s").format(seconds=delivery.limit_seconds)
        )
        if delivery.over_limit_seconds > 0:
            spoken += "  " + _("({over} over)").format(over=_seconds(delivery.over_limit_seconds))
    else:
        spoken = _("{spoken} spoken in {total}").format(
            spoken=spoken, total=_seconds(delivery.duration_seconds)
        )
    rows.append((_("Speaking time"), spoken))
    return rows


def from_json(figures: dict[str, Any]) -> Delivery:
    """A Delivery again from its as_json() form (as stored and exported); pauses are not kept."""
    chars = figures.get("characters_per_minute")
    band = figures.get("rate_band")
    return Delivery(
        language=str(figures.get("language") or ""),
        duration_seconds=float(figures.get("duration_seconds") or 0.0),
        speaking_seconds=float(figures.get("speaking_seconds") or 0.0),
        longest_pause_seconds=float(figures.get("longest_pause_seconds") or 0.0),
        pauses_over_2s=int(figures.get("pauses_over_2s") or 0),
        transcript=figures.get("transcript"),
        words=figures.get("words"),
        rate_unit="characters" if chars is not None else "words",
        rate_per_minute=chars if chars is not None else figures.get("words_per_minute"),
        fillers=figures.get("fillers"),
        filler_words=tuple(figures.get("filler_words") or ()),
        limit_seconds=figures.get("limit_seconds"),
        words_missing=figures.get("words_missing"),
        band=(int(band[0]), int(band[1])) if isinstance(band, list) and len(band) == 2 else None,
    )


def figure_rows(figures: dict[str, Any]) -> list[tuple[str, str]]:
    return delivery_rows(from_json(figures))
