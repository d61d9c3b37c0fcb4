"""The fixed vocabularies of the bank: roles, skills, kinds and themes."""

from __future__ import annotations

ROLES: dict[str, str] = {
    "ae": "Account Executive",
    "sdr": "Sales Development Representative",
    "am": "Account Manager",
}

# The skills the guides name for each role; empathy is named for both.
SKILLS: dict[str, str] = {
    "communication": "Communication",
    "empathy": "Empathy",
    "problem-solving": "Problem solving",
    "organisation": "Organisation",
    "negotiation": "Negotiation",
    "determination": "Determination",
    "curiosity": "Curiosity",
    "product-knowledge": "Product knowledge",
    "objection-handling": "Objection handling",
    "resilience": "Resilience",
}

ROLE_SKILLS: dict[str, tuple[str, ...]] = {
    "ae": (
        "communication",
        "empathy",
        "problem-solving",
        "organisation",
        "negotiation",
        "determination",
    ),
    "sdr": ("curiosity", "empathy", "product-knowledge", "objection-handling", "resilience"),
}

QUESTION_KINDS: dict[str, str] = {
    "opening": "Opening",
    "motivation": "Motivation",
    "experience": "Experience",
    "behavioural": "Behavioural",
    "role-knowledge": "Role knowledge",
    "objection-roleplay": "Objection role-play",
    "closing": "Closing",
}

TIP_KINDS: dict[str, str] = {
    "do": "Do",
    "dont": "Don't",
    "advice": "General advice",
    "role": "Know the role",
}

OBJECTION_THEMES: dict[str, str] = {
    "price": "Price",
    "timing": "Timing",
    "competitor": "Competitor",
    "authority": "Authority",
    "status-quo": "Status quo",
    "brush-off": "Brush-off",
    "need": "Need",
    "trust": "Trust",
}
