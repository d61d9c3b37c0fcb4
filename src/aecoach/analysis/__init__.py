"""Pure analysis of answers: text, word timings and audio frames. No terminal, no I/O."""
