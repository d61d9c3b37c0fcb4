#!/bin/sh
# Makes the spoken fixtures under tests/data/voice/ with espeak-ng and sox
# (Debian: apt-get install espeak-ng sox). The outputs are committed, so the
# tests and CI need neither program; run this again only to change them.
#
# Each answer is sentences spoken by espeak-ng with their own leading and
# trailing silence trimmed, joined by silences of known length, so the
# pauses the tests expect are exactly the ones inserted here.
set -eu
out=$(cd "$(dirname "$0")/.." && pwd)/tests/data/voice
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

say() { # say VOICE NAME TEXT: one trimmed clip at 16 kHz mono
    espeak-ng -v "$1" -s 150 -w "$work/raw-$2.wav" "$3"
    sox "$work/raw-$2.wav" -r 16000 -c 1 -b 16 "$work/$2.wav" \
        silence 1 0.02 0.5% reverse silence 1 0.02 0.5% reverse
}
quiet() { # quiet SECONDS NAME
    sox -n -r 16000 -c 1 -b 16 "$work/$2.wav" trim 0 "$1"
}

# English: 26 words, of which 5 make 4 fillers (So, um, Uh, you know); pauses
# of 2.5 s and 1.0 s between the sentences, 0.5 s of silence at each end.
say en-us e1 "So, um, I closed the deal in March."
say en-us e2 "Uh, the client, you know, wanted a big discount."
say en-us e3 "I said no, and we signed at full price."
quiet 0.5 q05; quiet 2.5 q25; quiet 1.0 q10
sox "$work/q05.wav" "$work/e1.wav" "$work/q25.wav" "$work/e2.wav" "$work/q10.wav" \
    "$work/e3.wav" "$work/q05.wav" "$out/en-answer.flac"

# Spanish, for an English-only model: the figures that need no words must
# still come out (one pause of 3.0 s).
say es s1 "Bueno, cerré el trato en marzo con un descuento pequeño."
say es s2 "El cliente firmó el contrato la semana siguiente."
sox "$work/q05.wav" "$work/s1.wav" "$work/q25.wav" "$work/q05.wav" "$work/s2.wav" \
    "$work/q05.wav" "$out/es-answer.flac"

for f in "$out"/*.flac; do
    printf '%s: %s s\n' "$(basename "$f")" "$(soxi -D "$f")"
done
