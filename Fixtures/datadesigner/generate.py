#!/usr/bin/env python3
"""Dev-time generator of the Data Designer fixtures (tests never run Python).

Run with the real package (data-designer 0.9.7; `pip install data-designer==0.9.7 typer==0.28.0`):

    $DD_PYTHON Fixtures/datadesigner/generate.py            # everything
    $DD_PYTHON Fixtures/datadesigner/generate.py NAME ...   # some configs only
    $DD_PYTHON Fixtures/datadesigner/generate.py --cases    # oracle case files only

For every config function below (one function per config, registered with @config):

  configs/<name>.yaml|json     the config, built with DataDesignerConfigBuilder and saved with the
                               real serializer (builder.write_config, or DataDesignerConfig.to_yaml /
                               to_json for the shorthand form)
  configs/<name>.run.yaml      the RunConfig overlay the config was run with (when there is one)
  expected/<name>/records.jsonl     every record of the real tool's run, in order (batch files
                                    concatenated), one JSON object per line (NaN/None -> null)
  expected/<name>/dropped.jsonl     the dropped-columns batch files, when the run wrote any
  expected/<name>/run.json          num_records, buffer_size, run config, per-batch row counts and the
                                    batch files' Parquet schema (name, physical type, logical type,
                                    repetition), the real tool's config_hash and metadata keys
  expected/<name>/processor_<p>.jsonl  the records of schema_transform processor p (processors-files/p/),
                                    with their batch row counts and schema in run.json
  expected/<name>/builder_config.json, metadata.json   as the real tool wrote them

and the oracle case files (cases/*.json): templates rendered by the real template engines, dtype
casts, strftime patterns, datetime flooring, numpy rounding, skip.when evaluation and config
documents the real loader accepts or refuses.

Outputs are deterministic only where the real tool is (configs, cases, formats); sampled values
depend on numpy's global random state, so tests compare distributions, formats and invariants,
never sampled values. Another helper's samplers (scipy, bernoulli_mixture, person_from_faker,
seed_config) add their configs here with the same @config decorator.
"""
from __future__ import annotations

import contextlib
import datetime as dt
import io
import json
import logging
import math
import os
import shutil
import sys
import tempfile
import warnings

warnings.filterwarnings("ignore")
logging.disable(logging.CRITICAL)

import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import pyarrow.parquet as pq  # noqa: E402

import data_designer.config as dd  # noqa: E402
from data_designer.config.base import SkipConfig  # noqa: E402
from data_designer.config.config_builder import DataDesignerConfigBuilder  # noqa: E402
from data_designer.config.processors import DropColumnsProcessorConfig, SchemaTransformProcessorConfig  # noqa: E402
from data_designer.config.run_config import RunConfig  # noqa: E402
from data_designer.config.sampler_constraints import (  # noqa: E402
    ColumnInequalityConstraint,
    ScalarInequalityConstraint,
)
from data_designer.interface import DataDesigner  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
CONFIGS = os.path.join(HERE, "configs")
EXPECTED = os.path.join(HERE, "expected")
CASES = os.path.join(HERE, "cases")

S = dd.SamplerColumnConfig
E = dd.ExpressionColumnConfig

REGISTRY: dict = {}


def config(name: str, *, fmt: str = "yaml", num_records: int = 400, buffer_size: int = 100,
           run_config: dict | None = None, shorthand: bool = False, docs: str | None = None):
    """Registers a config function returning a DataDesignerConfigBuilder (`docs`: also copy the
    written config to that path under the repository root, e.g. docs/examples/)."""

    def wrap(fn):
        REGISTRY[name] = dict(fn=fn, fmt=fmt, num_records=num_records, buffer_size=buffer_size,
                              run_config=run_config or {}, shorthand=shorthand, docs=docs)
        return fn

    return wrap


def builder(with_models: bool = False) -> DataDesignerConfigBuilder:
    """A builder; with_models keeps the real default model_configs (serialized as-is)."""
    return DataDesignerConfigBuilder() if with_models else DataDesignerConfigBuilder(model_configs=[])


# --------------------------------------------------------------------------------------
# Configs (one function each)
# --------------------------------------------------------------------------------------


@config("samplers_basic", fmt="yaml", num_records=2000, buffer_size=500)
def samplers_basic():
    b = builder(with_models=True)
    b.add_column(S(name="id", sampler_type="uuid", params=dd.UUIDSamplerParams()))
    b.add_column(S(name="code", sampler_type="uuid", params=dd.UUIDSamplerParams(prefix="C-", short_form=True, uppercase=True)))
    b.add_column(S(name="region", sampler_type="category",
                   params=dd.CategorySamplerParams(values=["north", "south", "east", "west"], weights=[4, 3, 2, 1])))
    b.add_column(S(name="city", sampler_type="subcategory",
                   params=dd.SubcategorySamplerParams(category="region", values={
                       "north": ["Oslo", "Bergen"], "south": ["Madrid"], "east": ["Warsaw", "Riga", "Vilnius"],
                       "west": ["Lisbon"]})))
    b.add_column(S(name="level", sampler_type="category", params=dd.CategorySamplerParams(values=[1, 2, 3])))
    b.add_column(S(name="mixed", sampler_type="category", params=dd.CategorySamplerParams(values=[1, 2.5, "x"])))
    b.add_column(S(name="score", sampler_type="uniform", params=dd.UniformSamplerParams(low=10, high=20, decimal_places=2)))
    b.add_column(S(name="height", sampler_type="gaussian", params=dd.GaussianSamplerParams(mean=170, stddev=10)))
    b.add_column(S(name="age", sampler_type="gaussian", params=dd.GaussianSamplerParams(mean=40, stddev=12), convert_to="int"))
    b.add_column(S(name="flag", sampler_type="bernoulli", params=dd.BernoulliSamplerParams(p=0.3)))
    b.add_column(S(name="trials", sampler_type="binomial", params=dd.BinomialSamplerParams(n=20, p=0.25)))
    b.add_column(S(name="visits", sampler_type="poisson", params=dd.PoissonSamplerParams(mean=3.5)))
    b.add_column(S(name="big_visits", sampler_type="poisson", params=dd.PoissonSamplerParams(mean=250)))
    return b


@config("datetimes", fmt="json", num_records=1200, buffer_size=300)
def datetimes():
    b = builder()
    b.add_column(S(name="d_year", sampler_type="datetime", params=dd.DatetimeSamplerParams(start="2020-03-15", end="2024-02-01", unit="Y")))
    b.add_column(S(name="d_month", sampler_type="datetime", params=dd.DatetimeSamplerParams(start="2021-01-20T10:00:00", end="2021-07-01", unit="M")))
    b.add_column(S(name="d_day", sampler_type="datetime", params=dd.DatetimeSamplerParams(start="2022-02-26 08:30", end="2022-03-03", unit="D")))
    b.add_column(S(name="d_hour", sampler_type="datetime", params=dd.DatetimeSamplerParams(start="2023-05-01", end="2023-05-01T06:00:00", unit="h")))
    b.add_column(S(name="d_minute", sampler_type="datetime", params=dd.DatetimeSamplerParams(start="2023-05-01T23:58:00", end="2023-05-02T00:03:00", unit="m")))
    b.add_column(S(name="d_second", sampler_type="datetime", params=dd.DatetimeSamplerParams(start="1969-12-31T23:59:55", end="1970-01-01T00:00:05", unit="s")))
    b.add_column(S(name="d_fmt", sampler_type="datetime", params=dd.DatetimeSamplerParams(start="2020-01-01", end="2021-01-01"), convert_to="%b %d %Y"))
    b.add_column(S(name="td_day", sampler_type="timedelta", params=dd.TimeDeltaSamplerParams(dt_min=0, dt_max=3, reference_column_name="d_month", unit="D")))
    b.add_column(S(name="td_hour", sampler_type="timedelta", params=dd.TimeDeltaSamplerParams(dt_min=1, dt_max=4, reference_column_name="d_year", unit="h")))
    b.add_column(S(name="td_minute", sampler_type="timedelta", params=dd.TimeDeltaSamplerParams(dt_min=10, dt_max=20, reference_column_name="d_day", unit="m"), convert_to="%Y/%m/%d %H:%M"))
    b.add_column(S(name="td_second", sampler_type="timedelta", params=dd.TimeDeltaSamplerParams(dt_min=5, dt_max=7, reference_column_name="d_fmt", unit="s")))
    b.add_column(E(name="e_dates", expr="{{ d_year }}|{{ td_minute }}|{{ d_fmt }}"))
    return b


@config("expressions", fmt="yaml", num_records=300, buffer_size=100)
def expressions():
    b = builder()
    b.add_column(S(name="x", sampler_type="uniform", params=dd.UniformSamplerParams(low=-5, high=5)))
    b.add_column(S(name="n", sampler_type="poisson", params=dd.PoissonSamplerParams(mean=4)))
    b.add_column(S(name="name", sampler_type="category", params=dd.CategorySamplerParams(values=["ada lovelace", "alan TURING", "grace-hopper"])))
    b.add_column(S(name="blob", sampler_type="category", params=dd.CategorySamplerParams(values=['{"a": {"b": [1, 2, 3]}, "k": "v"}', "[10, 20, 30]", "42", "true", "null", "plain text"])))
    b.add_column(E(name="arith", expr="{{ n * 2 + 1 }}|{{ n / 4 }}|{{ n // 3 }}|{{ n % 3 }}|{{ n ** 2 }}|{{ -n }}", dtype="str"))
    b.add_column(E(name="cmp", expr="{{ x > 0 }} {{ n == 4 }} {{ 1 < n <= 5 }} {{ x > 0 and n > 2 }} {{ not n }} {{ n in [1, 2, 3] }}"))
    b.add_column(E(name="filters", expr="{{ name | upper }}|{{ name | title }}|{{ name | capitalize }}|{{ name | replace('a', '@') }}|{{ name | length }}|{{ name | first }}|{{ name | last }}|{{ x | round(2) }}|{{ x | int }}|{{ n | float }}|{{ n | string }}|{{ '  pad  ' | trim }}"))
    b.add_column(E(name="access", expr="{{ blob.a.b[1] if blob is mapping else blob[0] if blob is sequence and blob is not string else blob }}"))
    b.add_column(E(name="slices", expr="{{ name[:3] }}|{{ name[-3:] }}|{{ name[::2] }}|{{ [n, n + 1, n + 2][1:] }}"))
    b.add_column(E(name="concat", expr="{{ name ~ '#' ~ n }}|{{ 'a' + 'b' }}|{{ name.split(' ')[0] }}|{{ x > 0 }}"))
    b.add_column(E(name="doubled", expr="{{ n * 2 }}", dtype="int"))
    b.add_column(E(name="ratio", expr="{{ x / 2 }}", dtype="float"))
    b.add_column(E(name="positive", expr="{{ x > 0 }}", dtype="bool"))
    b.add_column(E(name="typed", expr="{{ blob is string }}-{{ blob is number }}-{{ blob is none }}"))
    return b


@config("statements", fmt="json", num_records=300, buffer_size=100)
def statements():
    b = builder()
    b.add_column(S(name="n", sampler_type="binomial", params=dd.BinomialSamplerParams(n=6, p=0.5)))
    b.add_column(S(name="tier", sampler_type="category", params=dd.CategorySamplerParams(values=["gold", "silver", "bronze"])))
    b.add_column(E(name="branch", expr="{% if n > 4 %}high{% elif n > 2 %}mid{% else %}low{% endif %}"))
    b.add_column(E(name="loop", expr="{% for i in range(n) %}{{ loop.index }}{% if not loop.last %},{% endif %}{% else %}none{% endfor %}"))
    b.add_column(E(name="comment", expr="{# a comment #}{{ tier }}{#- trimmed -#}  !"))
    b.add_column(E(name="ws", expr="  {{- tier -}}  \n  {%- if n %} yes {%- endif %}"))
    b.add_column(E(name="listing", expr="{% for c in tier %}{{ c | upper }}{% endfor %}:{% for k in ['a', 'b'] if k != 'b' %}{{ k }}{% endfor %}"))
    b.add_column(E(name="multiline", expr="line1\n{{ tier }}\n"))
    return b


@config("native_engine", fmt="yaml", num_records=200, buffer_size=100, run_config={"jinja_rendering_engine": "native"})
def native_engine():
    b = builder()
    b.add_column(S(name="n", sampler_type="poisson", params=dd.PoissonSamplerParams(mean=2)))
    b.add_column(S(name="word", sampler_type="category", params=dd.CategorySamplerParams(values=["alpha", "beta"])))
    b.add_column(E(name="joined", expr="{{ [word, word | upper, n] | join('-') }}"))
    b.add_column(E(name="defaulted", expr="{{ word | default('x') }}/{{ '' | default('empty', true) }}"))
    b.add_column(E(name="with_set", expr="{% set double = n * 2 %}{% set label = word ~ '!' %}{{ label }}{{ double }}"))
    b.add_column(E(name="nested", expr="{% for i in range(2) %}{% for j in range(n) %}{{ i }}{{ j }} {% endfor %}{% endfor %}"))
    return b


@config("conditional", fmt="yaml", num_records=1500, buffer_size=500)
def conditional():
    b = builder()
    b.add_column(S(name="kind", sampler_type="category", params=dd.CategorySamplerParams(values=["cat", "dog", "fish"], weights=[1, 1, 2])))
    b.add_column(S(name="weight", sampler_type="uniform", params=dd.UniformSamplerParams(low=0, high=1),
                   conditional_params={"kind == 'cat'": dd.UniformSamplerParams(low=3, high=6),
                                       "kind == 'dog'": dd.UniformSamplerParams(low=10, high=40)}))
    b.add_column(S(name="sound", sampler_type="category", params=dd.CategorySamplerParams(values=["..."]),
                   conditional_params={"kind == 'cat'": dd.CategorySamplerParams(values=["meow", "purr"]),
                                       "kind == 'dog'": dd.CategorySamplerParams(values=["woof"])}))
    b.add_column(S(name="legs", sampler_type="poisson", params=dd.PoissonSamplerParams(mean=0.01),
                   conditional_params={"kind != 'fish'": dd.PoissonSamplerParams(mean=4)}))
    return b


@config("constraints", fmt="json", num_records=1000, buffer_size=250)
def constraints():
    b = builder()
    b.add_column(S(name="low", sampler_type="uniform", params=dd.UniformSamplerParams(low=0, high=50)))
    b.add_column(S(name="high", sampler_type="uniform", params=dd.UniformSamplerParams(low=0, high=100)))
    b.add_column(S(name="age", sampler_type="gaussian", params=dd.GaussianSamplerParams(mean=30, stddev=15), convert_to="int"))
    b.add_column(S(name="count", sampler_type="poisson", params=dd.PoissonSamplerParams(mean=5)))
    b.add_constraint(ColumnInequalityConstraint(target_column="high", rhs="low", operator="gt"))
    b.add_constraint(ScalarInequalityConstraint(target_column="age", rhs=18, operator="ge"))
    b.add_constraint(ScalarInequalityConstraint(target_column="age", rhs=65, operator="lt"))
    b.add_constraint(ScalarInequalityConstraint(target_column="count", rhs=2, operator="gt"))
    b.add_constraint(ScalarInequalityConstraint(target_column="count", rhs=8, operator="le"))
    return b


@config("drops", fmt="yaml", num_records=250, buffer_size=100)
def drops():
    b = builder()
    b.add_column(S(name="secret", sampler_type="uuid", params=dd.UUIDSamplerParams(short_form=True), drop=True))
    b.add_column(S(name="tmp_a", sampler_type="bernoulli", params=dd.BernoulliSamplerParams(p=0.5)))
    b.add_column(S(name="tmp_b", sampler_type="bernoulli", params=dd.BernoulliSamplerParams(p=0.5)))
    b.add_column(S(name="keep", sampler_type="category", params=dd.CategorySamplerParams(values=["k1", "k2"])))
    b.add_column(E(name="token", expr="{{ secret }}-{{ tmp_a }}{{ tmp_b }}"))
    b.add_column(E(name="scratch", expr="{{ keep }}!", drop=True))
    b.add_processor(DropColumnsProcessorConfig(name="drop_tmp", column_names=["tmp_*"]))
    return b


@config("skips", fmt="json", num_records=400, buffer_size=200)
def skips():
    b = builder()
    b.add_column(S(name="x", sampler_type="uniform", params=dd.UniformSamplerParams(low=0, high=10)))
    b.add_column(S(name="label", sampler_type="category", params=dd.CategorySamplerParams(values=["a", "b"])))
    b.add_column(E(name="big", expr="{{ x | int }}", dtype="int", skip=SkipConfig(when="{{ x < 5 }}")))
    b.add_column(E(name="chained", expr="{{ big }}-{{ label }}"))
    b.add_column(E(name="tolerant", expr="[{{ big }}]", propagate_skip=False))
    b.add_column(E(name="fallback", expr="{{ x }}", dtype="float", skip=SkipConfig(when="{{ label == 'a' }}", value=-1)))
    b.add_column(E(name="text_skip", expr="{{ label | upper }}", skip=SkipConfig(when="{{ label == 'b' }}", value="skipped")))
    return b


@config("dropped_rows", fmt="yaml", num_records=400, buffer_size=100)
def dropped_rows():
    b = builder()
    b.add_column(S(name="x", sampler_type="uniform", params=dd.UniformSamplerParams(low=0, high=10)))
    b.add_column(S(name="word", sampler_type="category", params=dd.CategorySamplerParams(values=["1.5", "abc", "7", " "])))
    b.add_column(E(name="maybe", expr="{% if x > 3 %}{{ x }}{% endif %}", dtype="float"))
    b.add_column(E(name="as_int", expr="{{ word }}", dtype="int"))
    b.add_column(E(name="after", expr="{{ maybe }}/{{ as_int }}"))
    return b


@config("convert_to", fmt="json", num_records=1000, buffer_size=500)
def convert_to():
    b = builder()
    b.add_column(S(name="halves", sampler_type="category", params=dd.CategorySamplerParams(values=[0.5, 1.5, 2.5, -0.5, 2.4999]), convert_to="int"))
    b.add_column(S(name="gauss_int", sampler_type="gaussian", params=dd.GaussianSamplerParams(mean=0, stddev=3), convert_to="int"))
    b.add_column(S(name="uni_int2", sampler_type="uniform", params=dd.UniformSamplerParams(low=0, high=10, decimal_places=1), convert_to="int"))
    b.add_column(S(name="pois_float", sampler_type="poisson", params=dd.PoissonSamplerParams(mean=3), convert_to="float"))
    b.add_column(S(name="uni_str", sampler_type="uniform", params=dd.UniformSamplerParams(low=0, high=1, decimal_places=3), convert_to="str"))
    b.add_column(S(name="bern_str", sampler_type="bernoulli", params=dd.BernoulliSamplerParams(p=0.5), convert_to="str"))
    b.add_column(S(name="cat_float", sampler_type="category", params=dd.CategorySamplerParams(values=[1, 2, 3]), convert_to="float"))
    b.add_column(E(name="seen", expr="{{ halves }}|{{ pois_float }}|{{ uni_str }}|{{ cat_float }}"))
    return b


@config("shorthand", fmt="yaml", num_records=100, buffer_size=100, shorthand=True)
def shorthand():
    b = builder()
    b.add_column(S(name="pick", sampler_type="category", params=dd.CategorySamplerParams(values=["x", "y"])))
    b.add_column(E(name="echo", expr="<{{ pick }}>"))
    return b


@config("expression_only", fmt="json", num_records=50, buffer_size=20)
def expression_only():
    b = builder()
    b.add_column(E(name="constant", expr="{{ 6 * 7 }}", dtype="int"))
    b.add_column(E(name="greeting", expr="hello {{ constant }}"))
    return b


@config("customers", fmt="yaml", num_records=1000, buffer_size=250, docs="docs/examples/customers.yaml")
def customers():
    b = builder(with_models=True)
    b.add_column(S(name="customer_id", sampler_type="uuid", params=dd.UUIDSamplerParams(prefix="CUST-", short_form=True, uppercase=True)))
    b.add_column(S(name="region", sampler_type="category", params=dd.CategorySamplerParams(values=["north", "south", "east", "west"], weights=[0.4, 0.3, 0.2, 0.1])))
    b.add_column(S(name="city", sampler_type="subcategory", params=dd.SubcategorySamplerParams(category="region", values={
        "north": ["Oslo", "Bergen"], "south": ["Madrid", "Seville"], "east": ["Warsaw"], "west": ["Lisbon", "Porto"]})))
    b.add_column(S(name="age", sampler_type="gaussian", params=dd.GaussianSamplerParams(mean=40, stddev=12, decimal_places=0), convert_to="int"))
    b.add_column(S(name="signup", sampler_type="datetime", params=dd.DatetimeSamplerParams(start="2021-01-01", end="2025-01-01", unit="D")))
    b.add_column(S(name="signup_label", sampler_type="datetime", params=dd.DatetimeSamplerParams(start="2021-01-01", end="2025-01-01", unit="M"), convert_to="%b %Y"))
    b.add_column(S(name="orders", sampler_type="poisson", params=dd.PoissonSamplerParams(mean=3.5)))
    b.add_column(S(name="segment", sampler_type="category", params=dd.CategorySamplerParams(values=["new", "regular", "vip"])))
    b.add_constraint(ScalarInequalityConstraint(target_column="age", rhs=18, operator="ge"))
    b.add_column(E(name="summary", expr="{{ customer_id }} from {{ city }}, {{ age }}{% if orders > 5 %} (frequent){% endif %}"))
    b.add_column(E(name="is_senior", expr="{{ age >= 65 }}", dtype="bool"))
    return b


@config("support_tickets", fmt="json", num_records=500, buffer_size=250, docs="docs/examples/support-tickets.json")
def support_tickets():
    b = builder(with_models=True)
    b.add_column(S(name="ticket_id", sampler_type="uuid", params=dd.UUIDSamplerParams(prefix="TCK-", short_form=True, uppercase=True)))
    b.add_column(S(name="product", sampler_type="category", params=dd.CategorySamplerParams(values=["web app", "mobile app", "billing", "api"], weights=[4, 3, 2, 1])))
    b.add_column(S(name="issue", sampler_type="subcategory", params=dd.SubcategorySamplerParams(category="product", values={
        "web app": ["login fails", "page is slow", "button does nothing"], "mobile app": ["crash on start", "push notifications missing"],
        "billing": ["double charge", "refund request", "invoice missing"], "api": ["rate limited", "timeout", "wrong status code"]})))
    b.add_column(S(name="priority", sampler_type="category", params=dd.CategorySamplerParams(values=[1, 2, 3, 4], weights=[1, 3, 4, 2])))
    b.add_column(S(name="escalated", sampler_type="bernoulli", params=dd.BernoulliSamplerParams(p=0.15)))
    b.add_column(S(name="replies", sampler_type="poisson", params=dd.PoissonSamplerParams(mean=2.5),
                   conditional_params={"priority >= 3": dd.PoissonSamplerParams(mean=5)}))
    b.add_column(S(name="satisfaction", sampler_type="uniform", params=dd.UniformSamplerParams(low=1, high=5, decimal_places=1)))
    b.add_column(S(name="opened_at", sampler_type="datetime", params=dd.DatetimeSamplerParams(start="2024-01-01", end="2025-01-01", unit="m")))
    b.add_column(S(name="resolved_at", sampler_type="timedelta", params=dd.TimeDeltaSamplerParams(dt_min=1, dt_max=96, reference_column_name="opened_at", unit="h")))
    b.add_column(S(name="opened_day", sampler_type="datetime", params=dd.DatetimeSamplerParams(start="2024-01-01", end="2025-01-01", unit="D"), convert_to="%A %d %B"))
    b.add_column(E(name="subject", expr="[{{ product | upper }}] {{ issue | capitalize }} (P{{ priority }})"))
    b.add_column(E(name="needs_callback", expr="{{ escalated == 1 or priority == 4 }}", dtype="bool"))
    b.add_column(E(name="summary", expr="{% if replies > 4 %}long thread{% elif replies == 0 %}no reply yet{% else %}{{ replies }} replies{% endif %}",
                   skip=SkipConfig(when="{{ escalated == 1 }}", value="escalated")))
    b.add_column(E(name="internal_note", expr="{{ ticket_id }}:{{ satisfaction }}", drop=True))
    return b


@config("schema_transform", fmt="yaml", num_records=300, buffer_size=120)
def schema_transform():
    """Two schema_transform processors around a drop_columns processor: the first reads
    every column (a dropped one too), the second only those left after the drop."""
    b = builder()
    b.add_column(S(name="q", sampler_type="category", params=dd.CategorySamplerParams(
        values=['say "hi"', "back\\slash", "\u00e9t\u00e9 \u00fcn\u00ef \U0001F600", '{"k": [1, 2], "s": "v"}', "42", "true", "line\nbreak\ttab"])))
    b.add_column(S(name="n", sampler_type="poisson", params=dd.PoissonSamplerParams(mean=3)))
    b.add_column(S(name="x", sampler_type="uniform", params=dd.UniformSamplerParams(low=-1, high=1)))
    b.add_column(S(name="day", sampler_type="datetime", params=dd.DatetimeSamplerParams(start="2024-01-01", end="2024-03-01", unit="D")))
    b.add_column(E(name="flag", expr="{{ n > 2 }}", dtype="bool"))
    b.add_column(E(name="hidden", expr="{{ n * 10 }}", dtype="int", drop=True))
    # x is dropped by drop_x below, and the real tool keeps only the last drop processor's
    # columns apart: x_copy keeps its exact value for the tests.
    b.add_column(E(name="x_copy", expr="{{ x }}", dtype="float"))
    b.add_processor(SchemaTransformProcessorConfig(name="chat", template={
        "messages": [{"role": "user", "content": "{{ q }}"},
                     {"role": "assistant", "content": "n={{ n }} flag={{ flag }} hidden={{ hidden }} x={{ x | round(3) }} none={{ q.missing }}"}],
        "tags": ["{{ q | upper }}", "{{ n }}", "{{ [n, q] }}", "{{ day }}"],
        "const": 5, "ratio": 0.25, "yes": True, "nothing": None, "empty": [],
        "nested": {"a": "{{ q }}", "b": {"c": "{% if q is mapping %}{{ q.k[1] }}{% else %}plain{% endif %}"}},
        "mixed": [{"a": "{{ n }}"}, {"b": "{{ x > 0 }}"}],
        "numbers": [1, 2.5, None],
    }))
    b.add_processor(DropColumnsProcessorConfig(name="drop_x", column_names=["x"]))
    b.add_processor(SchemaTransformProcessorConfig(name="flat", template={
        "label": "{% if n > 3 %}many{% elif n > 0 %}some{% else %}none{% endif %}",
        "q_len": "{{ q | string | length }}", "text": "{{ q }}|{{ n }}|{{ flag }}",
    }))
    return b


# The scipy, bernoulli_mixture, person_from_faker and seed_config configs (samplers.py).
import samplers  # noqa: E402

samplers.register(config, builder)

# --------------------------------------------------------------------------------------
# Running the real tool
# --------------------------------------------------------------------------------------


def to_jsonable(v):
    if v is None:
        return None
    if isinstance(v, dict):
        return {k: to_jsonable(x) for k, x in v.items()}
    if isinstance(v, (list, tuple)):
        return [to_jsonable(x) for x in v]
    if isinstance(v, dt.datetime):  # seed timestamps, in the project's JSONL form
        utc = v.tzinfo is not None
        if utc:
            v = v.astimezone(dt.timezone.utc).replace(tzinfo=None)
        return v.strftime("%Y-%m-%dT%H:%M:%S") + f".{v.microsecond:06d}" + ("Z" if utc else "")
    if isinstance(v, dt.date):
        return v.isoformat()
    if isinstance(v, float) and (math.isnan(v) or math.isinf(v)):
        return None
    if isinstance(v, (np.integer,)):
        return int(v)
    if isinstance(v, (np.floating,)):
        return None if math.isnan(v) else float(v)
    if isinstance(v, (np.bool_,)):
        return bool(v)
    return v


def table_records(folder: str) -> tuple[list, list, list]:
    """Records of every batch file in `folder` (in order), row counts and schemas per file."""
    records, counts, schemas = [], [], []
    for name in sorted(os.listdir(folder)):
        if not name.endswith(".parquet"):
            continue
        pf = pq.ParquetFile(os.path.join(folder, name))
        schema = []
        for i in range(len(pf.schema)):
            col = pf.schema.column(i)
            schema.append(dict(name=col.name, path=col.path, physical=col.physical_type, logical=str(col.logical_type),
                               repetition="OPTIONAL" if col.max_definition_level > 0 else "REQUIRED",
                               max_definition_level=col.max_definition_level))
        schemas.append(schema)
        rows = pf.read().to_pylist()
        counts.append(len(rows))
        records.extend({k: to_jsonable(v) for k, v in r.items()} for r in rows)
    return records, counts, schemas


def write_jsonl(path: str, rows: list) -> None:
    with open(path, "w") as f:
        for r in rows:
            f.write(json.dumps(r, ensure_ascii=False, sort_keys=False) + "\n")


def run_config_file(name: str, spec: dict) -> str | None:
    if not spec["run_config"]:
        return None
    path = os.path.join(CONFIGS, f"{name}.run.yaml")
    import yaml

    with open(path, "w") as f:
        yaml.safe_dump(spec["run_config"], f, sort_keys=True)
    return path


def generate_config(name: str) -> None:
    spec = REGISTRY[name]
    cwd = os.getcwd()
    os.chdir(CONFIGS)  # the real tool reads relative seed paths from the working directory
    try:
        generate_config_in_configs(name, spec)
    finally:
        os.chdir(cwd)


def generate_config_in_configs(name: str, spec: dict) -> None:
    b = spec["fn"]()
    path = os.path.join(CONFIGS, f"{name}.{spec['fmt']}")
    if spec["shorthand"]:
        cfg = b.build()
        (cfg.to_yaml if spec["fmt"] == "yaml" else cfg.to_json)(path)
    else:
        b.write_config(path)
    run_config_file(name, spec)
    if spec["docs"]:
        shutil.copy(path, os.path.join(ROOT, spec["docs"]))
    loaded = DataDesignerConfigBuilder.from_config(path)  # what a user of the real CLI gets
    out = os.path.join(EXPECTED, name)
    shutil.rmtree(out, ignore_errors=True)
    os.makedirs(out)
    with tempfile.TemporaryDirectory() as tmp:
        designer = DataDesigner(artifact_path=tmp)
        designer.set_run_config(RunConfig(buffer_size=spec["buffer_size"], **spec["run_config"]))
        with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
            designer.create(loaded, num_records=spec["num_records"], dataset_name="dataset")
        base = os.path.join(tmp, "dataset")
        records, counts, schemas = table_records(os.path.join(base, "parquet-files"))
        write_jsonl(os.path.join(out, "records.jsonl"), records)
        dropped_dir = os.path.join(base, "dropped-columns-parquet-files")
        dropped_counts = []
        if os.path.isdir(dropped_dir):
            dropped, dropped_counts, _ = table_records(dropped_dir)
            write_jsonl(os.path.join(out, "dropped.jsonl"), dropped)
        processor_counts, processor_schemas = {}, {}
        processors_dir = os.path.join(base, "processors-files")
        if os.path.isdir(processors_dir):
            for pname in sorted(os.listdir(processors_dir)):
                precords, processor_counts[pname], pschemas = table_records(os.path.join(processors_dir, pname))
                processor_schemas[pname] = pschemas[0]
                write_jsonl(os.path.join(out, f"processor_{pname}.jsonl"), precords)
        with open(os.path.join(base, "metadata.json")) as f:
            metadata = json.load(f)
        shutil.copy(os.path.join(base, "metadata.json"), os.path.join(out, "metadata.json"))
        shutil.copy(os.path.join(base, "builder_config.json"), os.path.join(out, "builder_config.json"))
        run = dict(config=os.path.basename(path), num_records=spec["num_records"], buffer_size=spec["buffer_size"],
                   run_config=spec["run_config"], batch_rows=counts, dropped_batch_rows=dropped_counts,
                   schemas=schemas, config_hash=metadata["config_hash"], metadata_keys=sorted(metadata),
                   **(dict(processor_batch_rows=processor_counts, processor_schemas=processor_schemas,
                           file_paths=metadata["file_paths"]) if processor_counts else {}),
                   folders=sorted(os.listdir(base)))
        with open(os.path.join(out, "run.json"), "w") as f:
            json.dump(run, f, indent=2, sort_keys=True)
            f.write("\n")
    print(f"{name}: {sum(counts)} records in {len(counts)} batch file(s)")


# --------------------------------------------------------------------------------------
# Oracle cases
# --------------------------------------------------------------------------------------

TEMPLATE_RECORD = {
    "i": 7, "neg": -3, "zero": 0, "f": 2.5, "g": 0.1, "big": 1e16, "tiny": 1e-05, "t": True, "fl": False,
    "s": "Hello World", "e": "", "sp": "  padded  ", "u": "\u00e9t\u00e9 stra\u00dfe", "q": "it's \"q\"",
    "num_s": "12", "float_s": "3.75", "json_obj": '{"a": {"b": [1, 2, {"c": "deep"}]}, "n": null, "items": 5}',
    "json_list": "[3, 1, 2]", "none_s": "null", "bool_s": "true", "nan_s": "NaN", "date": "2024-02-29T13:05:09",
    "words": "the quick brown fox", "csv": "a,b,,c", "n": None,
}

TEMPLATES = [
    "{{ i }}", "{{ f }}", "{{ g }}", "{{ big }}", "{{ tiny }}", "{{ t }}", "{{ fl }}", "{{ n }}", "{{ s }}",
    "{{ num_s }}", "{{ num_s + 1 }}", "{{ float_s * 2 }}", "{{ json_obj }}", "{{ json_obj.a.b }}", "{{ json_obj.a.b[2].c }}",
    "{{ json_obj['a']['b'][-1] }}", "{{ json_obj.n }}", "{{ json_obj.items }}", "{{ json_obj.missing }}",
    "{{ json_obj.missing.deeper }}", "{{ json_list }}", "{{ json_list | sort }}", "{{ json_list | max }}",
    "{{ json_list | min }}", "{{ json_list | length }}", "{{ json_list | first }}", "{{ json_list | last }}",
    "{{ json_list | reverse | list }}", "{{ json_list | unique | list }}", "{{ none_s }}", "{{ bool_s }}", "{{ nan_s }}",
    "{{ i + f }}", "{{ i - 10 }}", "{{ i * f }}", "{{ i / 2 }}", "{{ i / 7 }}", "{{ i // 2 }}", "{{ neg // 2 }}",
    "{{ neg % 5 }}", "{{ f % 1 }}", "{{ -f // 1 }}", "{{ i ** 2 }}", "{{ 2 ** -1 }}", "{{ f ** 2 }}", "{{ i / zero }}",
    "{{ i % zero }}", "{{ 10 / 4 }}", "{{ 1 / 3 }}", "{{ 0.1 + 0.2 }}", "{{ 1e300 * 1e10 }}", "{{ 3.0 }}",
    "{{ 100000000000000000.0 }}", "{{ 123456789.123 }}", "{{ -0.0 }}", "{{ s ~ i ~ f ~ t ~ n }}", "{{ s + '!' }}",
    "{{ s + i }}", "{{ s * 2 }}", "{{ [1, 2] + [3] }}", "{{ (1, 2) }}", "{{ (1,) }}", "{{ {'a': 1, 'b': [t, n]} }}",
    "{{ ['x', \"y'z\", 1.5, none] }}", "{{ i > 5 }}", "{{ i == 7.0 }}", "{{ i != 7 }}", "{{ 1 < i < 10 }}",
    "{{ s < 'Z' }}", "{{ s < 1 }}", "{{ t == 1 }}", "{{ 'o' in s }}", "{{ 3 in json_list }}", "{{ 'a' in json_obj }}",
    "{{ 'x' not in s }}", "{{ i and s }}", "{{ zero or 'fallback' }}", "{{ not e }}", "{{ e or n }}",
    "{{ s if i > 5 else 'small' }}", "{{ s if i > 50 }}", "{{ s | upper }}", "{{ s | lower }}", "{{ words | title }}",
    "{{ 'hello-world (again) [x]' | title }}", "{{ u | upper }}", "{{ u | title }}", "{{ u | capitalize }}",
    "{{ 'aBC dEF' | capitalize }}", "{{ sp | trim }}", "{{ '--x--' | trim('-') }}", "{{ s | replace('o', '0') }}",
    "{{ s | replace('o', '0', 1) }}", "{{ s | length }}", "{{ u | length }}", "{{ s | first }}", "{{ s | last }}",
    "{{ f | round }}", "{{ 2.675 | round(2) }}", "{{ 0.125 | round(2) }}", "{{ 3.5 | round }}", "{{ 4.5 | round }}",
    "{{ -2.5 | round }}", "{{ 1234.5 | round(-2) }}", "{{ 2.7 | round(0, 'floor') }}", "{{ 2.1 | round(0, 'ceil') }}",
    "{{ i | round }}", "{{ '3.7' | int }}", "{{ 'abc' | int }}", "{{ 'abc' | int(5) }}", "{{ ' 42 ' | int }}",
    "{{ '0x1A' | int(0, 16) }}", "{{ f | int }}", "{{ -f | int }}", "{{ t | int }}", "{{ n | int }}", "{{ '1e3' | int }}",
    "{{ '2.5' | float }}", "{{ 'x' | float }}", "{{ i | float }}", "{{ ' inf ' | float }}", "{{ '1_000' | float }}",
    "{{ i | string }}", "{{ n | string }}", "{{ t | string }}", "{{ f | abs }}", "{{ neg | abs }}",
    "{{ words | truncate(9) }}", "{{ words | truncate(9, true) }}", "{{ words | truncate(10, false, '>', 0) }}",
    "{{ s | escape }}", "{{ '<a href=\"x\">&</a>' | escape }}", "{{ 'a b/c?d=é' | urlencode }}",
    "{{ json_obj | items | list }}", "{{ json_obj.a | list }}", "{{ s | list }}", "{{ [3, 1, 2] | sort(reverse=true) }}",
    "{{ ['b', 'A', 'c'] | sort }}", "{{ ['b', 'A', 'c'] | sort(case_sensitive=true) }}", "{{ ['a', 'A', 'b'] | unique | list }}",
    "{{ [1, 'a'] | sort }}", "{{ s[0] }}", "{{ s[-1] }}", "{{ s[1:4] }}", "{{ s[::-1] }}", "{{ s[100] }}", "{{ json_list[5] }}",
    "{{ s.upper() }}", "{{ s.lower() }}", "{{ s.split() }}", "{{ csv.split(',') }}", "{{ csv.split(',', 1) }}",
    "{{ s.replace('l', 'L') }}", "{{ s.startswith('He') }}", "{{ s.endswith(('x', 'ld')) }}", "{{ sp.strip() }}",
    "{{ '-'.join(['a', 'b']) }}", "{{ s.find('World') }}", "{{ s.count('l') }}", "{{ '5'.zfill(3) }}",
    "{{ num_s is string }}", "{{ s.upper }}", "{{ json_obj.get('items') }}", "{{ json_obj.get('nope', 'dflt') }}",
    "{{ json_obj.keys() | list }}", "{{ s.title() }}", "{{ \"they're bill's\".title() }}", "{{ date[:10] }}",
    "{{ i is odd }}", "{{ i is even }}", "{{ i is divisibleby 7 }}", "{{ i is divisibleby(3) }}", "{{ i is number }}",
    "{{ t is number }}", "{{ i is integer }}", "{{ f is float }}", "{{ n is none }}", "{{ s is lower }}",
    "{{ 'abc' is lower }}", "{{ s is defined }}", "{{ json_obj.zz is undefined }}", "{{ json_obj is mapping }}",
    "{{ json_list is sequence }}", "{{ i is sameas 7 }}", "{{ t is true }}", "{{ i is eq 7 }}", "{{ i is gt 3 }}",
    "{% if i > 5 %}big{% elif i > 2 %}mid{% else %}small{% endif %}", "{% if e %}x{% endif %}",
    "{% for c in json_list %}{{ loop.index }}:{{ c }}{{ ',' if not loop.last }}{% endfor %}",
    "{% for k, v in json_obj.items() %}{{ k }}={{ v }};{% endfor %}", "{% for x in [] %}a{% else %}empty{% endfor %}",
    "{% for x in range(3) %}{{ x }}{% endfor %}", "{% for x in range(1, 10, 3) %}{{ x }}{% endfor %}",
    "{% for x in range(200000) %}{{ x }}{% endfor %}", "{% for x in json_list if x > 1 %}{{ x }}{{ loop.length }}{% endfor %}",
    "{% for c in s %}{{ loop.revindex }}{% endfor %}", "{{ loop }}",
    "a {# comment #} b", "a {#- c -#} b", "  {{- s -}}  ", "x\n{%- if t %}\n  y\n{%- endif %}\nz", "{% raw %}{{ s }}{% endraw %}",
    "trailing newline\n", "two\n\n", "crlf\r\nline", "{{ i }}{{ i }}{{ i }}", "{{ 'a' 'b' }}", "{{ 1_000 + 1 }}",
    "{{ 'esc\\n\\t\\u00e9' }}", "{{ e }}", "   ", "{{ n if n else '' }}", "{{ s | default('d') }}", "{{ [1, 2] | join('-') }}",
    "{% set a = 1 %}{{ a }}", "{% for a in [1] %}{% for b in [2] %}{{ a }}{{ b }}{% endfor %}{% endfor %}",
    "{{ s | center(15) }}", "{{ [1, 2, 3] | sum }}", "{{ s | wordcount }}", "{{ s | jsonpath('$') }}", "{{ range(3) | list }}",
    "{{ dict(a=1) }}", "{{ s | nosuchfilter }}", "{% macro m() %}{% endmacro %}", "{{ s.__class__ }}", "{{ self }}",
    "{{ i is nosuchtest }}", "{% include 'x' %}", "{{ (((((((((((i))))))))))) + 1 }}",
    "{{ i + 1 + 2 + 3 + 4 + 5 + 6 + 7 + 8 }}", "{{ i + 1 + 2 + 3 + 4 + 5 + 6 + 7 + 8 + 9 }}",
    "{{ 'x' * 300000 }}", "{{ 'x' * 600000 }}", "{{ 1 + }}", "{{ s", "{% if s %}", "{% endif %}",
]

NATIVE_TEMPLATES = [
    "{{ s | default('d') }}", "{{ missing_var is defined }}", "{{ [1, 2, s] | join('-') }}", "{{ json_list | join }}",
    "{% set a = i * 2 %}{{ a }}", "{% set a, b = 1, 2 %}{{ a + b }}", "{% set x %}inner {{ i }}{% endset %}[{{ x }}]",
    "{% for a in [1, 2] %}{% for b in [3] %}{{ a }}{{ b }}{% endfor %}{% endfor %}", "{{ [1, 2, 3] | sum }}",
    "{{ s | center(15) }}", "{{ s | wordcount }}", "{{ 'x' * 600000 }}", "{{ e | default('was empty', true) }}",
    "{% set y = 1 %}{% for q in [1, 2] %}{% set y = q %}{{ y }}{% endfor %}{{ y }}",
    "{{ json_obj | tojson }}", "{{ {'b': 1, 'a': [1, 2.5, none, true, (1, 2)]} | tojson }}", "{{ q | tojson }}",
    "{{ \"<a href='x'>&</a>\" | tojson }}", "{{ u | tojson }}", "{{ {2: 'x', 1: 'y'} | tojson }}", "{{ missing_var | tojson }}",
]


def render_case(template: str, record: dict, engine: str) -> dict:
    from data_designer.engine.processing.ginja.environment import WithJinja2UserTemplateRendering
    from data_designer.engine.processing.ginja.exceptions import EmptyTemplateRenderError
    from data_designer.engine.processing.utils import deserialize_json_values

    class R(WithJinja2UserTemplateRendering):
        def __init__(self, e):
            self._jinja_rendering_engine = e

    r = R(engine)
    try:
        r.prepare_jinja2_template_renderer(template, list(record.keys()))
    except Exception as exc:  # noqa: BLE001
        return dict(template=template, engine=engine, outcome="refused", error=type(exc).__name__)
    try:
        text = r.render_template(deserialize_json_values(record))
    except EmptyTemplateRenderError:
        return dict(template=template, engine=engine, outcome="dropped", error="EmptyTemplateRenderError")
    except Exception as exc:  # noqa: BLE001
        return dict(template=template, engine=engine, outcome="dropped", error=type(exc).__name__)
    if text is None or (isinstance(text, str) and len(text.strip()) == 0):
        return dict(template=template, engine=engine, outcome="dropped", error="EmptyRenderedExpression")
    if len(text) > 1000:  # keep the case file small: long renders are checked by length and prefix
        return dict(template=template, engine=engine, outcome="ok", text_length=len(text), text_prefix=text[:100])
    return dict(template=template, engine=engine, outcome="ok", text=text)


def cast_cases() -> list:
    from data_designer.engine.column_generators.generators.expression import ExpressionColumnGenerator

    texts = ["1", "-2", "3.7", "-3.7", " 4 ", "1e3", "1_000", "inf", "nan", "True", "true", "TRUE", "False", "yes",
             "0", "0.0", "0.5", "abc", "12abc", "", " true ", "1e400", "-0", "+5", "0x10", "None", "\u0663", "9223372036854775807",
             "9223372036854775808", "1e19"]
    out = []
    for dtype in ["int", "float", "bool", "str"]:
        fake = type("G", (), {"config": type("C", (), {"dtype": dtype})()})()
        for t in texts:
            try:
                v = ExpressionColumnGenerator._cast_type(fake, t)
                if isinstance(v, float) and (math.isnan(v) or math.isinf(v)):
                    out.append(dict(dtype=dtype, text=t, outcome="ok", float=repr(v)))
                elif isinstance(v, int) and not isinstance(v, bool) and not (-(2**63) <= v < 2**63):
                    out.append(dict(dtype=dtype, text=t, outcome="overflow"))
                else:
                    out.append(dict(dtype=dtype, text=t, outcome="ok", value=v))
            except (OverflowError, TypeError, ValueError) as exc:
                out.append(dict(dtype=dtype, text=t, outcome="dropped", error=type(exc).__name__))
    return out


STRFTIME_PATTERNS = ["%Y-%m-%d", "%d/%m/%Y %H:%M", "%b %Y", "%B %d, %Y", "%Y", "%m/%d/%y", "%H:%M:%S", "%Y-%m-%dT%H:%M:%S",
                     "%a %b %d %Y", "%A, %d %B %Y %I:%M %p", "%j", "%Y%m%d", "%y", "%e", "%F", "%T", "%D", "%R",
                     "%U", "%W", "%w", "%u", "%f", "%%Y", "%Z%z", "%G-%V", "%C", "%h %d", "%c", "%x", "%X", "plain", "%q"]
STRFTIME_DATES = ["2012-12-21T00:00:00", "2024-02-29T13:05:09", "1999-01-01T23:59:59", "2021-07-04T00:30:00",
                  "1970-01-01T12:00:00", "2000-12-31T11:59:59", "1969-12-31T23:59:55", "2023-01-01T00:00:00"]


def strftime_cases() -> list:
    from data_designer.engine.sampling_gen.data_sources.base import DatetimeFormatMixin

    dates = pd.Series(pd.to_datetime(STRFTIME_DATES))
    out = []
    for p in STRFTIME_PATTERNS:
        try:
            DatetimeFormatMixin.validate_data_conversion(p)
            valid = True
        except Exception:  # noqa: BLE001
            valid = False
        out.append(dict(pattern=p, valid=valid, dates=STRFTIME_DATES, texts=list(dates.dt.strftime(p))))
    return out


def floor_cases() -> list:
    rng = np.random.RandomState(7)
    secs = list(rng.randint(-3_000_000_000, 4_000_000_000, 60, dtype=np.int64)) + [0, -1, 59, 60, 86399, 86400, -86401]
    out = []
    for unit in ["Y", "M", "D", "h", "m", "s"]:
        arr = (10**9 * np.array(secs, dtype=np.int64)).view("datetime64[ns]")
        floored = pd.Series(np.array(arr, dtype=f"datetime64[{unit}]")).dt.strftime("%Y-%m-%dT%H:%M:%S")
        out.append(dict(unit=unit, seconds=[int(s) for s in secs], texts=list(floored)))
    return out


def round_cases() -> list:
    values = [0.5, 1.5, 2.5, -0.5, -1.5, 2.675, 0.125, 1.005, 123.456, -7.25, 1e-7, 99.995, 0.049999999999999996, 5.0]
    out = []
    for d in [0, 1, 2, 3, -1]:
        out.append(dict(decimals=d, values=values, numpy=[float(np.round(v, d)) for v in values],
                        python=[float(round(v, d)) for v in values]))
    series = pd.Series([0.5, 1.5, 2.5, -0.5, -2.5, 2.4999, 3.5000001, -3.5])
    out.append(dict(convert_int=True, values=list(series), ints=[int(x) for x in series.round().astype(int)]))
    return out


SKIP_RECORD = {"x": 3.5, "label": "a", "n": 0, "s": "", "t": "true", "lst": "[]", "name": "Bob"}
SKIP_EXPRESSIONS = ["{{ x < 5 }}", "{{ x > 5 }}", "{{ label == 'a' }}", "{{ n }}", "{{ s }}", "{{ t }}", "{{ lst }}",
                    "{{ name }}", "{{ missing }}", "{{ x < 5 }} and more", "{{ 'False' }}", "{{ 'None' }}", "{{ 0 }}",
                    "{{ x | int > 2 }}", "{{ name | length > 5 }}", "{{ [] }}", "{{ label ~ '' }}", "{{ 1 / n }}",
                    "{{ n == 0 and label }}", "{{ none }}"]


def skip_cases() -> list:
    from data_designer.engine.dataset_builders.utils.skip_evaluator import evaluate_skip_when

    out = []
    for w in SKIP_EXPRESSIONS:
        try:
            out.append(dict(when=w, outcome="ok", skip=bool(evaluate_skip_when(w, dict(SKIP_RECORD)))))
        except Exception as exc:  # noqa: BLE001  (the real tool lets these end the run)
            out.append(dict(when=w, outcome="error", error=type(exc).__name__))
    return out


def sampler(name, sampler_type, params, **extra):
    return dict(name=name, column_type="sampler", sampler_type=sampler_type, params=params, **extra)


def expr(name, e, **extra):
    return dict(name=name, column_type="expression", expr=e, **extra)


CONFIG_DOCS = {
    "library_version_and_nulls": {"library_version": "0.9.7", "data_designer": {"columns": [sampler("a", "uuid", {"prefix": None, "short_form": False, "uppercase": False}, drop=False, skip=None, propagate_skip=True, conditional_params={}, convert_to=None)], "model_configs": [], "tool_configs": [], "processors": None, "seed_config": None, "constraints": None, "profilers": None}},
    "shorthand": {"columns": [sampler("a", "bernoulli", {"p": 0.5})]},
    "description_on_column": {"columns": [sampler("a", "bernoulli", {"p": 0.5}, description="x")]},
    "unknown_top_level": {"data_designer": {"columns": [sampler("a", "bernoulli", {"p": 0.5})]}, "extra": 1},
    "unknown_data_designer_key": {"data_designer": {"columns": [sampler("a", "bernoulli", {"p": 0.5})], "colums": []}},
    "unknown_param": {"columns": [sampler("a", "bernoulli", {"p": 0.5, "q": 1})]},
    "sampler_type_mismatch": {"columns": [sampler("a", "bernoulli", {"sampler_type": "uniform", "low": 0, "high": 1})]},
    "params_sampler_type_ok": {"columns": [sampler("a", "bernoulli", {"sampler_type": "bernoulli", "p": 0.5})]},
    "skip_on_sampler": {"columns": [sampler("a", "bernoulli", {"p": 0.5}, skip={"when": "{{ a }}"})]},
    "skip_without_reference": {"columns": [sampler("a", "bernoulli", {"p": 0.5}), expr("e", "{{ a }}", skip={"when": "{{ 1 }}"})]},
    "skip_self_reference": {"columns": [sampler("a", "bernoulli", {"p": 0.5}), expr("e", "{{ a }}", skip={"when": "{{ e }}"})]},
    "skip_extra_key": {"columns": [sampler("a", "bernoulli", {"p": 0.5}), expr("e", "{{ a }}", skip={"when": "{{ a }}", "other": 1})]},
    "empty_expr": {"columns": [sampler("a", "bernoulli", {"p": 0.5}), expr("e", "   ")]},
    "expr_bad_syntax": {"columns": [sampler("a", "bernoulli", {"p": 0.5}), expr("e", "{{ a ")]},
    "bad_dtype": {"columns": [sampler("a", "bernoulli", {"p": 0.5}), expr("e", "{{ a }}", dtype="double")]},
    "convert_to_on_expression": {"columns": [sampler("a", "bernoulli", {"p": 0.5}), expr("e", "{{ a }}", convert_to="int")]},
    "llm_text": {"columns": [sampler("a", "bernoulli", {"p": 0.5}), dict(name="t", column_type="llm-text", prompt="{{ a }}", model_alias="m")]},
    "weights_length": {"columns": [sampler("a", "category", {"values": ["x", "y"], "weights": [1]})]},
    "weights_zero": {"columns": [sampler("a", "category", {"values": ["x", "y"], "weights": [0, 0]})]},
    "empty_values": {"columns": [sampler("a", "category", {"values": []})]},
    "bool_value": {"columns": [sampler("a", "category", {"values": [True, "x"]})]},
    "p_out_of_range": {"columns": [sampler("a", "bernoulli", {"p": 1.5})]},
    "p_as_string": {"columns": [sampler("a", "bernoulli", {"p": "0.5"})]},
    "n_as_float": {"columns": [sampler("a", "binomial", {"n": 10.0, "p": 0.5})]},
    "n_fractional": {"columns": [sampler("a", "binomial", {"n": 10.5, "p": 0.5})]},
    "timedelta_negative": {"columns": [sampler("d", "datetime", {"start": "2020-01-01", "end": "2021-01-01"}), sampler("t", "timedelta", {"dt_min": -1, "dt_max": 2, "reference_column_name": "d"})]},
    "timedelta_equal": {"columns": [sampler("d", "datetime", {"start": "2020-01-01", "end": "2021-01-01"}), sampler("t", "timedelta", {"dt_min": 2, "dt_max": 2, "reference_column_name": "d"})]},
    "timedelta_unit_month": {"columns": [sampler("d", "datetime", {"start": "2020-01-01", "end": "2021-01-01"}), sampler("t", "timedelta", {"dt_min": 0, "dt_max": 2, "reference_column_name": "d", "unit": "M"})]},
    "datetime_bad": {"columns": [sampler("d", "datetime", {"start": "not a date", "end": "2021-01-01"})]},
    "datetime_unit_bad": {"columns": [sampler("d", "datetime", {"start": "2020-01-01", "end": "2021-01-01", "unit": "W"})]},
    "uuid_no_params": {"columns": [dict(name="a", column_type="sampler", sampler_type="uuid")]},
    "uuid_empty_params": {"columns": [sampler("a", "uuid", {})]},
    "subcategory_missing_parent_value": {"columns": [sampler("c", "category", {"values": ["x", "y"]}), sampler("s", "subcategory", {"category": "c", "values": {"x": ["1"]}})]},
    "subcategory_parent_not_category": {"columns": [sampler("c", "bernoulli", {"p": 0.5}), sampler("s", "subcategory", {"category": "c", "values": {"0": ["1"]}})]},
    "drop_processor": {"columns": [sampler("a", "bernoulli", {"p": 0.5}), sampler("b", "bernoulli", {"p": 0.5})], "processors": [{"name": "d", "processor_type": "drop_columns", "column_names": ["a"]}]},
    "drop_processor_extra_key": {"columns": [sampler("a", "bernoulli", {"p": 0.5})], "processors": [{"name": "d", "processor_type": "drop_columns", "column_names": ["a"], "x": 1}]},
    "constraint_scalar": {"columns": [sampler("a", "uniform", {"low": 0, "high": 1})], "constraints": [{"target_column": "a", "rhs": 0.5, "operator": "lt", "constraint_type": "scalar_inequality"}]},
    "constraint_legacy_shape": {"columns": [sampler("a", "uniform", {"low": 0, "high": 1}), sampler("b", "uniform", {"low": 0, "high": 1})], "constraints": [{"target_column": "a", "rhs": "b", "operator": "lt"}]},
    "constraint_bad_operator": {"columns": [sampler("a", "uniform", {"low": 0, "high": 1})], "constraints": [{"target_column": "a", "rhs": 0.5, "operator": "eq", "constraint_type": "scalar_inequality"}]},
    "conditional_params": {"columns": [sampler("k", "category", {"values": ["a", "b"]}), sampler("v", "uniform", {"low": 0, "high": 1}, conditional_params={"k == 'a'": {"low": 5, "high": 6}})]},
    "conditional_params_wrong_type": {"columns": [sampler("k", "category", {"values": ["a", "b"]}), sampler("v", "uniform", {"low": 0, "high": 1}, conditional_params={"k == 'a'": {"p": 0.5}})]},
    "model_configs_only": {"columns": [sampler("a", "bernoulli", {"p": 0.5})], "model_configs": [{"alias": "m", "model": "x", "provider": "nvidia"}]},
    "model_config_extra_key": {"columns": [sampler("a", "bernoulli", {"p": 0.5})], "model_configs": [{"alias": "m", "model": "x", "extra": 1}]},
    "profilers_null": {"columns": [sampler("a", "bernoulli", {"p": 0.5})], "profilers": None},
    "seed_config_local": {"columns": [expr("e", "{{ 1 }}")], "seed_config": {"source": {"seed_type": "local", "path": "seed.csv"}, "sampling_strategy": "shuffle", "selection_strategy": {"start": 0, "end": 9}}},
    "seed_config_bad_strategy": {"columns": [expr("e", "{{ 1 }}")], "seed_config": {"source": {"seed_type": "local", "path": "seed.csv"}, "sampling_strategy": "random"}},
    "duplicate_names": {"columns": [sampler("a", "bernoulli", {"p": 0.5}), sampler("a", "bernoulli", {"p": 0.5})]},
    "drop_not_bool": {"columns": [sampler("a", "bernoulli", {"p": 0.5}, drop="maybe")]},
    "all_dropped": {"columns": [sampler("a", "bernoulli", {"p": 0.5}, drop=True)]},
    "expression_reference_missing": {"columns": [sampler("a", "bernoulli", {"p": 0.5}), expr("e", "{{ nope }}")]},
    "expression_forward_reference": {"columns": [expr("e", "{{ a }}"), sampler("a", "bernoulli", {"p": 0.5})]},
    "unknown_column_type": {"columns": [dict(name="a", column_type="mystery")]},
    "unknown_sampler_type": {"columns": [sampler("a", "zipf", {})]},
}


def config_doc_cases() -> list:
    import yaml

    out = []
    with tempfile.TemporaryDirectory() as tmp:
        cwd = os.getcwd()
        os.chdir(tmp)
        with open("seed.csv", "w") as f:
            f.write("q\n1\n")
        try:
            for name, doc in CONFIG_DOCS.items():
                path = os.path.join(tmp, f"{name}.yaml")
                with open(path, "w") as f:
                    yaml.safe_dump(doc, f)
                try:
                    b = DataDesignerConfigBuilder.from_config(path)
                    # Engine-level validation (compile) as `data-designer validate` does.
                    from data_designer.engine.compiler import _validate  # noqa: PLC0415

                    cfg = b.build()
                    _validate(cfg)
                    out.append(dict(name=name, document=doc, accepted=True))
                except Exception as exc:  # noqa: BLE001
                    out.append(dict(name=name, document=doc, accepted=False, error=str(exc).splitlines()[0][:300]))
        finally:
            os.chdir(cwd)
    return out


def write_case(name: str, data) -> None:
    with open(os.path.join(CASES, name), "w") as f:
        json.dump(data, f, indent=1, ensure_ascii=False, sort_keys=True)
        f.write("\n")


def generate_cases() -> None:
    os.makedirs(CASES, exist_ok=True)
    templates = [render_case(t, TEMPLATE_RECORD, "secure") for t in TEMPLATES]
    templates += [render_case(t, TEMPLATE_RECORD, "native") for t in NATIVE_TEMPLATES]
    write_case("templates.json", dict(record=TEMPLATE_RECORD, cases=templates))
    write_case("casts.json", cast_cases())
    write_case("strftime.json", strftime_cases())
    write_case("floor.json", floor_cases())
    write_case("rounding.json", round_cases())
    write_case("skip.json", dict(record=SKIP_RECORD, cases=skip_cases()))
    write_case("config_documents.json", config_doc_cases())
    print(f"cases: {len(templates)} templates")


def main(argv: list) -> None:
    os.makedirs(CONFIGS, exist_ok=True)
    os.makedirs(EXPECTED, exist_ok=True)
    names = [a for a in argv if not a.startswith("--")]
    if "--cases" in argv:
        generate_cases()
        return
    for name in names or list(REGISTRY):
        generate_config(name)
    samplers.write_summaries(names or list(REGISTRY), table_records)
    if not names:
        generate_cases()


if __name__ == "__main__":
    main(sys.argv[1:])
