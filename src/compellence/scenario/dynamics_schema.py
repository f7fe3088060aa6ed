"""The schema of ``kind = "dynamics"`` scenario files (a dynamic coercion game).

Kept apart from :mod:`.definitions` so that module only adds the kind; the
keys mirror :class:`compellence.coercion.dynamics.CoercionDynamics` one to one
(one quantity, one name).
"""

from __future__ import annotations

from .schema import Key, Table

__all__ = ["make_schema"]


def _f(name: str, doc: str, default: float, lo: float | None = None, hi: float | None = None, *,
       lo_open: bool = False, hi_open: bool = False) -> Key:
    return Key(name, "float", doc, default=default, lo=lo, hi=hi, lo_open=lo_open, hi_open=hi_open,
               sweepable=True)


def _grid(name: str, doc: str, default: list[float], lo: float | None = 0.0, hi: float | None = 1.0) -> Key:
    return Key(name, "float_list", doc, default=default, lo=lo, hi=hi, min_items=1)


def make_schema(kind: Key, title: Key, description: Key) -> Table:
    """The ``dynamics`` schema, given the common ``kind``/``title``/``description`` keys.

    Parameters
    ----------
    kind, title, description : Key
        The keys every kind shares.

    Returns
    -------
    Table
        The schema of ``kind = "dynamics"`` files.

    Examples
    --------
    >>> from compellence.scenario import SCHEMAS
    >>> SCHEMAS["dynamics"].name
    'dynamics'
    """
    return Table(
        "dynamics",
        "A dynamic coercion game (compellence.coercion.dynamics; docs/dynamics.md): a state grid "
        "(punishment in place, demand on the table, bite, insulation, power, insurgency, "
        "cohesion), each period the coercer escalates, holds, lifts or issues a demand and the "
        "target complies, resists or escalates; solved as a subgame-perfect equilibrium over "
        "`horizon` periods, or as stationary Markov-perfect equilibria (`horizon = 0`).",
        (
            kind,
            title,
            description,
            Table(
                "dynamics",
                "The model: every key is a parameter of CoercionDynamics (stake units; grids "
                "are ordered in the direction the variable drifts).",
                (
                    Key("horizon", "int", "Periods of the finite game (subgame-perfect); 0 solves "
                        "the infinite game for stationary Markov-perfect equilibria.", default=12,
                        lo=0, hi=100_000),
                    Key("punishment_levels", "int", "Punishment levels K above none.", default=2,
                        lo=1, hi=100),
                    _f("punishment_per_period", "Punishment per period s at full level and bite.",
                       1.0, lo=0),
                    _f("reversibility", "Share r of the punishment that stops when lifted; the "
                       "rest is charged once, when imposed, on every branch.", 0.6, 0, 1),
                    _f("delta", "Discount factor per period.", 0.9, 0, 1, lo_open=True,
                       hi_open=True),
                    _f("threat_credibility", "pi_T: chance the punishment in place continues "
                       "after the horizon if the target still resists.", 0.8, 0, 1),
                    _f("assurance_credibility", "pi_A: chance the coercer lifts the reversible "
                       "punishment after compliance.", 0.8, 0, 1),
                    _grid("demands", "Concessions x the coercer can demand.", [1.0]),
                    _f("compliance_cost", "Target's cost of complying beyond the concession.",
                       0.0),
                    _f("resistance_cost", "Target's cost of resisting, per period.", 0.0),
                    _f("punishment_cost", "Coercer's cost per period at full punishment.", 0.1,
                       lo=0),
                    _f("audience_cost", "Coercer's cost per period a demand stands refused.",
                       0.0, lo=0),
                    _f("concession_value", "Coercer's value of one unit of concession.", 1.0,
                       lo=0),
                    _grid("bite", "Share biting after 0, 1, 2, ... periods in place.", [1.0]),
                    _f("reimposition_effectiveness", "Share of the bite kept after a lift.", 0.0,
                       0, 1),
                    _grid("insulation", "Share of the reversible punishment the target is "
                          "insulated against, per level.", [0.0]),
                    _f("adaptation", "Chance per period in place that insulation grows a level.",
                       0.0, 0, 1),
                    _grid("power", "Target's chance of prevailing in a war, per level.", [0.5]),
                    _f("power_shift", "Chance per period in place that power shifts a level.",
                       0.0, 0, 1),
                    _grid("insurgency", "Target's cost per period of the insurgency, per level.",
                          [0.0], lo=0, hi=None),
                    _f("insurgency_persistence", "Chance per period that the insurgency survives "
                       "once aid stops.", 0.0, 0, 1),
                    Key("aid_level", "int", "Punishment level from which aid flows (default: K).",
                        default=None, lo=1, hi=100),
                    _grid("cohesion", "Share of the coalition still enforcing, per level.", [1.0]),
                    _f("fray", "Chance per period in place that cohesion falls a level.", 0.0, 0, 1),
                    Key("war", "bool", "Whether the target can escalate to war.", default=False),
                    _f("war_stake", "What a war decides (stake units).", 1.0, lo=0),
                    _f("war_cost_target", "Target's cost of war.", 0.2, lo=0),
                    _f("war_cost_coercer", "Coercer's cost of war.", 0.2, lo=0),
                    Key("paths", "int", "Simulated paths with chance for the bands.", default=200,
                        lo=1, hi=1_000_000),
                    Key("periods", "int", "Periods to simulate for the infinite game.",
                        default=30, lo=1, hi=100_000),
                    Key("seed", "int", "Random seed of the simulation.", default=0, lo=0),
                ),
                required=True,
                example='[dynamics]\nhorizon = 12\npunishment_levels = 1\ndemands = [1.0]\n'
                        'bite = [0.05, 0.1, 0.2, 0.4, 1.0]\naudience_cost = 0.05',
            ),
        ),
    )
