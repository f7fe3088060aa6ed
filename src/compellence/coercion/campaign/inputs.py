"""The user's inputs of a campaign by key path: ``campaign.inputs()`` / ``campaign.with_inputs()``.

Key paths are the ones the scenario files and the command line use
(``docs/scenarios.md``), with the campaign's own names for the two
top-level numbers:

* ``discount`` (alias ``horizon.discount``), ``horizon`` (alias ``horizon.periods``);
* ``coercer.<field>``, ``target.<field>``, ``demand.<field>``, ``assurance.<field>``;
* ``instruments[i].<field>`` (the instrument's own field names);
* ``coalition.members[j].<key>`` with the scenario keys ``min_concession``,
  ``uncertainty``, ``cost``, ``stake``, ``commitment``, ``contribution``
  (or the coalition's own ``inputs()`` keys if it offers them);
* ``power.<field>`` (:class:`~compellence.coercion.campaign.parties.Power`).

:func:`campaign_inputs` lists every numeric input that is set (an optional
input left out, such as ``coercer.threat_credibility`` when it is derived, is
not listed); :func:`campaign_with_inputs` returns a new, validated campaign
with some of them replaced (arrays allowed: they broadcast with the rest).
An unknown key, or a bad value, raises :class:`~compellence.errors.ParameterError`
naming the key; nothing is half-built.
"""

from __future__ import annotations

import copy
import dataclasses
import re
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

import numpy as np

from ...errors import ParameterError

if TYPE_CHECKING:  # pragma: no cover
    from .facade import Campaign

__all__ = ["campaign_inputs", "campaign_with_inputs", "COALITION_MEMBER_KEYS"]

#: Fields that are not numeric inputs (names, flags, distribution families).
_NOT_NUMERIC = frozenset({"name", "label", "public", "overt", "dist", "kind"})

#: Scenario key of a coalition member -> the :class:`Coalition` attribute (first axis: members).
COALITION_MEMBER_KEYS = {
    "min_concession": "thresholds",
    "uncertainty": "threshold_sd",
    "cost": "costs",
    "stake": "stakes",
    "commitment": "commitment",
    "contribution": "contributions",
}
_MEMBER_LO = {"uncertainty": 0.0, "cost": 0.0, "commitment": 0.0, "contribution": 0.0}

_PARTS = ("coercer", "target", "demand", "assurance", "power")
_ALIASES = {"horizon.discount": "discount", "horizon.periods": "horizon"}
_TOKEN = re.compile(r"^([A-Za-z_]\w*)(?:\[(\d+)\])?$")


def _value(v: Any) -> Any:
    a = np.asarray(v)
    return float(a) if a.ndim == 0 and a.dtype.kind in "fiu" else v


def _numeric(v: Any) -> bool:
    if isinstance(v, (bool, np.bool_, str)) or v is None:
        return False
    return isinstance(v, (int, float, np.ndarray, np.number))


def _part_inputs(obj: Any, prefix: str, out: dict[str, Any]) -> None:
    for f in dataclasses.fields(obj):
        if f.name in _NOT_NUMERIC:
            continue
        v = getattr(obj, f.name)
        if _numeric(v):
            out[f"{prefix}.{f.name}"] = _value(v)


def _coalition_inputs(coalition: Any, out: dict[str, Any]) -> None:
    own = getattr(coalition, "inputs", None)
    if callable(own):
        for k, v in own().items():
            out[f"coalition.{k}"] = v
        return
    for j in range(coalition.n):
        for key, attr in COALITION_MEMBER_KEYS.items():
            arr = getattr(coalition, attr, None)
            if arr is not None:
                out[f"coalition.members[{j}].{key}"] = _value(np.asarray(arr)[j])


def campaign_inputs(campaign: Campaign) -> dict[str, Any]:
    """Flat ``{key path: current value}`` of every numeric input of ``campaign`` that is set.

    Scalars come back as floats, arrays as arrays.  The values are the
    user's inputs, never derived quantities (those are on :class:`OffRamp`).

    Parameters
    ----------
    campaign : Campaign
        The campaign.

    Returns
    -------
    dict of str to Any
        Key path -> value, in the user's units.

    Examples
    --------
    >>> from compellence.coercion import Campaign
    >>> c = Campaign({"threat_credibility": 0.9}, "East",
    ...              [{"kind": "sanctions", "cost_target": 0.1, "reversibility": 0.6}],
    ...              demand=0.3, assurance=0.5)
    >>> from compellence.coercion.campaign.inputs import campaign_inputs
    >>> campaign_inputs(c)["instruments[0].cost_target"]
    0.1
    """
    out: dict[str, Any] = {"discount": _value(campaign.discount)}
    if campaign.horizon is not None:
        out["horizon"] = _value(campaign.horizon)
    for part in _PARTS:
        obj = getattr(campaign, part)
        if obj is not None:
            _part_inputs(obj, part, out)
    for i, inst in enumerate(campaign.instruments):
        _part_inputs(inst, f"instruments[{i}]", out)
    if campaign.coalition is not None:
        _coalition_inputs(campaign.coalition, out)
    return out


def _parse(key: Any) -> list[tuple[str, int | None]]:
    if not isinstance(key, str) or not key:
        raise ParameterError(f"input keys are key paths such as 'demand.concession', got {key!r}", str(key))
    key = _ALIASES.get(key, key)
    toks = []
    for part in key.split("."):
        m = _TOKEN.match(part)
        if m is None:
            raise ParameterError("not a key path (expected e.g. 'instruments[0].reversibility')", key)
        toks.append((m.group(1), None if m.group(2) is None else int(m.group(2))))
    return toks


def _unknown(key: str, known: Any) -> ParameterError:
    return ParameterError(f"unknown input; inputs of this campaign are {sorted(known)}", key)


def _settable(obj: Any) -> set[str]:
    return {f.name for f in dataclasses.fields(obj) if f.name not in _NOT_NUMERIC}


def _reraise(exc: ParameterError, key: str) -> ParameterError:
    msg = str(exc)
    if exc.name and msg.startswith(f"{exc.name}: "):
        msg = msg[len(exc.name) + 2:]
    return ParameterError(msg, key)


def _with_members(coalition: Any, changes: dict[tuple[int, str], tuple[str, Any]]) -> Any:
    """A copy of ``coalition`` with some per-member values replaced (validated, batch axes trail)."""
    from ...validation import check_real

    new = copy.copy(coalition)
    for (j, key), (full, value) in changes.items():
        attr = COALITION_MEMBER_KEYS[key]
        old = getattr(coalition, attr, None)
        if old is None:
            raise ParameterError("this coalition has no such member input", full)
        v = check_real(value, full, lo=_MEMBER_LO.get(key))
        cur = np.asarray(getattr(new, attr), dtype=float)
        try:
            shape = np.broadcast_shapes(cur.shape[1:], v.shape)
        except ValueError:
            raise ParameterError(
                f"shape {v.shape} does not broadcast with the coalition's batch shape {cur.shape[1:]}", full
            ) from None
        arr = np.array(np.broadcast_to(cur.reshape(cur.shape[:1] + (1,) * (len(shape) - cur.ndim + 1)
                                                   + cur.shape[1:]), (cur.shape[0], *shape)))
        arr[j] = v
        object.__setattr__(new, attr, arr)
    try:
        _ = new.batch_shape
    except ValueError:
        raise ParameterError("member inputs do not broadcast to one batch shape", "coalition.members") from None
    return new


def _name_the_shape(campaign: Campaign, mapping: Mapping[str, Any]) -> None:
    """Raise a ParameterError naming the given key whose shape does not broadcast with the rest."""
    given = {_ALIASES.get(k, k) for k in mapping}
    shape: tuple[int, ...] = ()
    for k, v in campaign_inputs(campaign).items():
        if k not in given:
            try:
                shape = np.broadcast_shapes(shape, np.shape(v))
            except ValueError:
                return
    for key, value in mapping.items():
        try:
            shape = np.broadcast_shapes(shape, np.shape(value))
        except ValueError:
            raise ParameterError(f"shape {np.shape(value)} does not broadcast with the batch shape {shape} "
                                 "of the other inputs", key) from None


def campaign_with_inputs(campaign: Campaign, mapping: Mapping[str, Any]) -> Campaign:
    """A new, validated campaign with the inputs in ``mapping`` (``{key path: value}``) replaced.

    Optional inputs that are not set (``coercer.threat_credibility``,
    ``assurance.credibility``, ``demand.deadline``, ``horizon``) may be given:
    they switch the campaign to the given value.  Values may be arrays; they
    broadcast with the rest of the campaign.

    Parameters
    ----------
    campaign : Campaign
        The campaign.
    mapping : mapping of str to Any
        Key path -> new value.

    Returns
    -------
    Campaign
        The new campaign.

    Raises
    ------
    ParameterError
        An unknown key or a bad value (naming the key).

    Examples
    --------
    >>> from compellence.coercion import Campaign
    >>> c = Campaign({"threat_credibility": 0.9}, "East",
    ...              [{"kind": "sanctions", "cost_target": 0.1, "reversibility": 0.6}],
    ...              demand=0.3, assurance=0.5)
    >>> from compellence.coercion.campaign.inputs import campaign_with_inputs
    >>> campaign_with_inputs(c, {"horizon": 5}).horizon
    5
    >>> campaign_with_inputs(c, {"demand.concesion": 0.1})  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    compellence.errors.ParameterError: demand.concesion: unknown input; inputs of this campaign are [...]
    """
    if not isinstance(mapping, Mapping):
        raise ParameterError(f"must be a mapping {{key path: value}}, got {type(mapping).__name__}", "inputs")
    top: dict[str, Any] = {}
    parts: dict[str, dict[str, Any]] = {}
    keys_of: dict[tuple[str, str], str] = {}
    insts: dict[int, dict[str, Any]] = {}
    members: dict[tuple[int, str], tuple[str, Any]] = {}
    own_coalition: dict[str, Any] = {}
    for key, value in mapping.items():
        toks = _parse(key)
        head, idx = toks[0]
        if len(toks) == 1 and idx is None and head in ("discount", "horizon"):
            top[head] = value
        elif head in _PARTS and idx is None and len(toks) == 2 and toks[1][1] is None:
            obj = getattr(campaign, head)
            if obj is None:
                raise ParameterError(f"this campaign has no {head}; give {head}= to Campaign", key)
            if toks[1][0] not in _settable(obj):
                raise _unknown(key, campaign_inputs(campaign))
            parts.setdefault(head, {})[toks[1][0]] = value
            keys_of[(head, toks[1][0])] = key
        elif head == "instruments" and idx is not None and len(toks) == 2 and toks[1][1] is None:
            if idx >= len(campaign.instruments):
                raise ParameterError(f"the campaign has {len(campaign.instruments)} instruments", key)
            if toks[1][0] not in _settable(campaign.instruments[idx]):
                raise _unknown(key, campaign_inputs(campaign))
            insts.setdefault(idx, {})[toks[1][0]] = value
            keys_of[(f"instruments[{idx}]", toks[1][0])] = key
        elif head == "coalition" and idx is None and len(toks) >= 2:
            coal = campaign.coalition
            if coal is None:
                raise ParameterError("this campaign has no coalition", key)
            if callable(getattr(coal, "with_inputs", None)):
                own_coalition[key[len("coalition."):]] = value
                continue
            (m, j), rest = toks[1], toks[2:]
            if m != "members" or j is None or len(rest) != 1 or rest[0][0] not in COALITION_MEMBER_KEYS:
                raise _unknown(key, campaign_inputs(campaign))
            if j >= coal.n:
                raise ParameterError(f"the coalition has {coal.n} members", key)
            members[(j, rest[0][0])] = (key, value)
        else:
            raise _unknown(key, campaign_inputs(campaign))
    changes: dict[str, Any] = {}
    for head, fields in parts.items():
        try:
            changes[head] = dataclasses.replace(getattr(campaign, head), **fields)
        except ParameterError as exc:
            field = (exc.name or "").rsplit(".", 1)[-1]
            raise _reraise(exc, keys_of.get((head, field), f"{head}.{field}")) from None
    if insts:
        new = list(campaign.instruments)
        for i, fields in insts.items():
            try:
                new[i] = dataclasses.replace(new[i], **fields)
            except ParameterError as exc:
                field = (exc.name or "").rsplit(".", 1)[-1]
                raise _reraise(exc, keys_of.get((f"instruments[{i}]", field), f"instruments[{i}]")) from None
        changes["instruments"] = tuple(new)
    if own_coalition:
        try:
            changes["coalition"] = campaign.coalition.with_inputs(own_coalition)
        except ParameterError as exc:
            raise _reraise(exc, f"coalition.{exc.name}" if exc.name else "coalition") from None
    elif members:
        changes["coalition"] = _with_members(campaign.coalition, members)
    changes.update(top)
    try:
        return campaign.replace(**changes)
    except ParameterError as exc:
        if "does not broadcast" in str(exc):
            _name_the_shape(campaign, mapping)
        name = exc.name or ""
        for (head, field), key in keys_of.items():
            if name.endswith(f".{field}") or name == f"{head}.{field}":
                raise _reraise(exc, key) from None
        raise
