"""What the generator is asked for (:class:`SynthConfig`), apart from the generator itself so
that the command line can describe ``namematch synth`` without loading the name stock."""

from __future__ import annotations

from dataclasses import dataclass

from namematch.errors import NamematchError

__all__ = ["SynthConfig", "SynthConfigError"]


class SynthConfigError(NamematchError):
    """The generator was asked for something it cannot produce (bad sizes or shares)."""


@dataclass(frozen=True)
class SynthConfig:
    """What to generate.

    Attributes:
        seed: the seed; one seed always gives the same bytes.
        persons: number of listed persons (ignored when ``names`` is set).
        passengers: number of passengers on the manifest.
        positive_share: share of passengers who are listed persons.
        namesake_share: share of passengers with a listed person's name but another DOB.
        relative_share: share of passengers with a listed person's surname, other given name.
        near_name_share: share of passengers with a name one part away from a listed name.
        names: target number of watchlist name rows (overrides ``persons``).
        native_only_share: share of Cyrillic/Arabic-origin listed persons listed only under
            their original-script name (no Latin name at all).
    """

    seed: int = 2396
    persons: int = 1000
    passengers: int = 20000
    positive_share: float = 0.05
    namesake_share: float = 0.04
    relative_share: float = 0.03
    near_name_share: float = 0.04
    names: int | None = None
    native_only_share: float = 0.08

    def validate(self) -> None:
        """Raise :class:`SynthConfigError` when sizes or shares are out of range."""
        if self.persons < 1 and not self.names:
            msg = f"persons must be at least 1 (got {self.persons}); pass --persons N"
            raise SynthConfigError(msg)
        if self.names is not None and self.names < 1:
            msg = f"names must be at least 1 (got {self.names}); pass --names N"
            raise SynthConfigError(msg)
        if self.passengers < 0:
            msg = f"passengers must be 0 or more (got {self.passengers})"
            raise SynthConfigError(msg)
        shares = (self.positive_share, self.namesake_share, self.relative_share,
                  self.near_name_share)
        if any(s < 0 for s in shares) or sum(shares) > 1 or not 0 <= self.native_only_share <= 1:
            msg = ("slice shares must be between 0 and 1 and the positive, namesake, relative "
                   "and near-name shares must add up to at most 1")
            raise SynthConfigError(msg)

    def slice_counts(self) -> dict[str, int]:
        """Number of passengers per top-level group (positive and each negative slice)."""
        n = self.passengers
        pos = round(n * self.positive_share)
        ns = round(n * self.namesake_share)
        rel = round(n * self.relative_share)
        near = round(n * self.near_name_share)
        return {"positive": pos, "namesake": ns, "relative": rel, "near_name": near,
                "random": max(0, n - pos - ns - rel - near)}
