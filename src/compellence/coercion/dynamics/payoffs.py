"""Per-period payoffs of the default dynamic coercion model, and Powell's shifting-power game.

:class:`CoercionDynamics` builds a :class:`~.state.MarkovGame` from a concrete,
documented model.  **State** (each variable a user-set grid; a grid of one
value switches the variable off; the process drifts towards higher grid
positions, so order each grid in the direction it moves):

=============  =====================================================  ===========================
variable       meaning (value at each grid position)                  moves
=============  =====================================================  ===========================
``punishment`` level ``k = 0..K`` in place (share ``k/K`` of ``s``)    coercer's action
``demand``     demand on the table: 0 none, ``i`` = ``demands[i-1]`` coercer's action
``bite``       share of the punishment biting after ``j`` periods    ``j+1`` each period in place;
               in place (``bite`` grid, e.g. ``(0.3, 0.6, 1.0)``)     ``floor(e j)`` once lifted
``insulation`` share of the reversible punishment the target has      ``+1`` w.p. ``adaptation``
               insulated its economy against                          per period in place
``power``      target's probability of prevailing in a war            ``+1`` w.p. ``power_shift``
                                                                      per period in place
``insurgency`` per-period cost to the target of the insurgency        ``+1`` each period aid flows
                                                                      (``k >= aid_level``); after
                                                                      aid stops it survives w.p.
                                                                      ``insurgency_persistence``,
                                                                      else collapses to 0
``cohesion``   share of the coalition still enforcing                 ``+1`` w.p. ``fray`` per
                                                                      period in place
=============  =====================================================  ===========================

**Actions.**  Coercer: ``escalate`` (``k+1``), ``hold``, ``lift_part``
(``k-1``), ``lift_all`` (``k -> 0``, offered from ``k >= 2``), ``demand_i``
(put demand ``i`` on the table, punishment unchanged).  Target, answering
at the after-state: ``comply`` (only with a demand on the table; ends the
game), ``resist`` (the game goes on), ``escalate`` (war; ends the game;
only with ``war=True``).

**Payoffs** (stake units; ``D = delta / (1 - delta)``; effective punishment
in place after the coercer's move ``P = s (k'/K) bite (1 - insulation) cohesion``):

===================================  =================================  ================  =================
component                            branches                           controlled by     to whom
===================================  =================================  ================  =================
irreversible ``(1-r) s (k'-k)/K D``  every branch after an escalation   coercer (at       target (cost)
                                     (charged once, when imposed)       imposition),
                                                                        nobody after
reversible flow ``delta r P``        resist (each period it stays)      coercer           target (cost)
insurgency flow ``delta h_g``        resist (each period)               nobody once built target (cost)
insurgency after the game            comply, war: ``h_g delta /         nobody            target (cost)
``I(g) = h_g delta/(1-delta rho)``   (1 - delta rho)`` (aid stops)
concession ``x_i``                   comply                             target            target (cost),
                                                                                          coercer (gain)
compliance cost ``cc``               comply                             target            target (cost)
reversible kept after compliance     comply, w.p. ``1 - pi_A``          coercer           target (cost)
``(1 - pi_A) r P D``
resistance cost ``L``                resist (each period)               target            target (cost)
punishment cost ``c_P k'/K``         resist (``delta``, each period);   coercer           coercer (cost)
                                     comply w.p. ``1 - pi_A`` (``D``)
audience cost ``a``                  resist with a demand on the table  coercer           coercer (cost)
war ``-(1-p) w - d_T`` / ``(1-p) w   escalate (target)                  target            both
- d_C``
===================================  =================================  ================  =================

The irreversible part is charged on every branch below the escalation that
imposed it, so it cancels from every later comparison: only the reversible
flow is leverage (the corrected accounting of
:mod:`compellence.coercion.offramp`).  When a finite horizon ends after a
resistance, the punishment in place continues with probability ``pi_T``
(threat credibility): end value ``-pi_T r P D - I(g)`` to the target and
``-pi_T c_P k'/K D`` to the coercer.  With one period, a demand on the table
and ``hold`` the only move, the target complies iff

    M = (pi_T + pi_A - 1) r P D - x - cc + L >= 0,

the static margin :func:`~compellence.coercion.offramp.offramp_margin` with
``s = P`` (the insurgency term ``I(g)`` is on both branches and cancels).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, fields
from typing import Any

import numpy as np

from ...errors import ParameterError
from ...validation import check_real
from .state import MarkovGame, StateSpace, product_successors

__all__ = ["CoercionDynamics", "shifting_power_game"]

_SCALARS = {
    # name: (lo, hi, lo_open, hi_open)
    "punishment_per_period": (0.0, None, False, False),
    "reversibility": (0.0, 1.0, False, False),
    "delta": (0.0, 1.0, True, True),
    "threat_credibility": (0.0, 1.0, False, False),
    "assurance_credibility": (0.0, 1.0, False, False),
    "compliance_cost": (None, None, False, False),
    "resistance_cost": (None, None, False, False),
    "punishment_cost": (0.0, None, False, False),
    "audience_cost": (0.0, None, False, False),
    "concession_value": (0.0, None, False, False),
    "reimposition_effectiveness": (0.0, 1.0, False, False),
    "adaptation": (0.0, 1.0, False, False),
    "power_shift": (0.0, 1.0, False, False),
    "insurgency_persistence": (0.0, 1.0, False, False),
    "fray": (0.0, 1.0, False, False),
    "war_stake": (0.0, None, False, False),
    "war_cost_target": (0.0, None, False, False),
    "war_cost_coercer": (0.0, None, False, False),
}


@dataclass(frozen=True)
class CoercionDynamics:
    """The default dynamic coercion model (see the module docstring for every component).

    Scalar parameters may be arrays (a parameter sweep: they broadcast to the
    game's batch shape).  Grids (``demands``, ``bite``, ``insulation``,
    ``power``, ``insurgency``, ``cohesion``) are plain sequences.  The initial
    state is grid position 0 of every variable (no punishment, no demand).

    Parameters
    ----------
    punishment_levels : int
        ``K >= 1``: punishment levels ``k = 0..K`` (share ``k/K`` of ``s``).
    punishment_per_period : float or array_like
        ``s >= 0``: the full punishment's cost to the target per period.
    reversibility : float or array_like
        ``r`` in [0, 1]: the reversible (flow) share of the punishment.
    delta : float or array_like
        Discount factor in (0, 1).
    threat_credibility : float or array_like
        ``pi_T`` in [0, 1]: probability the punishment continues after a resisted
        final period.
    assurance_credibility : float or array_like
        ``pi_A`` in [0, 1]: probability the punishment is lifted after compliance.
    demands : Sequence[float]
        The demands ``x_i`` in [0, 1] the coercer can put on the table.
    compliance_cost : float or array_like
        ``cc``: the target's cost of complying beyond the concession.
    resistance_cost : float or array_like
        ``L``: the target's cost per period of resisting.
    punishment_cost : float or array_like
        ``c_P >= 0``: the coercer's cost per period of the full punishment.
    audience_cost : float or array_like
        ``a >= 0``: the coercer's cost per period a demand on the table is resisted.
    concession_value : float or array_like
        The coercer's value of a unit of concession.
    bite : Sequence[float]
        Grid of the share of the punishment biting after ``j`` periods in place.
    reimposition_effectiveness : float or array_like
        ``e`` in [0, 1]: the bite kept, as ``floor(e j)``, once the punishment is lifted.
    insulation : Sequence[float]
        Grid of the insulated share of the reversible punishment.
    adaptation : float or array_like
        Probability per period in place that insulation moves up a grid step.
    power : Sequence[float]
        Grid of the target's probability of prevailing in a war.
    power_shift : float or array_like
        Probability per period in place that ``power`` moves up a grid step.
    insurgency : Sequence[float]
        Grid of the insurgency's per-period cost ``h_g`` to the target.
    insurgency_persistence : float or array_like
        ``rho``: probability the insurgency survives a period without aid.
    aid_level : int or None
        Punishment level from which aid flows to the insurgency (default ``K``).
    cohesion : Sequence[float]
        Grid of the share of the coalition still enforcing.
    fray : float or array_like
        Probability per period in place that cohesion moves a grid step.
    war : bool
        Whether the target can escalate to war.
    war_stake : float or array_like
        ``w``: the stake of a war.
    war_cost_target, war_cost_coercer : float or array_like
        ``d_T``, ``d_C``: the war's costs.

    Raises
    ------
    ParameterError
        If a parameter is out of its range (the message names it), a grid is
        empty, or the array parameters do not broadcast together.

    Examples
    --------
    >>> from compellence.coercion.dynamics import CoercionDynamics
    >>> model = CoercionDynamics(punishment_levels=1)
    >>> model.game().n_states
    4
    >>> CoercionDynamics(delta=[0.5, 0.9]).batch_shape
    (2,)
    """

    punishment_levels: int = 2
    punishment_per_period: Any = 1.0
    reversibility: Any = 0.6
    delta: Any = 0.9
    threat_credibility: Any = 0.8
    assurance_credibility: Any = 0.8
    demands: Sequence[float] = (1.0,)
    compliance_cost: Any = 0.0
    resistance_cost: Any = 0.0
    punishment_cost: Any = 0.1
    audience_cost: Any = 0.0
    concession_value: Any = 1.0
    bite: Sequence[float] = (1.0,)
    reimposition_effectiveness: Any = 0.0
    insulation: Sequence[float] = (0.0,)
    adaptation: Any = 0.0
    power: Sequence[float] = (0.5,)
    power_shift: Any = 0.0
    insurgency: Sequence[float] = (0.0,)
    insurgency_persistence: Any = 0.0
    aid_level: int | None = None
    cohesion: Sequence[float] = (1.0,)
    fray: Any = 0.0
    war: bool = False
    war_stake: Any = 1.0
    war_cost_target: Any = 0.2
    war_cost_coercer: Any = 0.2
    params: dict = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        K = self.punishment_levels
        if isinstance(K, bool) or not isinstance(K, (int, np.integer)) or K < 1:
            raise ParameterError(f"must be an integer >= 1, got {K!r}", "punishment_levels")
        aid = K if self.aid_level is None else self.aid_level
        if isinstance(aid, bool) or not isinstance(aid, (int, np.integer)) or not 1 <= aid <= K:
            raise ParameterError(f"must be an integer in [1, {K}], got {aid!r}", "aid_level")
        object.__setattr__(self, "aid_level", int(aid))
        vals = {}
        for name, (lo, hi, lo_open, hi_open) in _SCALARS.items():
            vals[name] = check_real(getattr(self, name), name, lo, hi, lo_open=lo_open, hi_open=hi_open)
        grids = {
            "demands": (0.0, 1.0), "bite": (0.0, 1.0), "insulation": (0.0, 1.0),
            "power": (0.0, 1.0), "insurgency": (0.0, None), "cohesion": (0.0, 1.0),
        }
        for name, (lo, hi) in grids.items():
            arr = check_real(getattr(self, name), name, lo, hi)
            if arr.ndim != 1 or arr.size == 0:
                raise ParameterError("must be a non-empty sequence of numbers", name)
            object.__setattr__(self, name, tuple(float(v) for v in arr))
        try:
            np.broadcast_shapes(*(v.shape for v in vals.values()))
        except ValueError:
            shapes = ", ".join(f"{k}{v.shape}" for k, v in vals.items() if v.shape)
            raise ParameterError(f"parameter arrays do not broadcast together: {shapes}") from None
        object.__setattr__(self, "params", vals)

    # ------------------------------------------------------------------ structure
    @property
    def batch_shape(self) -> tuple[int, ...]:
        return np.broadcast_shapes(*(v.shape for v in self.params.values()))

    def state_space(self) -> StateSpace:
        """The state grid of the model (variables of the module docstring).

        Returns
        -------
        StateSpace
            Variables ``punishment``, ``demand``, ``bite``, ``insulation``, ``power``,
            ``insurgency``, ``cohesion``, in that order.

        Examples
        --------
        >>> from compellence.coercion.dynamics import CoercionDynamics
        >>> CoercionDynamics(punishment_levels=2).state_space().shape
        (3, 2, 1, 1, 1, 1, 1)
        """
        return StateSpace({
            "punishment": np.arange(self.punishment_levels + 1) / self.punishment_levels,
            "demand": np.concatenate([[0.0], self.demands]),
            "bite": np.asarray(self.bite), "insulation": np.asarray(self.insulation),
            "power": np.asarray(self.power), "insurgency": np.asarray(self.insurgency),
            "cohesion": np.asarray(self.cohesion),
        })

    def coercer_actions(self) -> tuple[str, ...]:
        """The coercer's action labels.

        Returns
        -------
        tuple[str, ...]
            ``escalate``, ``hold``, ``lift_part``, ``lift_all`` and ``demand_i`` per demand.

        Examples
        --------
        >>> from compellence.coercion.dynamics import CoercionDynamics
        >>> CoercionDynamics(demands=(0.5, 1.0)).coercer_actions()
        ('escalate', 'hold', 'lift_part', 'lift_all', 'demand_1', 'demand_2')
        """
        return ("escalate", "hold", "lift_part", "lift_all") + tuple(
            f"demand_{i}" for i in range(1, len(self.demands) + 1))

    def target_actions(self) -> tuple[str, ...]:
        """The target's action labels (``escalate`` only with ``war=True``).

        Returns
        -------
        tuple[str, ...]
            ``comply``, ``resist`` and, with war, ``escalate``.

        Examples
        --------
        >>> from compellence.coercion.dynamics import CoercionDynamics
        >>> CoercionDynamics(war=True).target_actions()
        ('comply', 'resist', 'escalate')
        """
        return ("comply", "resist", "escalate") if self.war else ("comply", "resist")

    def initial_state(self) -> int:
        """The flat index of the initial state (no punishment, no demand).

        Returns
        -------
        int
            Always 0: grid position 0 of every variable.

        Examples
        --------
        >>> from compellence.coercion.dynamics import CoercionDynamics
        >>> CoercionDynamics().initial_state()
        0
        """
        return 0

    def replace(self, **changes: Any) -> CoercionDynamics:
        """A new validated model with ``changes`` applied.

        Parameters
        ----------
        **changes : Any
            New values of constructor parameters.

        Returns
        -------
        CoercionDynamics
            The changed model (validated again).

        Raises
        ------
        ParameterError
            If a name is not a parameter of the model (or a new value is invalid).

        Examples
        --------
        >>> from compellence.coercion.dynamics import CoercionDynamics
        >>> CoercionDynamics().replace(delta=0.5).delta
        0.5
        """
        kw = {f.name: getattr(self, f.name) for f in fields(self) if f.init}
        unknown = set(changes) - set(kw)
        if unknown:
            raise ParameterError(f"unknown parameter(s) {sorted(unknown)}", "changes")
        kw.update(changes)
        return CoercionDynamics(**kw)

    # ------------------------------------------------------------------ the game
    def effective_punishment(self, states: StateSpace | None = None) -> np.ndarray:
        """``P = s (k/K) bite (1 - insulation) cohesion`` at every state, shape ``(*batch, S)`` (derived).

        Parameters
        ----------
        states : StateSpace or None, optional
            The state grid (default: :meth:`state_space`).

        Returns
        -------
        numpy.ndarray
            The effective punishment in place, ``(*batch, S)``.

        Examples
        --------
        >>> from compellence.coercion.dynamics import CoercionDynamics
        >>> CoercionDynamics(punishment_levels=1, punishment_per_period=2.0).effective_punishment().tolist()
        [0.0, 0.0, 2.0, 2.0]
        """
        st = states or self.state_space()
        v = st.values(np.arange(st.size))
        s = self.params["punishment_per_period"][..., None]
        return s * v["punishment"] * v["bite"] * (1.0 - v["insulation"]) * v["cohesion"]

    def game(self) -> MarkovGame:
        """The :class:`MarkovGame` of this model (batched over array parameters).

        Returns
        -------
        MarkovGame
            The game with the payoffs and transitions of the module docstring; its batch
            shape is :attr:`batch_shape`.

        Raises
        ------
        ParameterError
            If ``reimposition_effectiveness`` is an array while the ``bite`` grid has
            several points (it moves the state deterministically, so it cannot be swept).

        Examples
        --------
        >>> from compellence.coercion.dynamics import CoercionDynamics
        >>> g = CoercionDynamics(punishment_levels=1, delta=[0.5, 0.9]).game()
        >>> g.n_states, g.batch_shape
        (4, (2,))
        """
        p = {k: v[..., None] for k, v in self.params.items()}  # (*batch, 1): broadcast over states
        batch = self.batch_shape
        st = self.state_space()
        S, K, nd = st.size, self.punishment_levels, len(self.demands)
        lv = st.grid()
        shape = st.shape
        strides = np.cumprod((1,) + shape[::-1])[-2::-1]
        stride = dict(zip(st.names, strides, strict=True))
        k, d = lv["punishment"], lv["demand"]
        delta = p["delta"]
        D = delta / (1.0 - delta)

        # ---- coercer moves: after-state and move payoff
        acts = self.coercer_actions()
        k_new = np.stack([np.minimum(k + 1, K), k, np.maximum(k - 1, 0), np.zeros_like(k)]
                         + [k] * nd, axis=1)                                    # (S, A)
        d_new = np.stack([d] * 4 + [np.full_like(d, i) for i in range(1, nd + 1)], axis=1)
        after = (np.arange(S)[:, None] + (k_new - k[:, None]) * stride["punishment"]
                 + (d_new - d[:, None]) * stride["demand"])
        allowed = np.stack([k < K, np.ones(S, bool), k > 0, k >= 2]
                           + [d != i for i in range(1, nd + 1)], axis=1)
        lump = (1.0 - p["reversibility"])[..., None] * p["punishment_per_period"][..., None] * (
            np.maximum(k_new - k[:, None], 0) / K) * D[..., None]              # (*batch, S, A)
        move_payoff = np.stack(np.broadcast_arrays(np.zeros_like(lump), -lump), axis=-1)

        # ---- target answers at every after-state
        v = st.values(np.arange(S))
        P = self.effective_punishment(st)                                        # (*batch, S)
        level = v["punishment"]                                                  # k'/K
        x = v["demand"]
        h = v["insurgency"]
        rho = p["insurgency_persistence"]
        I_off = h * delta / (1.0 - delta * rho)
        rev = p["reversibility"] * P
        on_table = d > 0
        pi_T, pi_A = p["threat_credibility"], p["assurance_credibility"]
        comply_T = -x - p["compliance_cost"] - (1.0 - pi_A) * rev * D - I_off
        comply_C = p["concession_value"] * x - (1.0 - pi_A) * p["punishment_cost"] * level * D
        resist_T = -p["resistance_cost"] - delta * (rev + h)
        resist_C = -delta * p["punishment_cost"] * level - p["audience_cost"] * on_table
        end_T = -pi_T * rev * D - I_off
        end_C = -pi_T * p["punishment_cost"] * level * D
        cols_T = [comply_T, resist_T]
        cols_C = [comply_C, resist_C]
        ends_T = [np.zeros_like(end_T), end_T + delta * (rev + h)]  # the last period: no flow, static end
        ends_C = [np.zeros_like(end_C), end_C + delta * p["punishment_cost"] * level]
        t_allowed = [on_table, np.ones(S, bool)]
        terminal = [np.ones(S, bool), np.zeros(S, bool)]
        if self.war:
            pw = v["power"]
            cols_T.append(-(1.0 - pw) * p["war_stake"] - p["war_cost_target"] - I_off)
            cols_C.append((1.0 - pw) * p["war_stake"] - p["war_cost_coercer"])
            ends_T.append(np.zeros_like(end_T))
            ends_C.append(np.zeros_like(end_C))
            t_allowed.append(np.ones(S, bool))
            terminal.append(np.ones(S, bool))
        B = len(cols_T)

        def stack(c_list, t_list):
            c = np.stack(np.broadcast_arrays(*c_list, *t_list)[:B], axis=-1)
            t = np.stack(np.broadcast_arrays(*c_list, *t_list)[B:], axis=-1)
            return np.stack([c, t], axis=-1)                                     # (*batch, S, B, 2)

        payoff = np.broadcast_to(stack(cols_C, cols_T), (*batch, S, B, 2))
        end_value = np.broadcast_to(stack(ends_C, ends_T), (*batch, S, B, 2))

        # ---- transitions after resist (deterministic part, then two-point chance moves)
        in_place = k > 0
        jb = lv["bite"]
        Jn = shape[st.names.index("bite")]
        e = self.params["reimposition_effectiveness"]
        base = np.arange(S)
        # bite: one step per period in place; kept share e of the position once lifted
        if Jn > 1:
            if e.ndim:
                raise ParameterError("cannot be swept (it moves the state deterministically); use a scalar",
                                     "reimposition_effectiveness")
            j_next = np.where(in_place, np.minimum(jb + 1, Jn - 1), np.floor(float(e) * jb + 1e-12).astype(int))
            base = base + (j_next - jb) * stride["bite"]
        # insurgency grows deterministically while aid flows
        g = lv["insurgency"]
        Gn = shape[st.names.index("insurgency")]
        aid = k >= self.aid_level
        if Gn > 1:
            base = base + np.where(aid, np.minimum(g + 1, Gn - 1) - g, 0) * stride["insurgency"]
        moves, mstrides = [], []
        zero = np.zeros(S, dtype=np.int64)
        for name, prob_name in (("insulation", "adaptation"), ("power", "power_shift"), ("cohesion", "fray")):
            n = shape[st.names.index(name)]
            if n == 1:
                continue
            lvl = lv[name]
            up = np.where(in_place, np.minimum(lvl + 1, n - 1) - lvl, 0)
            moves.append((zero, up, np.broadcast_to(p[prob_name], (*batch, S))))
            mstrides.append(stride[name])
        if Gn > 1:
            # without aid: survives w.p. rho (stays), else collapses to 0
            collapse = np.where(aid, 0, -g)
            moves.append((collapse, zero, np.where(aid, 1.0, np.broadcast_to(rho, (*batch, S)))))
            mstrides.append(stride["insurgency"])
        succ, prob = product_successors(moves, base, mstrides)
        # prune successors that are never reached (probability 0 everywhere)
        keep = np.any(prob.reshape(-1, prob.shape[-1]) > 0, axis=0)
        succ, prob = succ[..., keep], prob[..., keep]
        Q = succ.shape[-1]
        succ_b = np.broadcast_to(succ[:, None, :], (S, B, Q)).copy()
        succ_b[:, [i for i in range(B) if terminal[i][0]], :] = np.arange(S)[:, None, None]
        prob_b = np.broadcast_to(np.broadcast_to(prob, (*batch, S, Q))[..., None, :], (*batch, S, B, Q))
        return MarkovGame(
            states=st, coercer_actions=acts, target_actions=self.target_actions(),
            after=after, coercer_allowed=allowed, move_payoff=move_payoff,
            target_allowed=np.stack(np.broadcast_arrays(*t_allowed), axis=1), payoff=payoff,
            terminal=np.stack(terminal, axis=1), succ=succ_b, prob=prob_b,
            delta=np.broadcast_to(self.params["delta"], batch), end_value=end_value,
            meta={"model": "CoercionDynamics", "demand_stride": int(stride["demand"]),
                  "n_demands": nd, "effective_punishment": P},
        )


def shifting_power_game(p: Any, delta: Any, war_cost: Any, offers: int = 1001, *, exact: bool = True) -> MarkovGame:
    """Powell's (2006) shifting-power bargaining game on the same engine.

    Each period a rising coercer offers the declining target a share ``x`` of
    a flow worth 1 (grid of ``offers`` shares in [0, 1]); the target accepts
    (``comply``: it gets ``x`` this period, the coercer ``1 - x``, power
    moves to the next point of the path ``p``) or fights (``escalate``: war
    ends the game; the target wins with probability ``p_t`` and the war
    values are ``(p_t - d)/(1 - delta)`` and ``(1 - p_t - d)/(1 - delta)``,
    ``d = war_cost`` per period).  ``p`` is the target's power path; its last
    point is absorbing.  States: (period on the path) x (offer on the table).

    In the stationary MPE the target fights at ``t`` iff (Powell 2006, War as
    a Commitment Problem, International Organization 60(1): 169-203)

        delta (p_t - p_{t+1}) > (1 - delta)(1 - p_t + d),

    because the most the coercer can credibly give is the whole flow today
    plus the target's war value tomorrow.  Offers on a grid make the
    continuation exact up to one grid step; with ``exact=True`` (unbatched
    ``delta`` and ``war_cost``) the target's per-period war values
    ``p_t - d`` in [0, 1] are added to the grid, so the coercer can offer
    exactly them.  Without them a pure stationary MPE may not exist on the
    grid (the best offer above the war value invites a one-step-lower
    deviation the target accepts): the solvers then report a cycle.

    Parameters
    ----------
    p : array_like
        The target's power path (probabilities of prevailing), 1-d.
    delta : float or array_like
        Discount factor in (0, 1) (an array makes a batch).
    war_cost : float or array_like
        ``d >= 0``: each side's cost of war per period.
    offers : int, optional
        Number of offers on the grid of [0, 1], ``>= 2``.
    exact : bool, optional
        Add the target's war values ``p_t - d`` to the grid (scalar ``delta`` and
        ``war_cost`` only).

    Returns
    -------
    MarkovGame
        The game; the coercer's actions are ``offer_i`` (the grid is in
        ``meta["offers"]``), the target's ``comply`` and ``escalate``.

    Raises
    ------
    ParameterError
        If ``p`` is not a 1-d path in [0, 1], ``offers`` is not an integer ``>= 2``, or
        ``exact=True`` with batched ``delta`` or ``war_cost`` (or a parameter is out of
        range).

    Examples
    --------
    >>> from compellence.coercion.dynamics import shifting_power_game, markov_perfect
    >>> g = shifting_power_game([0.2, 0.5], 0.9, 0.1, offers=5)
    >>> g.n_states, g.target_actions
    (16, ('comply', 'escalate'))
    """
    pp = check_real(p, "p", 0.0, 1.0)
    if pp.ndim != 1 or pp.size < 1:
        raise ParameterError("must be a 1-d power path", "p")
    dl = check_real(delta, "delta", 0.0, 1.0, lo_open=True, hi_open=True)
    dc = check_real(war_cost, "war_cost", 0.0)
    if isinstance(offers, bool) or not isinstance(offers, (int, np.integer)) or offers < 2:
        raise ParameterError(f"must be an integer >= 2, got {offers!r}", "offers")
    n = pp.size
    grid = np.linspace(0.0, 1.0, offers)
    if exact:
        if dl.ndim or dc.ndim:
            raise ParameterError("exact=True needs scalar delta and war_cost", "exact")
        w = pp - float(dc)
        grid = np.unique(np.concatenate([grid, w[(w >= 0) & (w <= 1)]]))
        offers = grid.size
    st = StateSpace({"period": np.arange(n, dtype=float), "offer": np.concatenate([[0.0], grid])})
    S = st.size
    lv = st.grid()
    t, o = lv["period"], lv["offer"]
    A = offers
    after = t[:, None] * (offers + 1) + 1 + np.arange(A)[None, :]
    allowed = np.ones((S, A), bool)
    move_payoff = np.zeros((S, A, 2))
    x = st.dims["offer"][o]
    dlb, dcb = np.broadcast_arrays(dl, dc)
    batch = dlb.shape
    pt = pp[t]
    war_T = (pt - dcb[..., None]) / (1.0 - dlb[..., None])
    war_C = (1.0 - pt - dcb[..., None]) / (1.0 - dlb[..., None])
    acc_C = np.broadcast_to(1.0 - x, (*batch, S))
    acc_T = np.broadcast_to(x, (*batch, S))
    payoff = np.stack([np.stack([acc_C, war_C], -1), np.stack([acc_T, war_T], -1)], -1)
    nxt = np.minimum(t + 1, n - 1) * (offers + 1)
    succ = np.stack([nxt, np.arange(S)], axis=1)[..., None]
    return MarkovGame(
        states=st, coercer_actions=tuple(f"offer_{i}" for i in range(A)), target_actions=("comply", "escalate"),
        after=after, coercer_allowed=allowed, move_payoff=move_payoff,
        target_allowed=np.ones((S, 2), bool),
        payoff=payoff, terminal=np.stack([np.zeros(S, bool), np.ones(S, bool)], axis=1),
        succ=succ, prob=np.ones((*batch, S, 2, 1)), delta=dlb,
        meta={"model": "shifting_power", "offers": grid},
    )
