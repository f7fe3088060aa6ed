"""The schema of ``kind = "incomplete_information"`` scenario files (screening and signalling questions).

Kept apart from :mod:`.definitions` so that module only adds the kind; the
keys use the names of :mod:`compellence.coercion.screening`,
:mod:`compellence.coercion.costly_signals` and
:mod:`compellence.coercion.questions` (one quantity, one name).
"""

from __future__ import annotations

from .schema import Key, Table, TableArray

__all__ = ["make_schema"]


def _f(name: str, doc: str, default: float | None = None, lo: float | None = None, hi: float | None = None, *,
       lo_open: bool = False) -> Key:
    from .schema import REQUIRED

    return Key(name, "float", doc, default=REQUIRED if default is None else default, lo=lo, hi=hi,
               lo_open=lo_open)


def make_schema(kind: Key, title: Key, description: Key) -> Table:
    """The ``incomplete_information`` schema, given the common ``kind``/``title``/``description`` keys.

    Parameters
    ----------
    kind, title, description : Key
        The keys every kind shares.

    Returns
    -------
    Table
        The schema of ``kind = "incomplete_information"`` files.

    Examples
    --------
    >>> from compellence.scenario import SCHEMAS
    >>> SCHEMAS["incomplete_information"].name
    'incomplete_information'
    """
    return Table(
        "incomplete_information",
        "A question about private information (docs/incomplete_information.md): "
        "`question = \"screening\"` asks about a target of unknown resolve (types with acceptance "
        "thresholds and a prior: the coercer's optimal demand, the settlement / war-risk trade-off "
        "of each candidate demand, and the posterior that the target rejects every off-ramp after "
        "the offers it rejected); `question = \"signalling\"` asks whether overt aid (a sunk cost) "
        "separates a resolved coercer from a bluffing one (Fearon 1997), solved by the signalling "
        "solver at each aid cost and checked against the closed form; `question = \"tying\"` gives "
        "the tying-hands cutpoint equilibrium with a continuum of coercer types and a target of "
        "private cost (which types make a public commitment, at what audience cost, the war risk).",
        (
            kind,
            title,
            description,
            Key("question", "choice", "Which question the file asks.",
                choices=("screening", "signalling", "tying")),
            TableArray(
                "target_types",
                "The target's private types (question = \"screening\"); the priors must sum to 1.",
                (
                    Key("name", "str", "Type label (shown in tables)."),
                    Key("prior", "float", "Prior probability of the type.", lo=0, hi=1),
                    Key("acceptance_threshold", "float", "Largest demand the type accepts "
                        "(stake units; M(0) of the off-ramp accounting for this type's "
                        "resistance cost). Omit it for a type that rejects every off-ramp.",
                        default=None),
                ),
                unique_key="name",
                example='[[target_types]]\nname = "pragmatic"\nprior = 0.5\nacceptance_threshold = 0.4\n\n'
                        '[[target_types]]\nname = "unappeasable"\nprior = 0.2',
            ),
            Table(
                "screening",
                "The coercer's side of the screening question.",
                (
                    _f("coercer_war_payoff", "What the coercer gets if the target rejects (stake "
                       "units; Fearon's p - c_A).", 0.0),
                    Key("rejected_offers", "float_list", "Offers (demands) the target has already "
                        "rejected, in order; the posterior is updated after each.", default=[], lo=0),
                ),
            ),
            Table(
                "signalling",
                "The two-type resolve game of question = \"signalling\" (coercion.costly_signals): "
                "a resolved and a bluffing coercer, overt aid as a sunk cost.",
                (
                    _f("prior_resolved", "Target's prior that the coercer is resolved.", None, 0, 1),
                    _f("value_resolved", "Value of the stake to the resolved coercer, v_R.", None, 0),
                    _f("value_bluffer", "Value of the stake to the bluffing coercer, v_B.", None, 0),
                    _f("war_share", "p: the coercer's expected share of the stake if it carries "
                       "out its threat.", None, 0, 1),
                    _f("war_cost", "c: the coercer's cost of carrying out its threat.", None, 0),
                    _f("demand", "x: the concession demanded (0 < x < punishment).", None, 0,
                       lo_open=True),
                    _f("punishment", "P: the target's cost if the threat is carried out.", None, 0,
                       lo_open=True),
                    Key("aid_cost", "float_list", "Costs k of overt aid to examine (one row each).",
                        lo=0, min_items=1),
                ),
                example='[signalling]\nprior_resolved = 0.2\nvalue_resolved = 1.0\nvalue_bluffer = 0.2\n'
                        'war_share = 0.6\nwar_cost = 0.2\ndemand = 0.3\npunishment = 1.0\n'
                        'aid_cost = [0.1, 0.3, 0.7]',
            ),
            Table(
                "tying",
                "The continuum tying-hands model of question = \"tying\" "
                "(coercion.costly_signals.tying_cutpoint): coercer type v ~ U[value_low, value_high], "
                "target's private cost of complying x ~ U[0, compliance_cost_max].",
                (
                    _f("war_share", "p: the coercer's expected share of the stake if it carries "
                       "out its threat.", None, 0, 1, lo_open=True),
                    _f("war_cost", "c: the coercer's cost of carrying out its threat.", None, 0),
                    _f("punishment", "P: the target's cost if the threat is carried out.", None, 0,
                       lo_open=True),
                    _f("compliance_cost_max", "X: the largest private cost of complying for the "
                       "target.", None, 0, lo_open=True),
                    _f("value_low", "Lowest coercer value of the stake.", 0.0, 0),
                    _f("value_high", "Highest coercer value of the stake.", 1.0, 0),
                ),
                example='[tying]\nwar_share = 0.6\nwar_cost = 0.3\npunishment = 0.5\n'
                        'compliance_cost_max = 1.0',
            ),
        ),
    )
