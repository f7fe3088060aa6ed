"""The schemas of the three scenario kinds: ``campaign``, ``cascade`` and ``game``.

Each is a :class:`~.schema.Table`; ``docs/scenarios.md`` is written from these
objects (``python -m compellence.scenario.definitions`` prints the reference).
"""

from __future__ import annotations

from .dynamics_schema import make_schema as make_dynamics_schema
from .fighting_schema import make_schema as make_fighting_schema
from .incomplete_information_schema import make_schema as make_incomplete_information_schema
from .schema import REQUIRED, Key, Table, TableArray, render_markdown

__all__ = ["CAMPAIGN", "CASCADE", "GAME", "DYNAMICS", "INCOMPLETE_INFORMATION", "FIGHTING", "SCHEMAS", "KINDS",
           "reference_markdown"]

KINDS = ("campaign", "cascade", "game", "dynamics", "incomplete_information", "fighting")

_KIND = Key("kind", "choice", "What the file describes.", choices=KINDS)
_TITLE = Key("title", "str", "A title shown in tables and plots.", default="")
_DESCRIPTION = Key("description", "str", "Free text: sources, assumptions.", default="")

_F = "float"


def _k(name: str, doc: str, default=None, lo=None, hi=None, *, lo_open=False, hi_open=False,
       typ: str = _F, sweep: bool = True, required: bool = False) -> Key:
    return Key(name, typ, doc, default=REQUIRED if required else default, lo=lo, hi=hi,
               lo_open=lo_open, hi_open=hi_open, sweepable=sweep and typ in ("float", "int"))


_COMMON_COSTS = (
    _k("cost_target", "Cost to the target per period at full bite (stake units: the disputed "
       "stake is worth 1 to the target).", lo=0, required=True),
    _k("cost_coercer", "Cost to the coercer per period.", 0.0, lo=0),
)

_SANCTIONS = (
    *_COMMON_COSTS,
    _k("reversibility", "Share of the government-controlled damage that stops when lifted.",
       0.8, 0, 1),
    _k("private_share", "Share of the cost due to firms that self-sanction and never return "
       "(effective reversibility = reversibility x (1 - private_share)).", 0.0, 0, 1),
    _k("ramp", "Share of the gap to full bite closed each period (1: full bite at once).",
       1.0, 0, 1, lo_open=True),
    _k("adaptation", "Per-period erosion of the bite as the target adapts.", 0.0, 0, 1,
       hi_open=True),
    _k("reimposition", "Effectiveness e of re-imposed sanctions relative to first use "
       "(sanctions are strongest at first use). With demand.backsliding = true, after lifting "
       "the target keeps its concession only if x <= pi_T (e r P + hazard cost); otherwise it "
       "would backslide, and a coercer that knows it does not lift (exogenous assurance) or "
       "weighs it (derived assurance). Without backsliding it only enters the diagnostics.",
       1.0, 0, 1),
    _k("elapsed", "Whole periods the sanctions have already been in place.", 0, lo=0, typ="int"),
)

_AID = (
    *_COMMON_COSTS,
    Key("overt", "bool", "Overt (publicly acknowledged) or covert aid; sets the defaults below.",
        default=True),
    _k("escalation_risk", "Per-period probability that the aid triggers a catastrophe while "
       "punishment continues (default 0.02 overt, 0.005 covert); it costs each side its "
       "catastrophe_cost.", None, 0, 1, hi_open=True),
    _k("reversibility", "Share of its effect that stops when the aid stops (default 0.3 overt, "
       "0.8 covert).", None, 0, 1),
    _k("volume", "Multiplier of cost_target (default 1 overt, 0.5 covert).", None, lo=0),
    _k("ramp", "Speed of delivery (default 1 overt, 0.5 covert).", None, 0, 1, lo_open=True),
    _k("commitment", "Share of the threat-credibility gap 1 - pi_T that public commitment closes "
       "(default 0.3 overt, 0 covert).", None, 0, 1),
    _k("assurance_loss", "Share of the assurance credibility pi_A it removes (default 0.3 "
       "overt, 0 covert).", None, 0, 1),
    _k("rollback", "The coercer's domestic cost of rolling it back (default 0.5 overt, 0 "
       "covert).", None, lo=0),
    _k("elapsed", "Whole periods the aid has already flowed.", 0, lo=0, typ="int"),
)

_INCENTIVE = (
    _k("amount", "Side payment on compliance (stake units, once); offsets the target's "
       "reputation cost of complying (Sechser 2010).", lo=0, required=True),
)

INSTRUMENT_KINDS = ("sanctions", "military_aid", "incentive")

CAMPAIGN = Table(
    "campaign",
    "A coercion campaign: the compellence game of docs/coercion.md, built by "
    "compellence.coercion.Campaign.",
    (
        _KIND,
        _TITLE,
        _DESCRIPTION,
        Table(
            "coercer",
            "The side that makes the demand and applies the punishment. Leave "
            "`threat_credibility` out to derive it from the coercer's own payoffs.",
            (
                Key("name", "str", "Player name.", default="Coercer"),
                _k("threat_credibility", "pi_T: probability that punishment goes on if the target "
                   "defies (before instrument effects). Omit to derive it from the coercer's "
                   "payoffs (endogenous credibility).", None, 0, 1),
                _k("benefit", "Value to the coercer of the whole stake.", 1.0, lo=0),
                _k("audience_cost", "Cost of backing down after a public demand, and of "
                   "reneging on a public assurance (Fearon 1994).", 0.0, lo=0),
                _k("weakening_value", "The compellent type's value per unit of cost inflicted "
                   "on the target.", 0.0, lo=0),
                _k("punitive_weakening_value", "The punitive type's value per unit of cost "
                   "inflicted (default: weakening_value).", None, lo=0),
                _k("prob_compellent", "The target's prior that the coercer is the compellent "
                   "type (lifts when it should).", 1.0, 0, 1),
                _k("resolve_sd", "Spread of the coercer's net resolve (public/private "
                   "conversions).", 1.0, lo=0, lo_open=True),
                _k("catastrophe_cost", "The coercer's cost (stake units, once) of a catastrophe "
                   "triggered by the instruments' escalation risk while punishment continues.",
                   0.0, lo=0),
            ),
            example='[coercer]\nname = "West"\nthreat_credibility = 0.9',
        ),
        Table(
            "target",
            "The side asked to concede.",
            (
                Key("name", "str", "Player name.", default="Target"),
                _k("face_cost", "Cost of being seen to give in to a public demand "
                   "(Kurizaki 2007); zero for a private demand.", 0.0, lo=0),
                _k("reputation_cost", "Cost of appearing weak by complying at all "
                   "(Sechser 2010).", 0.0, lo=0),
                _k("catastrophe_cost", "The target's cost (stake units, once) of a catastrophe "
                   "triggered by the instruments' escalation risk while punishment continues.",
                   0.0, lo=0),
                _k("fighting_cost", "What fighting on costs the target per period it resists "
                   "(stake units per period: battlefield losses, defections), whatever the coercer "
                   "does; enters as the resistance cost L = fighting_cost x D on both resist "
                   "branches.", 0.0, lo=0),
            ),
            example='[target]\nname = "Russia"\nface_cost = 0.1',
        ),
        TableArray(
            "instruments",
            "The means of coercion. Punishing instruments (sanctions, military aid) add up to "
            "the punishment s; the campaign's reversibility r is their cost-weighted mean. "
            "`kind` selects the further keys.",
            (
                Key("kind", "choice", "What sort of instrument.", choices=INSTRUMENT_KINDS),
                Key("name", "str", "Display name, unique within the campaign (default: the "
                    "kind).", default=None),
            ),
            min_items=1,
            unique_key="name",
            discriminator="kind",
            variants=(("sanctions", _SANCTIONS), ("military_aid", _AID),
                      ("incentive", _INCENTIVE)),
            example=(
                '[[instruments]]\nkind = "sanctions"\nname = "financial sanctions"\n'
                "cost_target = 0.05\nreversibility = 0.6"
            ),
        ),
        Table(
            "demand",
            "What the target is asked to concede.",
            (
                _k("concession", "x: the demanded share of the disputed stake.", lo=0, hi=1,
                   required=True),
                Key("public", "bool", "A public demand ties the coercer's hands (audience cost "
                    "of backing down) but costs the target face if it gives in.", default=True),
                _k("deadline", "Periods before punishment for defiance starts (the threat is "
                   "discounted by delta^deadline). Omit for none.", None, lo=0, typ="int"),
                _k("open_hazard", "Without a deadline: per-period probability that punishment "
                   "for defiance starts (1: at once; lower: the target can procrastinate).",
                   1.0, 0, 1, lo_open=True),
                Key("backsliding", "bool", "Whether the target can take the concession back "
                    "after the punishment is lifted (Schelling 1966). false: the canonical game of "
                    "docs/coercion.md, a lifted concession stands; the re-imposition threat and whether "
                    "the deal would hold are still reported, as diagnostics. true: after lifting "
                    "the target keeps the concession or backslides, and the coercer may re-impose "
                    "(see the instruments' reimposition).", default=False),
            ),
            required=True,
            example="[demand]\nconcession = 0.3\npublic = true\nbacksliding = false",
        ),
        Table(
            "assurance",
            "The promise to lift the punishment if the target complies.",
            (
                _k("credibility", "pi_A: probability that punishment is lifted after compliance "
                   "(before instrument effects). Omit to derive it from the coercer's payoffs.",
                   None, 0, 1),
                Key("public", "bool", "A public assurance is backed by the coercer's audience "
                    "cost.", default=True),
            ),
            example="[assurance]\ncredibility = 0.6\npublic = true",
        ),
        Table(
            "coalition",
            "Several coercers who lift (and, under eu_renewal, renew) the punishment by a "
            "rule. Member j lifts at concessions x >= min_concession; the target is unsure of "
            "the thresholds (uncertainty), partly in common (correlation). The assurance is "
            "multiplied by the expected share of the punishment lifted after compliance with "
            "the demanded concession, the threat credibility by the probability that the "
            "punishment is sustained after defiance (1 unless one member can end it: "
            "eu_renewal or partial lifting); the report adds the off-ramp window: the "
            "concessions at which the target would comply.",
            (
                Key("rule", "choice", "Who must agree to lift: all members (unanimity), at "
                    "least `quota` members (quota), members holding weight >= `quota` "
                    "(weighted), or eu_renewal: renewal needs unanimity, so any one member can "
                    "end the punishment, after compliance or after defiance.",
                    default="unanimity", choices=("unanimity", "quota", "weighted", "eu_renewal")),
                _k("quota", "Members (quota rule) or total weight (weighted rule) that must "
                   "agree.", None, lo=0, lo_open=True, sweep=False),
                Key("lifting", "choice", "all: the coalition lifts all of its punishment or "
                    "none; partial: each member lifts its own share when satisfied (rule "
                    "unanimity or eu_renewal).", default="all", choices=("all", "partial")),
                _k("correlation", "Common share of the target's uncertainty about the "
                   "thresholds (one-factor model): 0 independent, 1 fully common (identical "
                   "members then act as one).", 0.0, 0, 1),
                Key("distribution", "choice", "The target's uncertainty about each member's "
                    "threshold.", default="normal", choices=("normal", "logistic", "uniform")),
                TableArray(
                    "members",
                    "The coalition's members.",
                    (
                        Key("name", "str", "Member name."),
                        _k("min_concession", "The smallest concession at which this member "
                           "agrees to lift (x_j). Omit it to derive it from weakening_value, "
                           "blowback and stake: x_j = (weakening_value - blowback) / stake.",
                           None, lo=0),
                        _k("uncertainty", "Standard deviation of the target's uncertainty about "
                           "min_concession (0: known).", 0.0, lo=0),
                        _k("weight", "Integer voting weight (weighted rule).", None, lo=0,
                           typ="int", sweep=False),
                        _k("share", "This member's share of the coalition's reversible "
                           "punishment (partial lifting; shares sum to 1). Default: equal "
                           "shares.", None, 0, 1),
                        _k("blowback", "The member's own cost per period of keeping its "
                           "sanctions.", 0.0, lo=0),
                        _k("blowback_sd", "The target's uncertainty about blowback (derived "
                           "thresholds only).", 0.0, lo=0),
                        _k("stake", "The member's per-period value of the target's full "
                           "compliance.", 0.0),
                        _k("weakening_value", "The member's per-period value of continued "
                           "pressure on the target. Given: min_concession is derived.", None,
                           lo=0),
                    ),
                    min_items=1,
                    unique_key="name",
                ),
            ),
            example=(
                '[coalition]\nrule = "eu_renewal"\ncorrelation = 0.5\n\n[[coalition.members]]\n'
                'name = "US"\nmin_concession = 0.2\nuncertainty = 0.05\n\n[[coalition.members]]\n'
                'name = "EU"\nweakening_value = 0.3\nblowback = 0.1\nblowback_sd = 0.05\n'
                "stake = 0.5"
            ),
        ),
        Table(
            "power",
            "Credibility from power (Kydd & McManus 2017; Cebul, Dafoe & Monteiro 2021): the "
            "coercer keeps its promise to lift iff its value of the deal beats reneging with "
            "the power it expects to have, and carries out its threat iff its power now beats "
            "backing down; the target is unsure of the coercer's cost of continuing. Sets "
            "pi_A = Pr(cost >= expected - deal_value) and pi_T = Pr(cost <= now - "
            "backdown_value), in place of assurance.credibility and "
            "coercer.threat_credibility (claim 4).",
            (
                _k("now", "The coercer's power now (probability it prevails).", lo=0, hi=1,
                   required=True),
                _k("expected", "The power the coercer expects to have when the promise falls "
                   "due (its discounted future power).", lo=0, hi=1, required=True),
                _k("deal_value", "The coercer's per-period value of keeping the deal.", 0.0),
                _k("cost", "Mean of the coercer's cost of continuing the confrontation.",
                   required=True),
                _k("cost_sd", "The target's uncertainty about that cost (0: known).", 0.0,
                   lo=0),
                _k("backdown_value", "The coercer's value of backing down.", 0.0),
            ),
            example="[power]\nnow = 0.5\nexpected = 0.7\ncost = 0.3\ncost_sd = 0.1",
        ),
        Table(
            "escalation",
            "The target's option to escalate when the punishment itself escalates (Schelling "
            "1966; the cornered target of compellence.coercion.escalation, stylised). The "
            "punishment grows by `growth` per period while the target holds out; escalating "
            "risks disaster (`risk`, costing the target `catastrophe`) and may make the coercer "
            "back down (`backdown`). The report compares complying, enduring and escalating "
            "(claim 7). Needs an open-ended horizon.",
            (
                _k("growth", "Factor by which the punishment grows each period the target holds "
                   "out (discount x growth < 1).", 1.0, lo=0),
                _k("risk", "Probability that escalating brings disaster.", 0.1, 0, 1),
                _k("backdown", "Probability that the coercer backs down after an escalation "
                   "without disaster.", 0.2, 0, 1),
                _k("catastrophe", "The target's cost of disaster.", 10.0, lo=0),
            ),
            example="[escalation]\ngrowth = 1.05\nrisk = 0.1\nbackdown = 0.3\ncatastrophe = 5",
        ),
        Table(
            "defender",
            "A third party with a veto over the settlement (war termination with a veto "
            "player, compellence.coercion.veto; docs/coercion.md, \"Three parties: the "
            "defender's veto\"): the target fights the defender over a stake of value 1; a "
            "settlement gives the target a share y; the defender accepts iff y <= war_share + "
            "war_cost; the coercer lifts its reversible punishment iff y <= coercer_bar; the "
            "target ratifies given the lifting, with the campaign's effective credibilities, "
            "reversibility, punishment, escalation, compliance and resistance costs. The "
            "report gives the settlements all three accept, whether the coercer spoils a deal, "
            "and the settlement the target would propose.",
            (
                Key("name", "str", "Player name.", default="Defender"),
                _k("war_share", "p: the target's expected share of the stake if the war goes on "
                   "(the battlefield state).", lo=0, hi=1, required=True, sweep=False),
                _k("war_cost", "c_U: the defender's cost of fighting on (present value, stake "
                   "units).", lo=0, required=True, sweep=False),
                _k("coercer_bar", "y_C: the largest share of the stake the coercer lets the "
                   "target keep and still lifts (above 1: lifts after any settlement).", lo=0,
                   required=True, sweep=False),
            ),
            example='[defender]\nname = "Ukraine"\nwar_share = 0.2\nwar_cost = 0.15\n'
                    'coercer_bar = 0.1',
        ),
        Table(
            "analysis",
            "Extra analyses to add to the report of `compellence solve`.",
            (
                Key("compare_channels", "bool", "Report the margin with the demand and the "
                    "assurance public or private (four combinations; Fearon 1994, Kurizaki "
                    "2007; claim 6).", default=False),
                Key("delayed_demand", "int", "Solve the delayed-demand game with dates "
                    "0..this many periods (compellence.coercion.delay.DelayedDemand: the "
                    "coercer, compellent or punitive, chooses when to state its demand; the "
                    "target updates by Bayes' rule on the silence; claim 5): the equilibrium "
                    "delay, whether and when the off-ramp is taken, the dates at which a "
                    "demand would be met. Needs coercer.threat_credibility, one punishing "
                    "instrument with elapsed = 0 and an open-ended horizon. 0: not solved.",
                    default=0, lo=0, hi=200),
                _k("punitive_benefit", "Delayed demand: what a punitive coercer gains from a "
                   "met demand (0: the ruse does not pay).", 0.0, 0, None, sweep=False),
                _k("exposure", "Delayed demand: per-period probability that stalling exposes "
                   "a punitive coercer's diplomacy as a ruse.", 0.5, 0, 1, sweep=False),
            ),
            example="[analysis]\ncompare_channels = true\ndelayed_demand = 12",
        ),
        Table(
            "horizon",
            "How the future is weighed: D = delta / (1 - delta), or the finite sum over "
            "`periods`.",
            (
                _k("discount", "delta, the per-period discount factor.", 0.9, 0, 1,
                   lo_open=True, hi_open=True),
                _k("periods", "Number of periods the punishment can run (omit: open-ended).",
                   None, lo=1, typ="int"),
            ),
            example="[horizon]\ndiscount = 0.9",
        ),
    ),
)

_TARGETING = ("random", "degree", "betweenness", "kcore", "attribute")
ECHELONS = ("squad", "platoon", "company", "battalion", "brigade", "division", "corps", "army")

_TARGET_KEYS = (
    _k("share", "Share of the population reached (or seeded).", 0.01, 0, 1),
    Key("count", "int", "Number of people reached (or seeded); overrides `share`.",
        default=None, lo=0),
    Key("targeting", "choice", "Who is reached: random people (drawn afresh each run), the "
        "best connected (degree, betweenness, k-core), or the highest values of a node "
        "attribute (e.g. seniority in a military_hierarchy or diplomatic_corps).",
        default="random", choices=_TARGETING),
    Key("attribute", "str", "Node attribute for targeting = \"attribute\".", default=None),
)

CASCADE = Table(
    "cascade",
    "A defection (or resignation) cascade study: threshold dynamics on a network "
    "(Granovetter 1978; Watts 2002) under interventions, run by compellence.cascades.",
    (
        _KIND,
        _TITLE,
        _DESCRIPTION,
        Key("seed", "int", "Random seed (network, threshold draws, random targets).",
            default=0, lo=0),
        Key("runs", "int", "Independent runs per intervention package (thresholds and random "
            "targets drawn afresh each run).", default=20, lo=1, hi=10000),
        Table(
            "network",
            "Who watches whom. Random graphs (erdos_renyi, watts_strogatz, barabasi_albert, "
            "complete, ring) or the builders of compellence.cascades.networks: a "
            "military_hierarchy of nested units, a diplomatic_corps with seniority, a "
            "diaspora (small world).",
            (
                Key("builder", "choice", "The network model.",
                    choices=("erdos_renyi", "watts_strogatz", "barabasi_albert", "complete",
                             "ring", "military_hierarchy", "diplomatic_corps", "diaspora")),
                Key("n", "int", "Number of nodes (people); not for military_hierarchy and "
                    "diplomatic_corps, whose size follows from their structure.", default=None,
                    lo=2, hi=5_000_000),
                _k("mean_degree", "Mean number of neighbours (erdos_renyi, watts_strogatz, "
                   "barabasi_albert, ring, diaspora).", None, lo=0),
                _k("rewiring", "Rewiring probability (watts_strogatz, diaspora).", 0.1, 0, 1),
                Key("echelons", "float_list", "military_hierarchy: unit sizes from the bottom "
                    "up (squad of 9, platoon of 3 squads, ...), up to 8 levels.",
                    default=None, lo=1, min_items=1),
                Key("departments", "int", "diplomatic_corps: regional departments.", default=8,
                    lo=1),
                Key("embassies", "int", "diplomatic_corps: embassies.", default=40, lo=0),
            ),
            required=True,
            example='[network]\nbuilder = "erdos_renyi"\nn = 2000\nmean_degree = 4',
        ),
        Table(
            "thresholds",
            "Each person defects once enough of their neighbours have: a share of them "
            "(rule = \"fraction\", Watts 2002) or a number (rule = \"count\", Granovetter "
            "1978; Centola & Macy 2007).",
            (
                Key("rule", "choice", "Fractional or absolute thresholds.", default="fraction",
                    choices=("fraction", "count")),
                Key("distribution", "choice", "How thresholds are drawn (per person, per run).",
                    choices=("constant", "uniform", "normal", "beta")),
                _k("value", "The common threshold (constant).", None, lo=0),
                _k("low", "Lower end (uniform).", None, lo=0),
                _k("high", "Upper end (uniform).", None, lo=0),
                _k("mean", "Mean (normal, beta).", None, lo=0),
                _k("sd", "Standard deviation (normal, beta).", None, lo=0, lo_open=True),
            ),
            required=True,
            example='[thresholds]\ndistribution = "normal"\nmean = 0.25\nsd = 0.1',
        ),
        TableArray(
            "interventions",
            "What is done to start or stop the cascade (compellence.cascades.interventions). "
            "Each runs on its own, and all together, beside a baseline with none. `kind` "
            "selects the further keys.",
            (
                Key("name", "str", "Display name."),
                Key("kind", "choice", "seed: the targeted people defect first; broadcast: an "
                    "information campaign; incentive: a payment to defectors; repression: the "
                    "regime's counter-move.",
                    choices=("seed", "broadcast", "incentive", "repression")),
            ),
            min_items=1,
            unique_key="name",
            discriminator="kind",
            variants=(
                ("seed", _TARGET_KEYS + (
                    _k("unit_cost", "Cost per seed.", 1.0, lo=0, sweep=False),)),
                ("broadcast", _TARGET_KEYS + (
                    _k("exposure", "Outside information that counts as this share of one's "
                       "neighbours having defected (a number of them for rule = \"count\").",
                       0.0, lo=0),
                    _k("threshold_shift", "Threshold units removed for those reached.", 0.0,
                       lo=0),
                    _k("unit_cost", "Cost per person reached.", 1.0, lo=0, sweep=False),
                )),
                ("incentive", _TARGET_KEYS + (
                    _k("amount", "Money offered per person reached.", lo=0, required=True),
                    _k("conversion", "Threshold units per unit of money (a modelling "
                       "assumption).", lo=0, required=True),
                )),
                ("repression", (
                    _k("threshold_increase", "Threshold units added for everyone.", 0.0, lo=0),
                    _k("probability", "Probability that a defector is caught at the moment "
                       "of defecting.", 0.0, 0, 1),
                )),
            ),
            example=(
                '[[interventions]]\nname = "defecting generals"\nkind = "seed"\n'
                'count = 5\ntargeting = "attribute"\nattribute = "seniority"'
            ),
        ),
    ),
)

GAME = Table(
    "game",
    "A game tree written out node by node (for teaching; Gambit .efg files work too).",
    (
        _KIND,
        _TITLE,
        _DESCRIPTION,
        Key("players", "str_list", "Player names, in payoff order.", min_items=1),
        TableArray(
            "nodes",
            "Decision and chance nodes. `at` is the path of actions from the root "
            "(\"\" for the root, \"demand/resist\" below it).",
            (
                Key("at", "str", "Path of the node (\"\" is the root; actions joined by /)."),
                Key("player", "str", "Who moves (a player name or \"chance\")."),
                Key("actions", "str_list", "Action labels, in order.", min_items=1),
                Key("probabilities", "float_list", "Chance probabilities (player = \"chance\").",
                    default=None, lo=0, hi=1),
                Key("infoset", "str", "Information-set label shared by nodes the player "
                    "cannot tell apart.", default=None),
            ),
            min_items=1,
            unique_key="at",
        ),
        TableArray(
            "outcomes",
            "Terminal nodes: every leaf of the tree needs one.",
            (
                Key("at", "str", "Path of the terminal node."),
                Key("payoffs", "float_list", "One payoff per player, in `players` order.",
                    min_items=1),
            ),
            min_items=1,
            unique_key="at",
        ),
    ),
)

DYNAMICS = make_dynamics_schema(_KIND, _TITLE, _DESCRIPTION)
INCOMPLETE_INFORMATION = make_incomplete_information_schema(_KIND, _TITLE, _DESCRIPTION)
FIGHTING = make_fighting_schema(_KIND, _TITLE, _DESCRIPTION)

SCHEMAS = {"campaign": CAMPAIGN, "cascade": CASCADE, "game": GAME, "dynamics": DYNAMICS,
           "incomplete_information": INCOMPLETE_INFORMATION, "fighting": FIGHTING}


def reference_markdown() -> str:
    """The key reference of every scenario kind, as Markdown (the core of docs/scenarios.md).

    Returns
    -------
    str
        One section per kind and table, keys as table rows (type, default,
        range, meaning).

    Examples
    --------
    >>> from compellence.scenario import reference_markdown
    >>> text = reference_markdown()
    >>> '## `kind = "campaign"`' in text, "reversibility" in text
    (True, True)
    """
    parts = []
    for kind, schema in SCHEMAS.items():
        parts.append(f"## `kind = \"{kind}\"`\n\n{schema.doc}\n")
        parts.append(render_markdown(schema, level=3))
    return "\n".join(parts)


if __name__ == "__main__":  # pragma: no cover
    print(reference_markdown())
