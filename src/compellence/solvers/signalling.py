"""Perfect Bayesian equilibria of finite sender-receiver (signalling) games: pure, mixed, hybrid.

A signalling game (Spence 1973; Cho & Kreps 1987): chance draws the sender's
type ``t`` with prior ``pi(t)``; the sender, knowing ``t``, sends a message
``m``; the receiver sees ``m`` but not ``t`` and responds with ``a``.  As a
game tree: root = chance over types -> one sender decision node per type (its
own information set) -> one receiver information set per message (the nodes
``(t, m)`` of all types) -> terminal payoffs ``u_S(t, m, a), u_R(t, m, a)``.

A behaviour profile ``(sigma, rho)`` (``sigma(m | t)``, ``rho(a | m)``) with
beliefs ``mu`` is a perfect Bayesian equilibrium iff

* sender optimality: every message a type sends with positive probability
  maximises ``U_S(t, m) = sum_a rho(a | m) u_S(t, m, a)`` over ``m``;
* receiver optimality: every response played with positive probability after
  ``m`` maximises ``sum_t mu(t | m) u_R(t, m, a)``;
* Bayes on the path: ``mu(t | m) = pi(t) sigma(m | t) / sum_t' pi(t') sigma(m | t')``
  for every message sent with positive probability; off the path
  ``mu(. | m)`` is any distribution that makes ``rho(. | m)`` optimal.

(In a signalling game every receiver information set follows one sender
move, so PBE and sequential equilibrium coincide: Fudenberg & Tirole 1991,
Theorem 8.2 / Section 8.2.3.)

**Pure equilibria** (``s: T -> M``, ``r: M -> A``): all of them, by enumerating
the ``|M|**|T|`` sender strategies and the best replies.

**Mixed and semi-separating (hybrid) equilibria** (``mixed=True``): support
enumeration.  For fixed supports ``S_t`` (messages of type ``t``) and ``R_m``
(responses after ``m``) the conditions above are *linear*: sender
indifference ``U_S(t, m) = v_t`` on ``S_t`` and ``<= v_t`` off it is linear
in ``rho``; receiver indifference on the path is linear in the unnormalised
posterior weights ``pi(t) sigma(m | t)``; off the path it is linear in
``mu``.  One linear programme per support pattern maximises the smallest
probability on the supports; the pattern is an equilibrium class iff that
optimum is positive, and the optimiser is reported as its representative
(where the class is a continuum, e.g. a receiver indifferent over an
interval, it is one point of it, chosen in the relative interior).  Patterns
that only add receiver mixing off the path to an equilibrium already found
with a pure off-path reply are not reported again.

Equilibria are classified as ``"pooling"`` (every type uses the same
message distribution, so every posterior is the prior), ``"separating"``
(the types' supports are disjoint: every message reveals its sender) or
``"semi-separating"`` (anything else: partial pooling; with mixing, the
*hybrid* equilibria of the literature, e.g. Gibbons 1992, Section 4.2.C).

**Refinements**, reported per equilibrium on its off-path messages:

* the intuitive criterion (Cho & Kreps 1987): a message ``m`` off the path is
  *equilibrium dominated* for type ``t`` if
  ``u*_S(t) > max_{a in BR(m, Delta(T))} u_S(t, m, a)``; the equilibrium fails
  if some type ``t'`` not dominated at ``m`` would gain from ``m`` whatever best
  reply to beliefs on the non-dominated types the receiver makes:
  ``u*_S(t') < min_{a in BR(m, Delta(T \\ D(m)))} u_S(t', m, a)``;
* D1 (Cho & Kreps 1987, Section V; Banks & Sobel 1987): with ``MBR(m)`` the
  receiver's mixed best replies to beliefs after ``m``, let
  ``D0_t = {alpha in MBR(m): U_S(t, m, alpha) >= u*_S(t)}`` and ``D_t`` the
  same with ``>``.  Type ``t`` is pruned at ``m`` if ``D0_t`` is contained in
  ``D_t'`` for some other type ``t'`` (another type gains whenever ``t``
  weakly does).  The equilibrium fails D1 if its reply after ``m`` is not a
  best reply to any belief on the unpruned types (one round of pruning;
  checked exactly, one linear programme per pair of types and face of
  ``MBR(m)``).

In beer-quiche the "quiche" pooling equilibrium fails both: the weak type can
only lose by drinking beer, so a beer drinker must be strong, and then the
strong type prefers to have beer.

**Batched parameters** (:func:`signalling_sweep`): for a game whose tree is
fixed and whose numbers are arrays, every pure profile is tested at every
point at once (array arithmetic over the batch; with two types the off-path
belief sets, the intuitive criterion and D1 with two responses are closed
forms on the belief line ``q = Pr(first type)``; otherwise each point is
solved with :func:`signalling_equilibria`).
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np
from scipy.optimize import linprog

from ..errors import ParameterError, SignallingGameError
from ..games.tree import CHANCE, DECISION, TERMINAL, Game, normalize_index
from ..validation import check_real, require_scalar_game

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
    "signalling_equilibria",
    "signalling_sweep",
    "SignallingEquilibrium",
    "SignallingEquilibria",
    "SignallingSweep",
    "SignallingGameError",
]

#: Largest number of sender strategies enumerated (|M| ** |T|).
MAX_SENDER_STRATEGIES = 1_000_000
#: Largest number of support patterns tried by the mixed enumeration
#: ((2**|M| - 1) ** |T| * (2**|A| - 1) ** |M|), one small LP each.
MAX_SUPPORT_PATTERNS = 50_000




Interval = tuple[float, float]


@dataclass(frozen=True)
class SignallingEquilibrium:
    """One perfect Bayesian equilibrium of a signalling game.

    Attributes
    ----------
    kind : str
        ``"pooling"``, ``"separating"`` or ``"semi-separating"``.
    sender : Mapping[str, str or None]
        type -> message sent (pure types); ``None`` for a type that mixes.
    receiver : Mapping[str, str or None]
        message -> response (on and off the path); ``None`` where the receiver mixes.
    beliefs : Mapping[str, Mapping[str, float]]
        on-path message -> {type: posterior probability} (Bayes' rule).
    off_path : Mapping[str, Mapping[str, tuple[float, float]]]
        off-path message -> {type: (lowest, highest) probability} over the
        beliefs that make the receiver's reply optimal (for two types the
        set of supporting beliefs is exactly the interval of either type).
    sender_payoff : Mapping[str, float]
        type -> the sender's equilibrium payoff as that type.
    receiver_payoff : float
        the receiver's ex-ante expected payoff.
    intuitive : bool
        Whether the equilibrium survives the Cho-Kreps intuitive criterion.
    intuitive_note : str
        Why not (the message, the dominated types, the type that would deviate), or "".
    receiver_ties : tuple[str, ...]
        On-path messages where the receiver is indifferent between several responses.
    d1 : bool
        Whether the equilibrium survives the D1 criterion (module docstring).
    d1_note : str
        Why not, or "".
    pure : bool
        True when every type and every reply is pure.
    sender_strategy : Mapping[str, Mapping[str, float]]
        type -> {message: probability} (``sigma(m | t)``).
    receiver_strategy : Mapping[str, Mapping[str, float]]
        message -> {response: probability} (``rho(a | m)``).

    Examples
    --------
    >>> eq = cp.signalling_equilibria(cp.catalog.load("beer_quiche")).equilibria[0]
    >>> eq.kind, dict(eq.sender), eq.intuitive
    ('pooling', {'strong': 'beer', 'weak': 'beer'}, True)
    """

    kind: str
    sender: Mapping[str, str | None]
    receiver: Mapping[str, str | None]
    beliefs: Mapping[str, Mapping[str, float]]
    off_path: Mapping[str, Mapping[str, Interval]]
    sender_payoff: Mapping[str, float]
    receiver_payoff: float
    intuitive: bool
    intuitive_note: str = ""
    receiver_ties: tuple[str, ...] = ()
    d1: bool = True
    d1_note: str = ""
    pure: bool = True
    sender_strategy: Mapping[str, Mapping[str, float]] = field(default_factory=dict)
    receiver_strategy: Mapping[str, Mapping[str, float]] = field(default_factory=dict)

    def __repr__(self) -> str:
        def mix(d: Mapping[str, float]) -> str:
            return " + ".join(f"{p:.4g} {k}" for k, p in d.items() if p > 0)

        s = ", ".join(f"{t}->{m if m is not None else mix(self.sender_strategy[t])}"
                      for t, m in self.sender.items())
        r = ", ".join(f"{m}->{a if a is not None else mix(self.receiver_strategy[m])}"
                      for m, a in self.receiver.items())
        off = "; ".join(
            f"after {m}: " + ", ".join(f"Pr({t}) in [{lo:.4g}, {hi:.4g}]" for t, (lo, hi) in iv.items())
            for m, iv in self.off_path.items()
        )
        tail = f"; off-path beliefs {off}" if off else ""
        ic = "" if self.intuitive else "; fails the intuitive criterion"
        d1 = "" if self.d1 else "; fails D1"
        kind = self.kind if self.pure else f"mixed {self.kind}"
        return f"SignallingEquilibrium({kind}: sender {s}; receiver {r}{tail}{ic}{d1})"


@dataclass(frozen=True, eq=False)
class SignallingEquilibria:
    """The PBE of a signalling game found by :func:`signalling_equilibria`, with the game's anatomy.

    Iterable and indexable; ``pooling``, ``separating``, ``semi_separating``
    filter by kind, ``pure`` and ``mixed`` by purity; ``to_frame()`` gives one
    row per equilibrium.

    Attributes
    ----------
    game : Game
        The signalling game.
    sender, receiver : str
        The two player names.
    types, messages, responses : tuple[str, ...]
        The labels.
    prior : Mapping[str, float]
        type -> prior probability.
    equilibria : tuple[SignallingEquilibrium, ...]
        The pure ones first; mixed ones only when asked with ``mixed=True``.
    info : dict
        Details of the enumeration.

    Examples
    --------
    >>> res = cp.signalling_equilibria(cp.catalog.load("beer_quiche"))
    >>> len(res), [dict(eq.sender) for eq in res.pooling]
    (2, [{'strong': 'beer', 'weak': 'beer'}, {'strong': 'quiche', 'weak': 'quiche'}])
    >>> [eq.intuitive for eq in res]
    [True, False]
    """

    game: Game
    sender: str
    receiver: str
    types: tuple[str, ...]
    messages: tuple[str, ...]
    responses: tuple[str, ...]
    prior: Mapping[str, float]
    equilibria: tuple[SignallingEquilibrium, ...]
    info: dict[str, Any] = field(default_factory=dict)

    def __len__(self) -> int:
        return len(self.equilibria)

    def __iter__(self) -> Iterator[SignallingEquilibrium]:
        return iter(self.equilibria)

    def __getitem__(self, k: int) -> SignallingEquilibrium:
        return self.equilibria[k]

    def _of(self, kind: str) -> tuple[SignallingEquilibrium, ...]:
        return tuple(e for e in self.equilibria if e.kind == kind)

    @property
    def pooling(self) -> tuple[SignallingEquilibrium, ...]:
        """The pooling equilibria (every type sends the same message)."""
        return self._of("pooling")

    @property
    def separating(self) -> tuple[SignallingEquilibrium, ...]:
        """The separating equilibria (every type sends its own message)."""
        return self._of("separating")

    @property
    def semi_separating(self) -> tuple[SignallingEquilibrium, ...]:
        """The semi-separating (hybrid) equilibria."""
        return self._of("semi-separating")

    @property
    def pure(self) -> tuple[SignallingEquilibrium, ...]:
        """The equilibria in pure strategies."""
        return tuple(e for e in self.equilibria if e.pure)

    @property
    def mixed(self) -> tuple[SignallingEquilibrium, ...]:
        """The equilibria in which some type or reply mixes."""
        return tuple(e for e in self.equilibria if not e.pure)

    def to_frame(self) -> pd.DataFrame:
        """One row per equilibrium: kind, strategies, beliefs, payoffs, refinements.

        Returns
        -------
        pandas.DataFrame
            Columns ``kind``, ``pure``, ``sender[t]``, ``receiver[m]``, ``belief[m]``,
            ``payoff[t]``, ``receiver payoff``, ``intuitive``, ``d1``.

        Examples
        --------
        >>> cp.signalling_equilibria(cp.catalog.load("beer_quiche")).to_frame()[["kind", "sender[strong]", "intuitive"]]
              kind sender[strong]  intuitive
        0  pooling           beer       True
        1  pooling         quiche      False
        """
        import pandas as pd

        rows = []
        for e in self.equilibria:
            row: dict[str, Any] = {"kind": e.kind, "pure": e.pure}
            for t in self.types:
                row[f"sender[{t}]"] = e.sender[t] if e.sender[t] is not None else ", ".join(
                    f"{m}: {p:.4g}" for m, p in e.sender_strategy[t].items() if p > 0)
            for m in self.messages:
                row[f"receiver[{m}]"] = e.receiver[m] if e.receiver[m] is not None else ", ".join(
                    f"{a}: {p:.4g}" for a, p in e.receiver_strategy[m].items() if p > 0)
            for m in self.messages:
                if m in e.beliefs:
                    row[f"belief[{m}]"] = ", ".join(f"{t}: {p:.4g}" for t, p in e.beliefs[m].items())
                else:
                    row[f"belief[{m}]"] = "off path: " + ", ".join(
                        f"{t} in [{lo:.4g}, {hi:.4g}]" for t, (lo, hi) in e.off_path[m].items()
                    )
            for t in self.types:
                row[f"payoff[{t}]"] = e.sender_payoff[t]
            row["receiver payoff"] = e.receiver_payoff
            row["intuitive"] = e.intuitive
            row["d1"] = e.d1
            rows.append(row)
        return pd.DataFrame(rows)

    def __repr__(self) -> str:
        kinds = {k: len(self._of(k)) for k in ("pooling", "separating", "semi-separating")}
        inner = ", ".join(f"{v} {k}" for k, v in kinds.items())
        what = "PBE" if self.info.get("mixed") else "pure PBE"
        return (
            f"SignallingEquilibria({self.game.title!r}: {len(self)} {what} ({inner}); "
            f"types {list(self.types)}, messages {list(self.messages)}, responses {list(self.responses)})"
        )

    def _repr_html_(self) -> str:
        what = "PBE" if self.info.get("mixed") else "Pure PBE"
        head = f"<b>{what}</b> of <i>{self.game.title or 'signalling game'}</i>: {len(self)}<br>"
        return head + self.to_frame().to_html(index=False, float_format=lambda x: f"{x:.4g}")


# ====================================================================== structure
@dataclass(frozen=True)
class _Anatomy:
    sender: int
    receiver: int
    types: tuple[str, ...]
    messages: tuple[str, ...]
    responses: tuple[str, ...]
    prior: np.ndarray  # (*batch, T)
    uS: np.ndarray  # (*batch, T, M, A)
    uR: np.ndarray  # (*batch, T, M, A)


def _anatomy(game: Game) -> _Anatomy:
    g = game
    if g.kind[0] != CHANCE:
        raise SignallingGameError(
            "a signalling game starts with a chance move over the sender's types", g.node_path(0)
        )
    type_nodes = list(g.children(0))
    types = tuple(str(g.edge_label[c]) for c in type_nodes)
    sender = -1
    messages: tuple[str, ...] | None = None
    for c in type_nodes:
        if g.kind[c] != DECISION:
            raise SignallingGameError("each type must lead to a decision of the sender", g.node_path(c))
        if sender < 0:
            sender = int(g.player[c])
        if int(g.player[c]) != sender:
            raise SignallingGameError(
                f"every type's decision must belong to the same sender "
                f"({g.players[sender]!r}), not {g.players[int(g.player[c])]!r}",
                g.node_path(c),
            )
        if len(g.infosets[g.infoset[c]].nodes) != 1:
            raise SignallingGameError(
                "the sender knows her type: each type's decision must be its own information set",
                g.node_path(c),
            )
        acts = g.action_labels[c]
        if messages is None:
            messages = tuple(acts)
        elif tuple(acts) != messages:
            raise SignallingGameError(
                f"every type must have the same messages {list(messages)}, got {list(acts)}",
                g.node_path(c),
            )
    assert messages is not None
    receiver = -1
    responses: tuple[str, ...] | None = None
    T, M = len(types), len(messages)
    recv_nodes = np.empty((T, M), dtype=np.intp)
    for ti, c in enumerate(type_nodes):
        for mi, r in enumerate(g.children(c)):
            recv_nodes[ti, mi] = r
            if g.kind[r] != DECISION:
                raise SignallingGameError("each message must lead to a decision of the receiver", g.node_path(r))
            if receiver < 0:
                receiver = int(g.player[r])
            if int(g.player[r]) != receiver or receiver == sender:
                raise SignallingGameError(
                    "every message must lead to a decision of one receiver (not the sender)",
                    g.node_path(r),
                )
            acts = tuple(g.action_labels[r])
            if responses is None:
                responses = acts
            elif acts != responses:
                raise SignallingGameError(
                    f"the receiver must have the same responses {list(responses)} after every "
                    f"message, got {list(acts)}",
                    g.node_path(r),
                )
    assert responses is not None
    for mi, m in enumerate(messages):
        want = set(recv_nodes[:, mi].tolist())
        s = g.infosets[g.infoset[recv_nodes[0, mi]]]
        if set(s.nodes) != want:
            bad = next(iter(set(s.nodes) ^ want))
            raise SignallingGameError(
                f"the receiver's information set after message {m!r} must hold exactly the nodes "
                f"of all types that sent {m!r}",
                g.node_path(bad),
            )
    A = len(responses)
    rows = np.empty((T, M, A), dtype=np.intp)
    for ti in range(T):
        for mi in range(M):
            for ai, leaf in enumerate(g.children(int(recv_nodes[ti, mi]))):
                if g.kind[leaf] != TERMINAL:
                    raise SignallingGameError("the receiver's response must end the game", g.node_path(leaf))
                rows[ti, mi, ai] = g.terminal_index[leaf]
    batch = tuple(g.batch_shape)
    uS = np.moveaxis(g.payoffs[sender][rows], (0, 1, 2), (-3, -2, -1))
    uR = np.moveaxis(g.payoffs[receiver][rows], (0, 1, 2), (-3, -2, -1))
    prior = np.moveaxis(g.chance_probs[[g.chance_index[c] for c in type_nodes]], 0, -1)
    prior = np.broadcast_to(prior, (*batch, T))
    return _Anatomy(sender, receiver, types, messages, tuple(responses), np.array(prior, dtype=float),
                    np.array(uS, dtype=float), np.array(uR, dtype=float))


# ====================================================================== beliefs
def _belief_box(U: np.ndarray, a: int | Sequence[int], support: np.ndarray, tol: float) -> np.ndarray | None:
    """Per-type (lo, hi) probabilities over beliefs on ``support`` making every response in ``a`` a best reply.

    ``U`` is ``(T, A)``: receiver payoffs after one message; ``a`` one response
    or a set of them (all must be optimal at once).  Returns ``(T, 2)`` or
    None if no such belief exists.  Two types: exact interval; otherwise LPs.
    """
    F = [a] if isinstance(a, (int, np.integer)) else list(a)
    T = U.shape[0]
    idx = np.flatnonzero(support)
    # mu . D[:, j] >= -tol for every column j: (a in F) - (b) for all a in F, b
    D = np.concatenate([U[idx, f][:, None] - U[idx] for f in F], axis=1)  # (k, |F| A)
    k = idx.size
    box = np.zeros((T, 2))
    if k == 1:
        if np.all(D >= -tol):
            box[idx[0]] = (1.0, 1.0)
            return box
        return None
    if k == 2:
        # mu = (p, 1 - p): p (D0 - D1) + D1 >= -tol for every column
        lo, hi = 0.0, 1.0
        for b in range(D.shape[1]):
            slope = D[0, b] - D[1, b]
            const = D[1, b]
            if abs(slope) <= tol:
                if const < -tol:
                    return None
                continue
            root = (-tol - const) / slope
            if slope > 0:
                lo = max(lo, root)
            else:
                hi = min(hi, root)
        lo, hi = max(lo, 0.0), min(hi, 1.0)
        if lo > hi + 1e-12:
            return None
        lo, hi = min(lo, hi), max(lo, hi)
        # report the exact (tolerance-free) end points where the constraints are sharp
        box[idx[0]] = (_clean(lo), _clean(hi))
        box[idx[1]] = (_clean(1 - hi), _clean(1 - lo))
        return box
    A_ub = -D.T
    b_ub = np.full(D.shape[1], tol)
    A_eq = np.ones((1, k))
    for j in range(k):
        c = np.zeros(k)
        c[j] = 1.0
        r1 = linprog(c, A_ub=A_ub, b_ub=b_ub, A_eq=A_eq, b_eq=[1.0], bounds=(0, 1), method="highs")
        if r1.status != 0:
            return None
        r2 = linprog(-c, A_ub=A_ub, b_ub=b_ub, A_eq=A_eq, b_eq=[1.0], bounds=(0, 1), method="highs")
        box[idx[j]] = (_clean(r1.fun), _clean(-r2.fun))
    return box


def _clean(x: float) -> float:
    r = round(x, 12)
    return float(min(1.0, max(0.0, r)))


def _best_replies(U: np.ndarray, support: np.ndarray, tol: float) -> list[int]:
    """Responses that are a best reply to some belief supported on ``support``."""
    return [a for a in range(U.shape[1]) if _belief_box(U, a, support, tol) is not None]


def _faces(U: np.ndarray, tol: float) -> list[tuple[int, ...]]:
    """Sets of responses that are best replies together to some belief (their simplices make up MBR)."""
    everyone = np.ones(U.shape[0], dtype=bool)
    out = []
    for k in range(1, U.shape[1] + 1):
        for F in itertools.combinations(range(U.shape[1]), k):
            if _belief_box(U, F, everyone, tol) is not None:
                out.append(F)
    return out


# ====================================================================== main
def signalling_equilibria(
    game: Game,
    *,
    tol: float = 1e-9,
    mixed: bool = False,
    max_support_patterns: int = MAX_SUPPORT_PATTERNS,
) -> SignallingEquilibria:
    """The perfect Bayesian equilibria of a signalling game: all pure ones, and mixed/hybrid ones if asked.

    See the module docstring for the model, the equilibrium conditions, the
    classification and the refinements (intuitive criterion and D1, Cho &
    Kreps 1987), which are reported per equilibrium.

    Parameters
    ----------
    game : Game
        A scalar sender-receiver :class:`Game` (root chance over types ->
        sender decisions, one set per type -> receiver decisions, one set per
        message -> terminals).  For a batched game use :func:`signalling_sweep`
        or pass ``game.at(index)``.
    tol : float, optional
        Absolute tolerance of the optimality comparisons (payoff units; ties count as
        optimal).
    mixed : bool, optional
        Also enumerate mixed and semi-separating (hybrid) equilibria by
        support enumeration (one representative per support pattern; module
        docstring).  The pure equilibria come first either way.
    max_support_patterns : int, optional
        Refuse the mixed enumeration when ``(2**M - 1)**T * (2**A - 1)**M`` exceeds this.

    Returns
    -------
    SignallingEquilibria
        The equilibria with the game's types, messages, responses and prior.

    Raises
    ------
    SignallingGameError
        Naming the node where the game departs from the sender-receiver form.
    ParameterError
        A batched game, a bad ``tol``, or a game too large to enumerate (field ``game``).

    Examples
    --------
    >>> res = cp.signalling_equilibria(cp.catalog.load("beer_quiche"))
    >>> [(eq.kind, eq.sender["strong"], eq.intuitive) for eq in res]
    [('pooling', 'beer', True), ('pooling', 'quiche', False)]
    >>> cp.signalling_equilibria(cp.catalog.load("entry_deterrence"))
    Traceback (most recent call last):
        ...
    compellence.errors.SignallingGameError: root: a signalling game starts with a ...
    """
    if not isinstance(game, Game):
        raise ParameterError(f"signalling_equilibria() needs a Game, got {type(game).__name__}", "game")
    require_scalar_game(game, "signalling_equilibria", alternative="use signalling_sweep(game)")
    check_real(tol, "tol", 0.0, scalar=True)
    an = _anatomy(game)
    T, M, A = an.uS.shape
    if float(M) ** T > MAX_SENDER_STRATEGIES:
        raise ParameterError(
            f"{M} messages and {T} types give {M}**{T} sender strategies, more than "
            f"{MAX_SENDER_STRATEGIES}; enumerate a smaller game",
            "game",
        )
    n_patterns = float(2**M - 1) ** T * float(2**A - 1) ** M
    if mixed and n_patterns > max_support_patterns:
        raise ParameterError(
            f"{T} types, {M} messages and {A} responses give {n_patterns:.4g} support patterns, more "
            f"than max_support_patterns={max_support_patterns}; raise it or enumerate a smaller game",
            "game",
        )
    cache = _Cache(an, tol)
    found = _pure(an, cache, tol)
    if mixed:
        keys = {_key(e, an) for e in found}
        found += _mixed(an, cache, tol, keys)
    return SignallingEquilibria(
        game=game,
        sender=game.players[an.sender],
        receiver=game.players[an.receiver],
        types=an.types,
        messages=an.messages,
        responses=an.responses,
        prior={t: float(p) for t, p in zip(an.types, an.prior)},
        equilibria=tuple(found),
        info={"tol": tol, "sender_strategies": M**T, "receiver_strategies": A**M, "mixed": mixed,
              "support_patterns": int(n_patterns) if mixed else 0},
    )


class _Cache:
    """Belief boxes and faces of MBR per message, computed once per game."""

    def __init__(self, an: _Anatomy, tol: float) -> None:
        self.an, self.tol = an, tol
        self._boxes: dict[tuple, np.ndarray | None] = {}
        self._faces: dict[int, list[tuple[int, ...]]] = {}

    def box(self, m: int, F: tuple[int, ...], support: np.ndarray | None = None) -> np.ndarray | None:
        T = self.an.uR.shape[0]
        sup = np.ones(T, dtype=bool) if support is None else support
        key = (m, F, sup.tobytes())
        if key not in self._boxes:
            self._boxes[key] = _belief_box(self.an.uR[:, m, :], F, sup, self.tol)
        return self._boxes[key]

    def faces(self, m: int) -> list[tuple[int, ...]]:
        if m not in self._faces:
            self._faces[m] = _faces(self.an.uR[:, m, :], self.tol)
        return self._faces[m]


def _key(e: SignallingEquilibrium, an: _Anatomy) -> tuple:
    S = tuple(tuple(i for i, m in enumerate(an.messages) if e.sender_strategy[t][m] > 0) for t in an.types)
    on = sorted({m for i, t in enumerate(an.types) if an.prior[i] > 0 for m in S[i]})
    R = tuple(tuple(i for i, a in enumerate(an.responses) if e.receiver_strategy[an.messages[m]][a] > 0)
              for m in on)
    return S, R


def _pure(an: _Anatomy, cache: _Cache, tol: float) -> list[SignallingEquilibrium]:
    T, M, A = an.uS.shape
    found: list[SignallingEquilibrium] = []
    for s in itertools.product(range(M), repeat=T):
        s_arr = np.array(s)
        choices: list[list[int]] = []
        post: dict[int, np.ndarray] = {}
        ties: list[str] = []
        for m in range(M):
            senders = s_arr == m
            w = an.prior * senders
            if senders.any() and w.sum() > 0:
                mu = w / w.sum()
                ev = mu @ an.uR[:, m, :]
                best = np.flatnonzero(ev >= ev.max() - tol)
                post[m] = mu
                if best.size > 1:
                    ties.append(an.messages[m])
                choices.append(best.tolist())
            else:  # off the path (or sent only by zero-probability types)
                choices.append([a for a in range(A) if cache.box(m, (a,)) is not None])
        for r in itertools.product(*choices):
            pay = an.uS[:, np.arange(M), np.array(r)]  # (T, M): type t sends m, gets r(m)
            own = pay[np.arange(T), s_arr]
            if np.any(pay.max(axis=1) > own + tol):
                continue
            sigma = np.zeros((T, M))
            sigma[np.arange(T), s_arr] = 1.0
            rho = np.zeros((M, A))
            rho[np.arange(M), np.array(r)] = 1.0
            found.append(_record(an, cache, sigma, rho, post, own, ties, tol))
    return found


def _subsets(n: int) -> list[tuple[int, ...]]:
    return [F for k in range(1, n + 1) for F in itertools.combinations(range(n), k)]


def _mixed(an: _Anatomy, cache: _Cache, tol: float, pure_keys: set) -> list[SignallingEquilibrium]:
    """Support enumeration (module docstring): one LP per support pattern."""
    T, M, A = an.uS.shape
    out: list[SignallingEquilibrium] = []
    subsets_A = _subsets(A)
    for S in itertools.product(_subsets(M), repeat=T):
        # on the path: sent by some type of positive prior (a message sent only by
        # zero-probability types gets an unrestricted belief, as off the path)
        on = sorted({m for t in range(T) if an.prior[t] > 0 for m in S[t]})
        off = [m for m in range(M) if m not in on]
        # the responses used after an on-path message must be jointly optimal for some
        # belief on the types that send it (a necessary condition; prunes most patterns)
        on_opts = []
        for m in on:
            senders = np.array([m in S[t] and an.prior[t] > 0 for t in range(T)])
            on_opts.append([F for F in subsets_A if cache.box(m, F, senders) is not None])
        off_pure = [[(a,) for a in range(A) if cache.box(m, (a,)) is not None] for m in off]
        off_faces = [[F for F in cache.faces(m) if len(F) > 1] for m in off]
        for R_on in itertools.product(*on_opts):
            key = (S, tuple(R_on))
            if key in pure_keys:
                continue
            all_single = all(len(x) == 1 for x in S) and all(len(x) == 1 for x in R_on)
            hits = 0
            if not all_single:
                for R_off in itertools.product(*off_pure):
                    e = _solve_pattern(an, cache, S, on, R_on, off, R_off, tol)
                    if e is not None:
                        out.append(e)
                        hits += 1
            if hits == 0 and off:
                # receiver mixing off the path, only where no pure off-path reply sustains the class
                mixes = [off_pure[i] + off_faces[i] for i in range(len(off))]
                for R_off in itertools.product(*mixes):
                    if all(len(x) == 1 for x in R_off):
                        continue
                    e = _solve_pattern(an, cache, S, on, R_on, off, R_off, tol)
                    if e is not None:
                        out.append(e)
                        break
    return out


class _PatternLP:
    """The linear feasibility program of one support pattern, built row by row.

    Variables: the receiver's reply probabilities ``rho[m, a]`` on the pattern's replies, the
    sender types' values ``v[t]``, the sender's message probabilities ``sig[t, m]`` on the
    pattern's messages, the off-path beliefs ``mu[m, t]`` and the slack ``eps``, which every
    probability of a mixed support must exceed (maximised, so a feasible pattern with full
    support has ``eps > 0``).
    """

    def __init__(self, T: int, M: int, S: tuple, R: dict[int, tuple[int, ...]], off: list) -> None:
        self.idx: dict[tuple, int] = {}
        for m in range(M):
            for a in R[m]:
                self._var("rho", m, a)
        for t in range(T):
            self._var("v", t)
        for t in range(T):
            for m in S[t]:
                self._var("sig", t, m)
        for m in off:
            for t in range(T):
                self._var("mu", m, t)
        self.eps = self._var("eps")
        self.n = len(self.idx)
        self.eq_rows: list[np.ndarray] = []
        self.eq_b: list[float] = []
        self.ub_rows: list[np.ndarray] = []

    def _var(self, *k: Any) -> int:
        if k not in self.idx:
            self.idx[k] = len(self.idx)
        return self.idx[k]

    def row(self) -> np.ndarray:
        return np.zeros(self.n)

    def distribution(self, kind: str, owner: int, support: Sequence[int]) -> None:
        """Probabilities ``kind[owner, .]`` on ``support`` sum to one, each at least ``eps``
        when the support is mixed."""
        r = self.row()
        for a in support:
            r[self.idx[kind, owner, a]] = 1.0
            if len(support) > 1:
                u = self.row()
                u[self.eps], u[self.idx[kind, owner, a]] = 1.0, -1.0
                self.ub_rows.append(u)
        self.eq_rows.append(r)
        self.eq_b.append(1.0)

    def best_reply(self, support: tuple[int, ...], n_actions: int,
                   gain: Any) -> None:
        """The replies in ``support`` are best: ``gain(a, b)`` (the row of the expected
        payoff difference of ``a`` over ``b``) is zero between support replies and at least
        zero against every other reply."""
        for b in range(n_actions):
            for a in support[:1] if b in support else support:
                if a == b:
                    continue
                r = gain(a, b)
                if b in support:
                    self.eq_rows.append(r)
                    self.eq_b.append(0.0)
                else:
                    self.ub_rows.append(-r)

    def solve(self, tol: float) -> np.ndarray | None:
        """The maximiser of ``eps`` (inequalities relaxed by ``tol``), or ``None`` when the
        pattern is infeasible or needs a zero probability on its support."""
        c = self.row()
        c[self.eps] = -1.0
        bounds = [(None, None) if k[0] == "v" else (0.0, 1.0) for k in self.idx]
        res = linprog(
            c,
            A_ub=np.array(self.ub_rows) if self.ub_rows else None,
            b_ub=np.full(len(self.ub_rows), tol) if self.ub_rows else None,
            A_eq=np.array(self.eq_rows), b_eq=np.array(self.eq_b), bounds=bounds, method="highs",
        )
        if res.status != 0 or -res.fun <= 1e-7:
            return None
        return res.x


def _pattern_program(an: _Anatomy, S: tuple, on: list, off: list,
                     R: dict[int, tuple[int, ...]]) -> _PatternLP:
    """The constraints of one pattern: strategies are distributions; each sender type gets its
    value ``v[t]`` from every message it sends and no more from any other; the receiver's
    replies are best against Bayes' rule on the path and against some belief ``mu`` off it."""
    T, M, A = an.uS.shape
    lp = _PatternLP(T, M, S, R, off)
    idx = lp.idx
    for m in range(M):
        lp.distribution("rho", m, R[m])
    for t in range(T):
        for m in range(M):
            r = lp.row()
            for a in R[m]:
                r[idx["rho", m, a]] = an.uS[t, m, a]
            r[idx["v", t]] = -1.0
            if m in S[t]:
                lp.eq_rows.append(r)
                lp.eq_b.append(0.0)
            else:
                lp.ub_rows.append(r)
        lp.distribution("sig", t, S[t])

    for m in on:
        def on_gain(a: int, b: int, m: int = m) -> np.ndarray:
            r = lp.row()
            for t in range(T):
                if m in S[t] and an.prior[t] > 0:
                    r[idx["sig", t, m]] = an.prior[t] * (an.uR[t, m, a] - an.uR[t, m, b])
            return r

        lp.best_reply(R[m], A, on_gain)
    for m in off:
        r = lp.row()
        for t in range(T):
            r[idx["mu", m, t]] = 1.0
        lp.eq_rows.append(r)
        lp.eq_b.append(1.0)

        def off_gain(a: int, b: int, m: int = m) -> np.ndarray:
            r = lp.row()
            for t in range(T):
                r[idx["mu", m, t]] = an.uR[t, m, a] - an.uR[t, m, b]
            return r

        lp.best_reply(R[m], A, off_gain)
    return lp


def _solve_pattern(an: _Anatomy, cache: _Cache, S: tuple, on: list, R_on: tuple, off: list,
                   R_off: tuple, tol: float) -> SignallingEquilibrium | None:
    """The equilibrium with sender supports ``S``, receiver supports ``R_on``/``R_off`` on and
    off the path, if the pattern's linear program is feasible."""
    T, M, A = an.uS.shape
    R: dict[int, tuple[int, ...]] = dict(zip(on, R_on)) | dict(zip(off, R_off))
    lp = _pattern_program(an, S, on, off, R)
    x = lp.solve(tol)
    if x is None:
        return None
    idx = lp.idx
    sigma = np.zeros((T, M))
    for t in range(T):
        for m in S[t]:
            sigma[t, m] = max(x[idx["sig", t, m]], 0.0)
        sigma[t] /= sigma[t].sum()
    rho = np.zeros((M, A))
    for m in range(M):
        for a in R[m]:
            rho[m, a] = max(x[idx["rho", m, a]], 0.0)
        rho[m] /= rho[m].sum()
    return _pattern_equilibrium(an, cache, sigma, rho, on, tol)


def _pattern_equilibrium(an: _Anatomy, cache: _Cache, sigma: np.ndarray, rho: np.ndarray,
                         on: list, tol: float) -> SignallingEquilibrium:
    """Beliefs on the path by Bayes' rule, the receiver's ties and the types' payoffs."""
    T = an.uS.shape[0]
    post: dict[int, np.ndarray] = {}
    ties: list[str] = []
    for m in on:
        w = an.prior * sigma[:, m]
        mu = w / w.sum()
        post[m] = mu
        ev = mu @ an.uR[:, m, :]
        if np.count_nonzero(ev >= ev.max() - 1e-7) > 1:
            ties.append(an.messages[m])
    U = np.einsum("ma,tma->tm", rho, an.uS)
    own = np.array([float(sigma[t] @ U[t]) for t in range(T)])
    return _record(an, cache, sigma, rho, post, own, ties, tol)


def _record(an: _Anatomy, cache: _Cache, sigma: np.ndarray, rho: np.ndarray, post: dict,
            own: np.ndarray, ties: list[str], tol: float) -> SignallingEquilibrium:
    T, M, A = an.uS.shape
    supp = sigma > 0
    live = an.prior > 0
    sig_live = sigma[live] if live.any() else sigma
    if np.allclose(sig_live, sig_live[0], atol=1e-9):
        kind = "pooling"
    elif np.all(supp.sum(axis=0) <= 1):
        kind = "separating"
    else:
        kind = "semi-separating"
    pure = bool(np.all((sigma == 0) | (sigma == 1)) and np.all((rho == 0) | (rho == 1)))
    beliefs = {
        an.messages[m]: {t: float(p) for t, p in zip(an.types, mu)} for m, mu in post.items()
    }
    off = {}
    off_replies: dict[int, tuple[int, ...]] = {}
    for m in range(M):
        if m in post:
            continue
        F = tuple(int(a) for a in np.flatnonzero(rho[m] > 0))
        off_replies[m] = F
        box = cache.box(m, F)
        off[an.messages[m]] = {t: (float(box[i, 0]), float(box[i, 1])) for i, t in enumerate(an.types)}
    uR_eq = float(np.einsum("t,tm,ma,tma->", an.prior, sigma, rho, an.uR))
    ok, note = _intuitive(an, cache, own, list(off_replies), tol)
    d1, d1_note = _d1(an, cache, own, off_replies, tol)

    def single(row: np.ndarray, labels: tuple[str, ...]) -> str | None:
        nz = np.flatnonzero(row > 0)
        return labels[int(nz[0])] if nz.size == 1 else None

    return SignallingEquilibrium(
        kind=kind,
        sender={t: single(sigma[i], an.messages) for i, t in enumerate(an.types)},
        receiver={m: single(rho[k], an.responses) for k, m in enumerate(an.messages)},
        beliefs=beliefs,
        off_path=off,
        sender_payoff={t: float(own[i]) for i, t in enumerate(an.types)},
        receiver_payoff=uR_eq,
        intuitive=ok,
        intuitive_note=note,
        receiver_ties=tuple(ties),
        d1=d1,
        d1_note=d1_note,
        pure=pure,
        sender_strategy={t: {m: float(sigma[i, k]) for k, m in enumerate(an.messages)}
                         for i, t in enumerate(an.types)},
        receiver_strategy={m: {a: float(rho[k, j]) for j, a in enumerate(an.responses)}
                           for k, m in enumerate(an.messages)},
    )


# ====================================================================== refinements
def _intuitive(an: _Anatomy, cache: _Cache, own: np.ndarray, off: list[int], tol: float) -> tuple[bool, str]:
    T, M, A = an.uS.shape
    for m in off:
        br_all = [a for a in range(A) if cache.box(m, (a,)) is not None]
        best_dev = an.uS[:, m, br_all].max(axis=1)
        dominated = own > best_dev + tol
        if dominated.all():
            continue
        rest = ~dominated
        br_rest = [a for a in range(A) if cache.box(m, (a,), rest) is not None]
        worst = an.uS[:, m, br_rest].min(axis=1)
        gain = rest & (worst > own + tol)
        if gain.any():
            t = an.types[int(np.flatnonzero(gain)[0])]
            dom = [an.types[i] for i in np.flatnonzero(dominated)]
            why = (f"message {an.messages[m]!r} is equilibrium-dominated for {dom}; "
                   if dom else f"no type is equilibrium-dominated at {an.messages[m]!r}; ")
            return False, why + (
                f"with beliefs on the other types every best response to {an.messages[m]!r} "
                f"gives type {t!r} more than its equilibrium payoff"
            )
    return True, ""


def _d0_inside_d(uS_t: np.ndarray, u_t: float, uS_o: np.ndarray, u_o: float, F: tuple[int, ...],
                 tol: float) -> bool:
    """On the face Delta(F): every mixed reply weakly good for t is strictly good for o."""
    F_ = list(F)
    if len(F_) == 1:
        a = F_[0]
        return bool(uS_t[a] < u_t - tol or uS_o[a] > u_o + tol)
    k = len(F_)
    res = linprog(uS_o[F_], A_ub=-uS_t[F_][None, :], b_ub=[-(u_t - tol)], A_eq=np.ones((1, k)), b_eq=[1.0],
                  bounds=(0, 1), method="highs")
    if res.status == 2:  # infeasible: D0_t is empty on this face
        return True
    return bool(res.status == 0 and res.fun > u_o + tol)


def _d1(an: _Anatomy, cache: _Cache, own: np.ndarray, off_replies: dict[int, tuple[int, ...]],
        tol: float) -> tuple[bool, str]:
    T = an.uS.shape[0]
    for m, F_eq in off_replies.items():
        faces = cache.faces(m)
        pruned = np.zeros(T, dtype=bool)
        by: dict[int, int] = {}
        for t in range(T):
            for o in range(T):
                if o != t and all(
                    _d0_inside_d(an.uS[t, m], own[t], an.uS[o, m], own[o], F, tol) for F in faces
                ):
                    pruned[t] = True
                    by[t] = o
                    break
        if pruned.all() or not pruned.any():
            continue
        if cache.box(m, F_eq, ~pruned) is None:
            cut = [f"{an.types[t]} (by {an.types[by[t]]})" for t in np.flatnonzero(pruned)]
            reply = " + ".join(an.responses[a] for a in F_eq)
            return False, (
                f"after {an.messages[m]!r} D1 prunes {cut}; the reply {reply!r} is not a best reply "
                f"to any belief on {[an.types[t] for t in np.flatnonzero(~pruned)]}"
            )
    return True, ""


# ====================================================================== batched pure equilibria
@dataclass(frozen=True, eq=False)
class SignallingSweep:
    """Pure PBE of a signalling game with a fixed tree and batched numbers (:func:`signalling_sweep`).

    ``profiles[k] = (sender, receiver)``: the message of each type (in
    ``types`` order) and the response after each message (in ``messages``
    order).  Arrays have the game's batch shape in front and the profile
    axis last.

    Attributes
    ----------
    types, messages, responses : tuple[str, ...]
        The labels.
    profiles : tuple[tuple[tuple[str, ...], tuple[str, ...]], ...]
        The pure profiles ``(sender, receiver)``.
    kind : tuple[str, ...]
        ``kind[k]`` classifies profile ``k`` (pooling / separating / semi-separating).
    equilibrium : numpy.ndarray
        ``equilibrium[..., k]``: the profile is a PBE at that point.
    intuitive, d1 : numpy.ndarray
        ``[..., k]``: it is a PBE that survives the refinement.
    sender_payoff : numpy.ndarray
        ``sender_payoff[..., k, t]``.
    info : dict
        Details.

    Examples
    --------
    >>> from compellence.solvers import signalling_sweep
    >>> sw = signalling_sweep(cp.catalog.load("beer_quiche", prior_strong=np.array([0.3, 0.9])))
    >>> sw.count.tolist()
    [0, 2]
    """

    types: tuple[str, ...]
    messages: tuple[str, ...]
    responses: tuple[str, ...]
    profiles: tuple[tuple[tuple[str, ...], tuple[str, ...]], ...]
    kind: tuple[str, ...]
    equilibrium: np.ndarray
    intuitive: np.ndarray
    d1: np.ndarray
    sender_payoff: np.ndarray
    info: dict[str, Any] = field(default_factory=dict)

    @property
    def count(self) -> np.ndarray:
        """Number of pure PBE at each point."""
        return self.equilibrium.sum(axis=-1)

    def exists(self, kind: str | None = None, refinement: str | None = None) -> np.ndarray:
        """Where an equilibrium of ``kind`` (any if None) exists, surviving ``refinement``.

        Parameters
        ----------
        kind : {"pooling", "separating", "semi-separating"}, optional
            Restrict to this kind (any if ``None``).
        refinement : {"intuitive", "d1"}, optional
            Count only equilibria that survive it (``None``: every PBE).

        Returns
        -------
        numpy.ndarray
            Boolean array of the batch shape.

        Raises
        ------
        ParameterError
            Unknown ``kind`` or ``refinement``.

        Examples
        --------
        >>> from compellence.solvers import signalling_sweep
        >>> sw = signalling_sweep(cp.catalog.load("beer_quiche", prior_strong=np.array([0.3, 0.9])))
        >>> sw.exists("pooling").tolist(), sw.exists("pooling", refinement="intuitive").tolist()
        ([False, True], [False, True])
        """
        if kind not in (None, "pooling", "separating", "semi-separating"):
            raise ParameterError(f"kind must be pooling, separating or semi-separating, got {kind!r}", "kind")
        table = {None: self.equilibrium, "intuitive": self.intuitive, "d1": self.d1}
        if refinement not in table:
            raise ParameterError(f"refinement must be None, 'intuitive' or 'd1', got {refinement!r}",
                                 "refinement")
        cols = np.array([kind is None or k == kind for k in self.kind])
        return np.any(table[refinement] & cols, axis=-1)

    def to_frame(self, index: Any = ()) -> pd.DataFrame:
        """The PBE at one batch point (``index``), or at every batch point (no ``index``).

        Parameters
        ----------
        index : int or tuple[int, ...], optional
            The batch point (``()`` for an unbatched game); without it, every
            batch element (``batch_0``, ... columns).

        Returns
        -------
        pandas.DataFrame
            One row per pure PBE (and batch element).

        Raises
        ------
        ParameterError
            ``index`` does not fit the batch shape.

        Examples
        --------
        >>> from compellence.solvers import signalling_sweep
        >>> sw = signalling_sweep(cp.catalog.load("beer_quiche", prior_strong=np.array([0.3, 0.9])))
        >>> len(sw.to_frame(1))
        2
        """
        import pandas as pd

        batch = tuple(self.equilibrium.shape[:-1])
        if index is None or index == ():  # every batch element (the one point if scalar)
            points = list(np.ndindex(*batch))
        else:
            points = [normalize_index(index, batch)]
        rows = []
        for idx in points:
            for k in np.flatnonzero(self.equilibrium[idx]):
                s, r = self.profiles[k]
                row: dict[str, Any] = {"kind": self.kind[k]}
                if index is None or index == ():
                    row.update({f"batch_{a}": i for a, i in enumerate(idx)})
                row.update({f"sender[{t}]": m for t, m in zip(self.types, s)})
                row.update({f"receiver[{m}]": a for m, a in zip(self.messages, r)})
                row.update({f"payoff[{t}]": float(self.sender_payoff[idx][k, i])
                            for i, t in enumerate(self.types)})
                row["intuitive"] = bool(self.intuitive[idx][k])
                row["d1"] = bool(self.d1[idx][k])
                rows.append(row)
        return pd.DataFrame(rows)


def signalling_sweep(game: Game, *, tol: float = 1e-9) -> SignallingSweep:
    """Every pure PBE of a signalling game at every point of its batch, with both refinements.

    The tree (types, messages, responses) is fixed; payoffs and the prior may
    be arrays.  Each of the ``|M|**|T| * |A|**|M|`` pure profiles is checked
    at all points at once against the conditions of the module docstring.
    With two types everything is array arithmetic on the belief line
    ``q = Pr(types[0])``: the reply ``a`` after off-path ``m`` is supportable
    iff ``q (D_0 - D_1) + D_1 >= 0`` has a solution in ``[0, 1]`` for every
    rival ``b`` (``D_t = u_R(t, m, a) - u_R(t, m, b)``); the intuitive
    criterion as in the module docstring; D1 (two responses) on the mixed
    reply ``d = Pr(responses[0])`` over ``MBR(m)``, an interval, where
    ``D0_t`` is an interval and inclusion is checked at its end points.  With
    more types, or D1 with more responses, each point is solved with
    :func:`signalling_equilibria` (same answers; a Python loop over points).

    Parameters
    ----------
    game : Game
        A sender-receiver game, batched or not.
    tol : float, optional
        Absolute tolerance of the optimality comparisons (payoff units).

    Returns
    -------
    SignallingSweep
        Per profile and batch point: PBE or not, and the refinements.

    Raises
    ------
    SignallingGameError
        As :func:`signalling_equilibria`.
    ParameterError
        As :func:`signalling_equilibria`, or too many pure profiles.

    Examples
    --------
    >>> from compellence.solvers import signalling_sweep
    >>> sw = signalling_sweep(cp.catalog.load("beer_quiche", prior_strong=np.linspace(0.1, 0.9, 3)))
    >>> sw.count.tolist(), sw.exists(refinement="intuitive").tolist()
    ([0, 2, 2], [False, True, True])
    """
    if not isinstance(game, Game):
        raise ParameterError(f"signalling_sweep() needs a Game, got {type(game).__name__}", "game")
    check_real(tol, "tol", 0.0, scalar=True)
    an = _anatomy(game)
    T, M, A = an.uS.shape[-3:]
    if float(M) ** T * float(A) ** M > MAX_SENDER_STRATEGIES:
        raise ParameterError(
            f"{M}**{T} sender and {A}**{M} receiver strategies are more than {MAX_SENDER_STRATEGIES} "
            f"profiles; sweep a smaller game", "game")
    batch = tuple(game.batch_shape)
    s_list = list(itertools.product(range(M), repeat=T))
    r_list = list(itertools.product(range(A), repeat=M))
    profiles = tuple((tuple(an.messages[i] for i in s), tuple(an.responses[a] for a in r))
                     for s in s_list for r in r_list)
    kinds = []
    for s in s_list:
        n = len(set(s))
        k = "pooling" if n == 1 else ("separating" if n == T else "semi-separating")
        kinds += [k] * len(r_list)
    P = len(profiles)
    eq = np.zeros((*batch, P), dtype=bool)
    ic = np.zeros_like(eq)
    d1 = np.zeros_like(eq)
    pay = np.zeros((*batch, P, T))
    if T == 2 and A == 2:
        _sweep_two(an, s_list, r_list, eq, ic, d1, pay, tol)
        method = "closed form on the belief line (vectorised)"
    else:
        where = {p: k for k, p in enumerate(profiles)}
        for idx in np.ndindex(*batch) if batch else [()]:
            res = signalling_equilibria(game.at(idx) if batch else game, tol=tol)
            for e in res:
                k = where[(tuple(e.sender[t] for t in res.types), tuple(e.receiver[m] for m in res.messages))]
                eq[idx + (k,)] = True
                ic[idx + (k,)] = e.intuitive
                d1[idx + (k,)] = e.d1
                pay[idx + (k,)] = [e.sender_payoff[t] for t in res.types]
        method = "signalling_equilibria at each point"
    return SignallingSweep(
        types=an.types, messages=an.messages, responses=an.responses, profiles=profiles, kind=tuple(kinds),
        equilibrium=eq, intuitive=ic, d1=d1, sender_payoff=pay, info={"tol": tol, "method": method},
    )


def _sweep_two(an: _Anatomy, s_list: list, r_list: list, eq: np.ndarray, ic: np.ndarray, d1: np.ndarray,
               pay: np.ndarray, tol: float) -> None:
    """Two types, two responses: all pure profiles at all points (see signalling_sweep)."""
    uS, uR, prior = an.uS, an.uR, an.prior  # (*b, 2, M, 2), (*b, 2)
    M = uS.shape[-2]
    # supportable[m][a]: some q in [0, 1] makes a optimal (the rival is 1 - a)
    sup = np.empty((M, 2) + uS.shape[:-3], dtype=bool)
    for m in range(M):
        for a in range(2):
            D = uR[..., :, m, a] - uR[..., :, m, 1 - a]  # (*b, 2): q D0 + (1 - q) D1 >= -tol
            sup[m, a] = np.maximum(D[..., 0], D[..., 1]) >= -tol
    # best replies to a belief on one type: BR1[m][t][a]
    br1 = np.empty((M, 2, 2) + uS.shape[:-3], dtype=bool)
    for m in range(M):
        for t in range(2):
            v = uR[..., t, m, :]
            br1[m, t] = np.moveaxis(v >= v.max(axis=-1, keepdims=True) - tol, -1, 0)
    k = 0
    for s in s_list:
        for r in r_list:
            p = uS[..., np.arange(M), np.array(r)]  # (*b, 2, M): type t sends m, gets r(m)
            own = np.stack([p[..., 0, s[0]], p[..., 1, s[1]]], axis=-1)
            ok = np.all(p.max(axis=-1) <= own + tol, axis=-1)
            fail_ic = np.zeros_like(ok)
            fail_d1 = np.zeros_like(ok)
            for m in range(M):
                mask = np.array([s[0] == m, s[1] == m], dtype=float)
                w = prior * mask
                tot = w.sum(axis=-1)
                on = tot > 0
                mu = w / np.where(on, tot, 1.0)[..., None]
                ev = np.einsum("...t,...ta->...a", mu, uR[..., :, m, :])
                on_ok = ev[..., r[m]] >= ev.max(axis=-1) - tol
                ok &= np.where(on, on_ok, sup[m, r[m]])
                off = ~on
                fi, fd = _refine_two(uS[..., :, m, :], own, sup[m], br1[m], r[m], tol)
                fail_ic |= off & fi
                fail_d1 |= off & fd
            eq[..., k] = ok
            ic[..., k] = ok & ~fail_ic
            d1[..., k] = ok & ~fail_d1
            pay[..., k, :] = own
            k += 1


def _refine_two(u: np.ndarray, own: np.ndarray, sup: np.ndarray, br1: np.ndarray, reply: int,
                tol: float) -> tuple[np.ndarray, np.ndarray]:
    """Intuitive-criterion and D1 failure at one off-path message; two types, two responses.

    ``u`` (*b, 2 types, 2 responses) sender payoffs after the message; ``sup``
    (2, *b) replies supportable by some belief; ``br1`` (2 types, 2, *b) best
    replies to a belief on one type; ``reply`` the equilibrium reply.
    """
    sup_ = np.moveaxis(sup, 0, -1)  # (*b, 2)
    best_dev = np.where(sup_[..., None, :], u, -np.inf).max(axis=-1)  # (*b, 2 types)
    dom = own > best_dev + tol
    worst_all = np.where(sup_[..., None, :], u, np.inf).min(axis=-1)
    gain_none = np.any(worst_all > own + tol, axis=-1)
    # only type t dominated: beliefs on the other type o
    fail_ic = ~dom[..., 0] & ~dom[..., 1] & gain_none
    for t in range(2):
        o = 1 - t
        bro = np.moveaxis(br1[o], 0, -1)  # (*b, 2)
        worst_o = np.where(bro, u[..., o, :], np.inf).min(axis=-1)
        fail_ic |= dom[..., t] & ~dom[..., o] & (worst_o > own[..., o] + tol)
    # D1: MBR(m) as the interval [dl, dh] of d = Pr(responses[0])
    dl = np.where(sup[1], 0.0, 1.0)
    dh = np.where(sup[0], 1.0, 0.0)
    pruned = []
    for t in range(2):
        o = 1 - t
        kt = u[..., t, 0] - u[..., t, 1]
        ct = u[..., t, 1]
        thr = own[..., t] - tol - ct  # need kt d >= thr
        with np.errstate(divide="ignore", invalid="ignore"):
            root = thr / kt
        lo = np.where(kt > 0, np.maximum(dl, root), dl)
        hi = np.where(kt < 0, np.minimum(dh, root), dh)
        empty = (lo > hi) | ((kt == 0) & (thr > 0))
        lo_, hi_ = np.clip(lo, dl, dh), np.clip(hi, dl, dh)

        def uo(d: np.ndarray, o: int = o) -> np.ndarray:
            return d * u[..., o, 0] + (1 - d) * u[..., o, 1]

        pruned.append(empty | ((uo(lo_) > own[..., o] + tol) & (uo(hi_) > own[..., o] + tol)))
    fail_d1 = np.zeros(own.shape[:-1], dtype=bool)
    for t in range(2):
        o = 1 - t
        only_t = pruned[t] & ~pruned[o]
        fail_d1 |= only_t & ~br1[o, reply]
    return fail_ic, fail_d1
