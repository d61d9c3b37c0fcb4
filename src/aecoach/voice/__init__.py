"""Audio in and out, voice activity and the speech model: the `voice` extra.

Imported only by the commands that record, play or analyse, so that the rest
of aecoach starts without numpy, soundfile or the model (tests/test_startup_imports.py).
"""
