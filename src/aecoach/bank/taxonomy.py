"""The fixed vocabularies of the bank: roles, skills, kinds and themes.

The labels are English msgids (marked with N_ for the catalogue): show them
through `_()`.
"""

from __future__ import annotations

from aecoach.i18n import N_

ROLES: dict[str, str] = {
    "ae": N_("Account Executive"),
    "sdr": N_("Sales Development Representative"),
    "am": N_("Account Manager"),
}

# The skills the guides name for each role; empathy is named for both.
SKILLS: dict[str, str] = {
    "communication": N_("Communication"),
    "empathy": N_("Empathy"),
    "problem-solving": N_("Problem solving"),
    "organisation": N_("Organisation"),
    "negotiation": N_("Negotiation"),
    "determination": N_("Determination"),
    "curiosity": N_("Curiosity"),
    "product-knowledge": N_("Product knowledge"),
    "objection-handling": N_("Objection handling"),
    "resilience": N_("Resilience"),
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
    "opening": N_("Opening"),
    "motivation": N_("Motivation"),
    "experience": N_("Experience"),
    "behavioural": N_("Behavioural"),
    "role-knowledge": N_("Role knowledge"),
    "objection-roleplay": N_("Objection role-play"),
    "closing": N_("Closing"),
    "cold-call": N_("Cold call"),
    "roleplay": N_("Role-play"),
    "plan": N_("Plan"),
    "pitch": N_("Pitch"),
    "written": N_("Written outreach"),
    "pipeline-maths": N_("Pipeline maths"),
}

# Question kinds whose answer is a number, checked against the pack's `answer`.
NUMBER_KINDS = frozenset({"pipeline-maths"})

TIP_KINDS: dict[str, str] = {
    "do": N_("Do"),
    "dont": N_("Don't"),
    "advice": N_("General advice"),
    "role": N_("Know the role"),
}

OBJECTION_THEMES: dict[str, str] = {
    "price": N_("Price"),
    "timing": N_("Timing"),
    "competitor": N_("Competitor"),
    "authority": N_("Authority"),
    "status-quo": N_("Status quo"),
    "brush-off": N_("Brush-off"),
    "need": N_("Need"),
    "trust": N_("Trust"),
}
