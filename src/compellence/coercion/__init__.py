"""The coercion domain: instruments, campaigns, off-ramps, coalitions, bargaining, signalling.

Every model here reduces to the canonical compellence comparison of
``shared/DESIGN.md`` (target complies iff ``x + (1 - pi_A r) s D <= pi_T s D``)
and is also a game tree solved by :func:`compellence.spe`.
"""
