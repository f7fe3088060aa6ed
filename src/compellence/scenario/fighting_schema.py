"""The schema of ``kind = "fighting"`` scenario files (bargaining while fighting).

Kept apart from :mod:`.definitions` so that module only adds the kind; the
keys use the names of :class:`compellence.coercion.fighting.BargainingWhileFighting`
(one quantity, one name: ``s``, ``r``, ``pi_A``, ``pi_T`` as in
:mod:`compellence.coercion.offramp`).
"""

from __future__ import annotations

from .schema import REQUIRED, Key, Table, TableArray

__all__ = ["make_schema"]


def _f(name: str, doc: str, default: float | None = None, lo: float | None = None, hi: float | None = None, *,
       lo_open: bool = False, hi_open: bool = False) -> Key:
    return Key(name, "float", doc, default=REQUIRED if default is None else default, lo=lo, hi=hi,
               lo_open=lo_open, hi_open=hi_open, sweepable=True)


def make_schema(kind: Key, title: Key, description: Key) -> Table:
    """The ``fighting`` schema, given the common ``kind``/``title``/``description`` keys.

    Parameters
    ----------
    kind, title, description : Key
        The keys every scenario kind shares.

    Returns
    -------
    Table
        The schema of a ``kind = "fighting"`` file (``[fighting]``, ``[[target_types]]``).

    Examples
    --------
    >>> from compellence.scenario.definitions import SCHEMAS
    >>> SCHEMAS["fighting"].name
    'fighting'
    """
    return Table(
        "fighting",
        "Bargaining while fighting (compellence.coercion.fighting; docs/bargaining_while_fighting.md): "
        "a war fought as a sequence of battles on a front line of states 0..K; before each battle "
        "the uninformed proposer demands a concession and the target, of a private type (its "
        "chance of winning a battle and its cost of a battle), accepts or fights on; battles "
        "move the front line and reveal the type; sanctions add to the target's cost of fighting. "
        "`compellence solve` prints the skimming perfect Bayesian equilibrium: the demands along "
        "the path, the expected duration, the distribution of settlement terms and how the war "
        "ends; `compellence sweep` varies any numeric key.",
        (
            kind,
            title,
            description,
            Table(
                "fighting",
                "The war and the sanctions (stake units: the disputed stake is worth 1).",
                (
                    Key("states", "int", "K: front-line states 0..K; 0 is the target's decisive "
                        "defeat, K its decisive victory.", default=4, lo=2, hi=200),
                    Key("start", "int", "The state the war starts in (1..K-1; default K // 2).",
                        default=None, lo=1, hi=199),
                    Key("horizon", "int", "T: the largest number of battles; after the T-th the war "
                        "stops at the front line.", default=6, lo=1, hi=400),
                    _f("delta", "Discount factor per period (one battle per period).", 0.95, 0, 1,
                       lo_open=True, hi_open=True),
                    _f("proposer_war_cost", "c_P: the proposer's cost of one battle.", 0.05, lo=0),
                    _f("s", "Sanctions on the target per period while the war goes on.", 0.0, lo=0),
                    _f("r", "Reversible share of the sanctions (the rest is paid on every branch "
                       "and cancels from every choice).", 1.0, 0, 1),
                    _f("pi_A", "Assurance credibility: chance the reversible sanctions are lifted "
                       "after a settlement.", 1.0, 0, 1),
                    _f("pi_T", "Threat credibility: chance the reversible sanctions continue after "
                       "a war that ends on the battlefield.", 0.0, 0, 1),
                    Key("battlefield_value", "float_list", "h(k): the share of the stake the target "
                        "holds if the fighting stops at state k, for k = 0..K, rising from 0 to 1 "
                        "(default k / K).", default=None, lo=0, hi=1),
                ),
                required=True,
                example='[fighting]\nstates = 6\nstart = 3\nhorizon = 8\ndelta = 0.95\n'
                        'proposer_war_cost = 0.03\ns = 0.02\nr = 0.7\npi_A = 0.8\npi_T = 0.6',
            ),
            TableArray(
                "target_types",
                "The target's private types, from the least to the most resolved (win_probability "
                "non-decreasing, war_cost non-increasing); the priors must sum to 1.",
                (
                    Key("name", "str", "Type label (shown in tables)."),
                    Key("prior", "float", "Prior probability of the type.", lo=0, hi=1, sweepable=True),
                    Key("win_probability", "float", "Chance the type wins one battle (at every "
                        "state, unless win_by_state is given).", default=None, lo=0, hi=1,
                        sweepable=True),
                    Key("win_by_state", "float_list", "Chance of winning a battle at each interior "
                        "state 1..K-1 (replaces win_probability).", default=None, lo=0, hi=1),
                    Key("war_cost", "float", "c_i: the type's cost of one battle.", default=0.05, lo=0,
                        sweepable=True),
                ),
                min_items=1,
                unique_key="name",
                example='[[target_types]]\nname = "brittle"\nprior = 0.6\nwin_probability = 0.35\n'
                        'war_cost = 0.05\n\n[[target_types]]\nname = "resolute"\nprior = 0.4\n'
                        'win_probability = 0.6\nwar_cost = 0.03',
            ),
        ),
    )
