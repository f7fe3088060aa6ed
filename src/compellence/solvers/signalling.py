"""Pure-strategy perfect Bayesian equilibria of finite sender-receiver (signalling) games.

A signalling game (Spence 1973; Cho & Kreps 1987): chance draws the sender's
type ``t`` with prior ``pi(t)``; the sender, knowing ``t``, sends a message
``m``; the receiver sees ``m`` but not ``t`` and responds with ``a``.  As a
game tree: root = chance over types -> one sender decision node per type (its
own information set) -> one receiver information set per message (the nodes
``(t, m)`` of all types) -> terminal payoffs ``u_S(t, m, a), u_R(t, m, a)``.

A pure profile ``(s, r)`` (``s: T -> M``, ``r: M -> A``) with beliefs ``mu``
is a perfect Bayesian equilibrium iff

* sender optimality: ``u_S(t, s(t), r(s(t))) >= u_S(t, m, r(m))`` for all ``t, m``;
* receiver optimality: ``r(m)`` maximises ``sum_t mu(t | m) u_R(t, m, a)``;
* Bayes on the path: ``mu(t | m) = pi(t) 1[s(t) = m] / sum_t' pi(t') 1[s(t') = m]``
  for every message some type sends; off the path ``mu(. | m)`` is any
  distribution that makes ``r(m)`` optimal.

:func:`signalling_equilibria` enumerates all of them and reports, for every
off-path message, the *set* of supporting beliefs as per-type probability
intervals (exact for two types, where the set is an interval of
``Pr(type)``; for more types the interval of each type's probability over
the supporting polytope, by linear programming).

Equilibria are classified as ``"pooling"`` (all types send one message),
``"separating"`` (all types send different messages) or ``"semi-separating"``
(pure partial pooling: some types pool, others are revealed).

The intuitive criterion (Cho & Kreps 1987) is checked for each equilibrium:
a message ``m`` off the path is *equilibrium dominated* for type ``t`` if
``u*_S(t) > max_{a in BR(m, Delta(T))} u_S(t, m, a)``; the equilibrium fails
the criterion if some type ``t'`` not dominated at ``m`` would gain from ``m``
whatever best reply to beliefs on the non-dominated types the receiver makes:
``u*_S(t') < min_{a in BR(m, Delta(T \\ D(m)))} u_S(t', m, a)``.
In beer-quiche the "quiche" pooling equilibrium fails it: the weak type can
only lose by drinking beer, so a beer drinker must be strong, and then the
strong type prefers to have beer.  ("Public vs private demands": the same
logic decides which beliefs an audience may hold after an unexpected public
demand.)
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np
from scipy.optimize import linprog

from ..errors import GameError, ParameterError
from ..games.tree import CHANCE, DECISION, TERMINAL, Game

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["signalling_equilibria", "SignallingEquilibrium", "SignallingEquilibria", "SignallingGameError"]

#: Largest number of sender strategies enumerated (|M| ** |T|).
MAX_SENDER_STRATEGIES = 1_000_000


class SignallingGameError(GameError):
    """The game is not a finite sender-receiver game (the path names the offending node)."""


Interval = tuple[float, float]


@dataclass(frozen=True)
class SignallingEquilibrium:
    """One pure-strategy perfect Bayesian equilibrium of a signalling game.

    Fields
    ------
    kind:
        ``"pooling"``, ``"separating"`` or ``"semi-separating"``.
    sender:
        type -> message sent.
    receiver:
        message -> response (on and off the path).
    beliefs:
        on-path message -> {type: posterior probability} (Bayes' rule).
    off_path:
        off-path message -> {type: (lowest, highest) probability} over the
        beliefs that make the receiver's response optimal (for two types the
        set of supporting beliefs is exactly the interval of either type).
    sender_payoff:
        type -> the sender's equilibrium payoff as that type.
    receiver_payoff:
        the receiver's ex-ante expected payoff.
    intuitive:
        Whether the equilibrium survives the Cho-Kreps intuitive criterion.
    intuitive_note:
        Why not (the message, the dominated types, the type that would deviate), or "".
    receiver_ties:
        On-path messages where the receiver is indifferent between several responses.
    """

    kind: str
    sender: Mapping[str, str]
    receiver: Mapping[str, str]
    beliefs: Mapping[str, Mapping[str, float]]
    off_path: Mapping[str, Mapping[str, Interval]]
    sender_payoff: Mapping[str, float]
    receiver_payoff: float
    intuitive: bool
    intuitive_note: str = ""
    receiver_ties: tuple[str, ...] = ()

    def __repr__(self) -> str:
        s = ", ".join(f"{t}->{m}" for t, m in self.sender.items())
        r = ", ".join(f"{m}->{a}" for m, a in self.receiver.items())
        off = "; ".join(
            f"after {m}: " + ", ".join(f"Pr({t}) in [{lo:.4g}, {hi:.4g}]" for t, (lo, hi) in iv.items())
            for m, iv in self.off_path.items()
        )
        tail = f"; off-path beliefs {off}" if off else ""
        ic = "" if self.intuitive else "; fails the intuitive criterion"
        return f"SignallingEquilibrium({self.kind}: sender {s}; receiver {r}{tail}{ic})"


@dataclass(frozen=True, eq=False)
class SignallingEquilibria:
    """All pure-strategy PBE of a signalling game, with the game's anatomy.

    ``types``, ``messages``, ``responses`` are labels; ``prior`` maps type ->
    probability; ``equilibria`` is a tuple of :class:`SignallingEquilibrium`.
    Iterable and indexable; ``pooling``, ``separating``, ``semi_separating``
    filter by kind; ``to_frame()`` gives one row per equilibrium.
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
        return self._of("pooling")

    @property
    def separating(self) -> tuple[SignallingEquilibrium, ...]:
        return self._of("separating")

    @property
    def semi_separating(self) -> tuple[SignallingEquilibrium, ...]:
        return self._of("semi-separating")

    def to_frame(self) -> pd.DataFrame:
        """One row per equilibrium: kind, strategies, beliefs, payoffs, intuitive criterion."""
        import pandas as pd
        rows = []
        for e in self.equilibria:
            row: dict[str, Any] = {"kind": e.kind}
            for t in self.types:
                row[f"sender[{t}]"] = e.sender[t]
            for m in self.messages:
                row[f"receiver[{m}]"] = e.receiver[m]
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
            rows.append(row)
        return pd.DataFrame(rows)

    def __repr__(self) -> str:
        kinds = {k: len(self._of(k)) for k in ("pooling", "separating", "semi-separating")}
        inner = ", ".join(f"{v} {k}" for k, v in kinds.items())
        return (
            f"SignallingEquilibria({self.game.title!r}: {len(self)} pure PBE ({inner}); "
            f"types {list(self.types)}, messages {list(self.messages)}, responses {list(self.responses)})"
        )

    def _repr_html_(self) -> str:
        head = f"<b>Pure PBE</b> of <i>{self.game.title or 'signalling game'}</i>: {len(self)}<br>"
        return head + self.to_frame().to_html(index=False, float_format=lambda x: f"{x:.4g}")


# ====================================================================== structure
@dataclass(frozen=True)
class _Anatomy:
    sender: int
    receiver: int
    types: tuple[str, ...]
    messages: tuple[str, ...]
    responses: tuple[str, ...]
    prior: np.ndarray  # (T,)
    uS: np.ndarray  # (T, M, A)
    uR: np.ndarray  # (T, M, A)


def _anatomy(game: Game) -> _Anatomy:
    g = game
    if g.kind[0] != CHANCE:
        raise SignallingGameError(
            "a signalling game starts with a chance move over the sender's types", g.node_path(0)
        )
    type_nodes = list(g.children(0))
    types = tuple(str(g.edge_label[c]) for c in type_nodes)
    prior = np.array([float(g.chance_probs[g.chance_index[c]]) for c in type_nodes])
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
    uS = np.empty((T, M, A))
    uR = np.empty((T, M, A))
    for ti in range(T):
        for mi in range(M):
            for ai, leaf in enumerate(g.children(int(recv_nodes[ti, mi]))):
                if g.kind[leaf] != TERMINAL:
                    raise SignallingGameError("the receiver's response must end the game", g.node_path(leaf))
                pay = g.payoffs[:, g.terminal_index[leaf]]
                uS[ti, mi, ai] = pay[sender]
                uR[ti, mi, ai] = pay[receiver]
    return _Anatomy(sender, receiver, types, messages, tuple(responses), prior, uS, uR)


# ====================================================================== beliefs
def _belief_box(U: np.ndarray, a: int, support: np.ndarray, tol: float) -> np.ndarray | None:
    """Per-type (lo, hi) probabilities over beliefs on ``support`` making ``a`` a best reply.

    ``U`` is ``(T, A)``: receiver payoffs after one message.  Returns ``(T, 2)``
    or None if no such belief exists.  Two types: exact interval; otherwise LPs.
    """
    T = U.shape[0]
    idx = np.flatnonzero(support)
    D = U[idx, a][:, None] - U[idx]  # (k, A): mu . D[:, b] >= 0 for all b
    k = idx.size
    box = np.zeros((T, 2))
    if k == 1:
        if np.all(D >= -tol):
            box[idx[0]] = (1.0, 1.0)
            return box
        return None
    if k == 2:
        # mu = (p, 1 - p): p (D0 - D1) + D1 >= -tol for every b
        lo, hi = 0.0, 1.0
        for b in range(U.shape[1]):
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
    b_ub = np.full(U.shape[1], tol)
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


# ====================================================================== main
def signalling_equilibria(game: Game, *, tol: float = 1e-9) -> SignallingEquilibria:
    """Enumerate the pure-strategy perfect Bayesian equilibria of a signalling game.

    See the module docstring for the model, the equilibrium conditions, the
    classification and the intuitive criterion (Cho & Kreps 1987).

    Parameters
    ----------
    game:
        A scalar sender-receiver :class:`Game` (root chance over types ->
        sender decisions, one set per type -> receiver decisions, one set per
        message -> terminals).  For a batched game pass ``game.at(index)``.
    tol:
        Absolute tolerance of the optimality comparisons (ties count as optimal).

    Raises
    ------
    SignallingGameError
        Naming the node where the game departs from the sender-receiver form.
    """
    if not isinstance(game, Game):
        raise ParameterError(f"signalling_equilibria() needs a Game, got {type(game).__name__}", "game")
    if game.batch_shape:
        raise ParameterError(
            f"the game is batched (batch shape {game.batch_shape}); pass game.at(index)", "game"
        )
    if not (np.isfinite(tol) and tol >= 0):
        raise ParameterError(f"tol must be a finite number >= 0, got {tol!r}", "tol")
    an = _anatomy(game)
    T, M, A = an.uS.shape
    if float(M) ** T > MAX_SENDER_STRATEGIES:
        raise ParameterError(
            f"{M} messages and {T} types give {M}**{T} sender strategies, more than "
            f"{MAX_SENDER_STRATEGIES}; enumerate a smaller game",
            "game",
        )
    all_types = np.ones(T, dtype=bool)
    # off-path: responses supportable by some belief, with their belief boxes
    off_boxes = {
        (m, a): _belief_box(an.uR[:, m, :], a, all_types, tol) for m in range(M) for a in range(A)
    }
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
                choices.append([a for a in range(A) if off_boxes[(m, a)] is not None])
        for r in itertools.product(*choices):
            pay = an.uS[:, np.arange(M), np.array(r)]  # (T, M): type t sends m, gets r(m)
            own = pay[np.arange(T), s_arr]
            if np.any(pay.max(axis=1) > own + tol):
                continue
            found.append(_make(an, s_arr, np.array(r), post, off_boxes, own, ties, tol))
    return SignallingEquilibria(
        game=game,
        sender=game.players[an.sender],
        receiver=game.players[an.receiver],
        types=an.types,
        messages=an.messages,
        responses=an.responses,
        prior={t: float(p) for t, p in zip(an.types, an.prior)},
        equilibria=tuple(found),
        info={"tol": tol, "sender_strategies": M**T, "receiver_strategies": A**M},
    )


def _make(an: _Anatomy, s: np.ndarray, r: np.ndarray, post: dict, off_boxes: dict,
          own: np.ndarray, ties: list[str], tol: float) -> SignallingEquilibrium:
    T = s.size
    sent = set(s.tolist())
    kind = "pooling" if len(sent) == 1 else ("separating" if len(sent) == T else "semi-separating")
    beliefs = {
        an.messages[m]: {t: float(p) for t, p in zip(an.types, mu)} for m, mu in post.items()
    }
    off = {}
    for m in range(len(an.messages)):
        if m in post:
            continue
        box = off_boxes[(m, int(r[m]))]
        off[an.messages[m]] = {t: (float(box[i, 0]), float(box[i, 1])) for i, t in enumerate(an.types)}
    uR_eq = float(sum(an.prior[i] * an.uR[i, s[i], r[s[i]]] for i in range(T)))
    ok, note = _intuitive(an, own, post, tol)
    return SignallingEquilibrium(
        kind=kind,
        sender={t: an.messages[s[i]] for i, t in enumerate(an.types)},
        receiver={m: an.responses[r[k]] for k, m in enumerate(an.messages)},
        beliefs=beliefs,
        off_path=off,
        sender_payoff={t: float(own[i]) for i, t in enumerate(an.types)},
        receiver_payoff=uR_eq,
        intuitive=ok,
        intuitive_note=note,
        receiver_ties=tuple(ties),
    )


def _intuitive(an: _Anatomy, own: np.ndarray, post: dict, tol: float) -> tuple[bool, str]:
    T, M, _ = an.uS.shape
    everyone = np.ones(T, dtype=bool)
    for m in range(M):
        if m in post:
            continue
        br_all = _best_replies(an.uR[:, m, :], everyone, tol)
        best_dev = an.uS[:, m, br_all].max(axis=1)
        dominated = own > best_dev + tol
        if dominated.all():
            continue
        rest = ~dominated
        br_rest = _best_replies(an.uR[:, m, :], rest, tol)
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
