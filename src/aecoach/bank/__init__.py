"""The question bank: pack files, their validation, and the items they hold."""
