"""The terminal: the only code that prints or prompts."""
