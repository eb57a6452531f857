"""What a change raises when it cannot be made, or goes against a rule of the method.
"""

from __future__ import annotations

from .rules import RuleId


class ChangeError(ValueError):
    """A change the user asked for cannot be made; the sentence says why."""


class RuleWarning(ChangeError):
    """What is being recorded goes against a rule of the method (R7, R10, R12).

    It happened, so it may still be recorded: the same change with ``"despite": true``. The
    sentence names the rule; ``rule`` is its number.
    """

    def __init__(self, rule: RuleId, sentence: str) -> None:
        super().__init__(sentence)
        self.rule = rule
