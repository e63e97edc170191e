"""The scipy, bernoulli_mixture, person_from_faker and seed_config fixtures (dev time only;
tests never run Python). generate.py registers these configs with its @config and runs them
like the others (configs/<name>.*, expected/<name>/records.jsonl, run.json, ...):

    $DD_PYTHON Fixtures/datadesigner/generate.py scipy_continuous seed_csv ...

Seed files are written to configs/seeds/ first; seed paths are relative to configs/ (the real
tool reads them from the working directory, which generate.py sets to configs/).

For the sampled distributions, records.jsonl holds a small run; write_summaries() runs the
same config again with 20,000 records and writes expected/<name>/summary.json: per column
points (x, F(x)) of the empirical CDF, zeros and negative zeros (numeric samplers), and for
person columns field frequencies and 150 sample records. Tests compare our samples with
them within sampling error, never value by value.
"""
from __future__ import annotations

import contextlib
import datetime as dt
import io
import json
import logging
import math
import os
import re
import tempfile
import warnings
from collections import Counter

warnings.filterwarnings("ignore")
logging.disable(logging.CRITICAL)

import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import pyarrow as pa  # noqa: E402
import pyarrow.parquet as pq  # noqa: E402

import data_designer.config as dd  # noqa: E402
from data_designer.config.config_builder import DataDesignerConfigBuilder  # noqa: E402
from data_designer.config.processors import DropColumnsProcessorConfig  # noqa: E402
from data_designer.config.run_config import RunConfig  # noqa: E402
from data_designer.interface import DataDesigner  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
CONFIGS = os.path.join(HERE, "configs")
EXPECTED = os.path.join(HERE, "expected")
SEEDS = os.path.join(CONFIGS, "seeds")

S = dd.SamplerColumnConfig
E = dd.ExpressionColumnConfig

# Configs whose expected output adds a summary of a larger run: name -> (records, summarize).
SUMMARIES: dict = {}


# --------------------------------------------------------------------------------------
# Summaries
# --------------------------------------------------------------------------------------

QUANTILES = [0.001, 0.01, 0.025, 0.05, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 0.95, 0.975, 0.99, 0.999]


def cdf_points(values: list, discrete: bool) -> list:
    """(x, F(x)) pairs of the empirical CDF: at the sample's quantiles (continuous) or at each
    integer holding at least 0.1% of the sample (discrete)."""
    a = np.sort(np.asarray(values, dtype=float))
    n = len(a)
    if discrete:
        counts = Counter(a.tolist())
        xs = sorted(k for k, c in counts.items() if c >= n * 0.001)
    else:
        xs = sorted(set(float(np.quantile(a, q, method="inverted_cdf")) for q in QUANTILES))
    return [[x, float(np.searchsorted(a, x, side="right")) / n] for x in xs]


def decimals_of(values: list) -> int:
    """The most decimal places any value has (in its shortest repr)."""
    most = 0
    for v in values:
        r = repr(float(v))
        if "e" in r or "inf" in r or "nan" in r:
            continue
        most = max(most, len(r.split(".")[1].rstrip("0")) if "." in r else 0)
    return most


def numeric_summary(records: list, schema: list) -> dict:
    types = {c["path"]: c for c in schema}
    columns = {}
    for name in records[0]:
        values = [r[name] for r in records]
        physical = types[name]["physical"]
        discrete = physical == "INT64"
        if all(isinstance(v, str) for v in values):
            columns[name] = dict(physical=physical, strings=sorted(set(values))[:50], count=len(values))
            continue
        finite = [v for v in values if v is not None]
        columns[name] = dict(physical=physical, n=len(finite), zeros=sum(1 for v in finite if v == 0),
                             negative_zeros=sum(1 for v in finite if v == 0 and math.copysign(1, v) < 0),
                             decimals=decimals_of(finite) if not discrete else 0,
                             points=cdf_points(finite, discrete))
    return dict(columns=columns)


def shape(text: str) -> str:
    """Digits as '#', letters kept: the format of a value."""
    return re.sub(r"[0-9]", "#", text)


def person_summary(records: list, schema: list) -> dict:
    today = dt.date.today().isoformat()
    out = dict(generated_on=today, columns={})
    for name in records[0]:
        people = [r[name] for r in records]
        fields = list(people[0].keys())
        freq = {}
        for field in ("sex", "marital_status", "education_level", "bachelors_field", "state", "locale", "unit", "age"):
            c = Counter(str(p[field]) for p in people)
            freq[field] = {k: v / len(people) for k, v in c.items()}
        for sex in ("Male", "Female"):
            names = Counter(p["first_name"] for p in people if p["sex"] == sex)
            total = sum(names.values())
            freq[f"first_name/{sex}"] = {k: v / total for k, v in names.most_common(15)} if total else {}
        freq["last_name"] = {k: v / len(people) for k, v in Counter(p["last_name"] for p in people).most_common(15)}
        phones = [p["phone_number"] for p in people if p["phone_number"] is not None]
        freq["phone_number/shape"] = {k: v / len(phones) for k, v in Counter(shape(x) for x in phones).items()} if phones else {}
        freq["phone_number/null"] = {"true": sum(1 for p in people if p["phone_number"] is None) / len(people)}
        freq["street_number/length"] = {str(k): v / len(people) for k, v in Counter(len(p["street_number"]) for p in people).items()}
        freq["postcode/first"] = {k: v / len(people) for k, v in Counter(p["postcode"][0] for p in people).items()}
        freq["city/words"] = {str(k): v / len(people) for k, v in Counter(len(p["city"].split(" ")) for p in people).items()}
        out["columns"][name] = dict(n=len(people), fields=fields, frequencies=freq, sample=people[:150])
    return out


# --------------------------------------------------------------------------------------
# Seed files
# --------------------------------------------------------------------------------------


def write_seed_files():
    os.makedirs(SEEDS, exist_ok=True)
    with open(os.path.join(SEEDS, "products.csv"), "w", newline="") as f:
        f.write("sku,name,price,in_stock,added,updated,rating,notes\n")
        rows = [
            ("1001", "Widget", "2.5", "true", "2024-01-05", "2024-01-05 10:00:00", "4", ""),
            ("1002", '"Gadget, large"', "3", "false", "2024-02-06", "2024-02-06 11:30:15.250000", "", "fragile"),
            ("1003", '"Say ""hi"""', "", "TRUE", "2023-12-31", "2023-12-31 23:59:59", "5", '"multi\nline"'),
            ("1004", "Doohickey", "10.75", "False", "2024-02-29", "2024-03-01 00:00:00", "3", ""),
            ("1005", "Thingamajig", "0.99", "yes", "2020-06-15", "2020-06-15 06:15:00", "1", "clearance"),
            ("1006", "Whatsit", "-4.5", "no", "1999-12-31", "1999-12-31 12:00:00", "2", "  spaced  "),
            ("1007", "Gizmo", "1e3", "t", "2024-07-04", "2024-07-04 07:04:00", "5", "x"),
        ]
        for r in rows:
            f.write(",".join(r) + "\n")
    with open(os.path.join(SEEDS, "sniff.csv"), "w", newline="") as f:
        f.write("code;zip;flag;amount;when;label\r\n")
        for r in [("A1", "00501", "yes", "1", "2024-01-01", "x"), ("B2", "02134", "no", "2", "2024-01-02T08:00:00", "y"),
                  ("C3", "10001", "yes", "3.5", "2024-01-03", ""), ("D4", "94105", "no", "-7", "", "z")]:
            f.write(";".join(r) + "\r\n")
    with open(os.path.join(SEEDS, "noheader.csv"), "w", newline="") as f:
        for r in [(1, 2.5, "2024-05-01"), (2, 3.5, "2024-05-02"), (3, 4.5, "2024-05-03")]:
            f.write(",".join(map(str, r)) + "\n")
    events = [
        {"event_id": i, "kind": ["click", "view", "buy"][i % 3], "value": (i * 1.25 if i % 4 else None),
         "ok": (i % 5 != 0), "day": f"2024-03-{(i % 28) + 1:02d}", "user": (f"u{i % 7}" if i % 6 else None),
         **({"extra": i * 10} if i % 2 else {})}
        for i in range(14)
    ]
    with open(os.path.join(SEEDS, "events.jsonl"), "w") as f:
        for e in events:
            f.write(json.dumps(e) + "\n")
    table = pa.table({
        "id32": pa.array(list(range(1, 22)), pa.int32()),
        "big": pa.array([None if i % 5 == 0 else i * 1000003 for i in range(21)], pa.int64()),
        "ratio": pa.array([i / 8 for i in range(21)], pa.float32()),
        "score": pa.array([None if i == 3 else i * 0.1 for i in range(21)], pa.float64()),
        "city": pa.array([None if i % 7 == 6 else ["Oslo", "Lima", "Kyiv", "Pune"][i % 4] for i in range(21)], pa.string()),
        "active": pa.array([None if i == 10 else i % 2 == 0 for i in range(21)], pa.bool_()),
        "born": pa.array([dt.date(1990, 1, 1) + dt.timedelta(days=400 * i) for i in range(21)], pa.date32()),
        "seen_ms": pa.array([dt.datetime(2024, 1, 1, 12, 0, 0) + dt.timedelta(seconds=3601 * i, milliseconds=7 * i) for i in range(21)], pa.timestamp("ms")),
        "seen_utc": pa.array([dt.datetime(2024, 6, 1, tzinfo=dt.timezone.utc) + dt.timedelta(minutes=37 * i) for i in range(21)], pa.timestamp("us", tz="UTC")),
    })
    pq.write_table(table, os.path.join(SEEDS, "metrics.parquet"))
    os.makedirs(os.path.join(SEEDS, "parts"), exist_ok=True)
    for k in range(3):
        with open(os.path.join(SEEDS, "parts", f"part-{k}.csv"), "w") as f:
            f.write("part,qty\n")
            for i in range(k + 2):
                f.write(f"p{k}-{i},{k * 10 + i}\n")


# --------------------------------------------------------------------------------------
# Configs (one function each), registered with generate.py's @config
# --------------------------------------------------------------------------------------

CONTINUOUS = [
    ("norm", {"loc": 10, "scale": 2}, None), ("norm_std", {}, 3), ("uniform", {"loc": -1, "scale": 4}, 2),
    ("expon", {"scale": 1.5}, None), ("gamma", {"a": 2.0, "scale": 3.0}, 2), ("gamma_small", {"a": 0.3}, None),
    ("beta", {"a": 2, "b": 5}, None), ("beta_small", {"a": 0.5, "b": 0.5}, None), ("lognorm", {"s": 0.5, "scale": 20}, None),
    ("t", {"df": 3}, None), ("chi2", {"df": 4}, None), ("chi", {"df": 2}, None), ("f", {"dfn": 5, "dfd": 10}, None),
    ("weibull_min", {"c": 1.5, "scale": 2}, None), ("weibull_max", {"c": 2}, None), ("pareto", {"b": 3}, None),
    ("lomax", {"c": 2.5}, None), ("cauchy", {"loc": 1}, None), ("halfcauchy", {}, None), ("laplace", {"scale": 2}, None),
    ("logistic", {}, None), ("gumbel_r", {"loc": 3}, None), ("gumbel_l", {}, None), ("rayleigh", {"scale": 2}, None),
    ("halfnorm", {}, None), ("maxwell", {}, None), ("triang", {"c": 0.3, "loc": 1, "scale": 4}, None),
    ("truncnorm", {"a": -1, "b": 2}, None), ("truncnorm_tail", {"a": 4, "b": 9}, None), ("truncexpon", {"b": 2}, None),
    ("invgamma", {"a": 3}, None), ("erlang", {"a": 3}, None), ("exponnorm", {"K": 1.5}, None), ("skewnorm", {"a": 4}, None),
    ("powerlaw", {"a": 0.7}, None), ("loguniform", {"a": 1, "b": 1000}, None), ("fisk", {"c": 3}, None),
    ("invgauss", {"mu": 0.5}, None), ("wald", {}, None), ("genextreme", {"c": -0.2}, None), ("arcsine", {}, None),
    ("levy", {}, None), ("gompertz", {"c": 0.8}, None), ("burr12", {"c": 2, "d": 3}, None), ("burr", {"c": 3, "d": 2}, None),
    ("nakagami", {"nu": 1.5}, None), ("rice", {"b": 1.2}, None), ("betaprime", {"a": 3, "b": 4}, None),
    ("semicircular", {}, None), ("trapezoid", {"c": 0.2, "d": 0.7}, None), ("genpareto", {"c": 0.3}, None),
    ("foldnorm", {"c": 1.5}, None), ("exponweib", {"a": 2, "c": 1.5}, None), ("vonmises", {"kappa": 2}, None),
    ("dweibull", {"c": 1.5}, None), ("loglaplace", {"c": 3}, None), ("gennorm", {"beta": 1.5}, None),
    ("reciprocal", {"a": 0.5, "b": 8}, None),
]

DISCRETE = [
    ("poisson", {"mu": 3.5}), ("poisson_big", {"mu": 120, "loc": -100}), ("binom", {"n": 20, "p": 0.3}),
    ("binom_big", {"n": 1000, "p": 0.4}), ("bernoulli", {"p": 0.25}), ("geom", {"p": 0.2}), ("nbinom", {"n": 3, "p": 0.4}),
    ("randint", {"low": -3, "high": 7}), ("hypergeom", {"M": 50, "n": 20, "N": 10}), ("zipf", {"a": 2.5}),
    ("zipfian", {"a": 1.2, "n": 30}), ("logser", {"p": 0.6}), ("betabinom", {"n": 12, "a": 2, "b": 3}),
    ("planck", {"lambda_": 0.5}), ("boltzmann", {"lambda_": 0.4, "N": 12}), ("dlaplace", {"a": 0.8}),
    ("skellam", {"mu1": 3, "mu2": 2}), ("yulesimon", {"alpha": 2.5}),
]


def scipy_name(column: str) -> str:
    return {"norm_std": "norm", "gamma_small": "gamma", "beta_small": "beta", "truncnorm_tail": "truncnorm",
            "poisson_big": "poisson", "binom_big": "binom"}.get(column, column)



SUMMARIES.update({"scipy_continuous": (20000, numeric_summary), "scipy_discrete": (20000, numeric_summary),
                  "person_faker": (20000, person_summary)})


def register(config, builder) -> None:
    """Registers the configs below with generate.py's `config` decorator and `builder`."""

    @config("scipy_continuous", fmt="yaml", num_records=300, buffer_size=300)
    def scipy_continuous():
        b = builder()
        for column, params, places in CONTINUOUS:
            b.add_column(S(name=column, sampler_type="scipy",
                           params=dd.ScipySamplerParams(dist_name=scipy_name(column), dist_params=params, decimal_places=places)))
        return b


    @config("scipy_discrete", fmt="json", num_records=300, buffer_size=150)
    def scipy_discrete():
        b = builder()
        for column, params in DISCRETE:
            b.add_column(S(name=column, sampler_type="scipy", params=dd.ScipySamplerParams(dist_name=scipy_name(column), dist_params=params)))
        b.add_column(S(name="mix_norm", sampler_type="bernoulli_mixture",
                       params=dd.BernoulliMixtureSamplerParams(p=0.3, dist_name="norm", dist_params={"loc": 0, "scale": 1})))
        b.add_column(S(name="mix_expon", sampler_type="bernoulli_mixture",
                       params=dd.BernoulliMixtureSamplerParams(p=0.7, dist_name="expon", dist_params={"scale": 2})))
        b.add_column(S(name="mix_binom", sampler_type="bernoulli_mixture",
                       params=dd.BernoulliMixtureSamplerParams(p=0.5, dist_name="binom", dist_params={"n": 100, "p": 0.5})))
        b.add_column(S(name="gamma_int", sampler_type="scipy", convert_to="int",
                       params=dd.ScipySamplerParams(dist_name="gamma", dist_params={"a": 4}, decimal_places=1)))
        b.add_column(S(name="mix_int", sampler_type="bernoulli_mixture", convert_to="int",
                       params=dd.BernoulliMixtureSamplerParams(p=0.5, dist_name="lognorm", dist_params={"s": 1, "scale": 10})))
        return b


    @config("person_faker", fmt="yaml", num_records=150, buffer_size=100)
    def person_faker():
        b = builder()
        b.add_column(S(name="person", sampler_type="person_from_faker", params=dd.PersonFromFakerSamplerParams()))
        b.add_column(S(name="young_woman", sampler_type="person_from_faker",
                       params=dd.PersonFromFakerSamplerParams(sex="Female", city=["Springfield", "Shelbyville"], age_range=[10, 30])))
        b.add_column(S(name="child", sampler_type="person_from_faker",
                       params=dd.PersonFromFakerSamplerParams(sex="Male", city="Ogdenville", age_range=[0, 12])))
        return b


    @config("seed_csv", fmt="yaml", num_records=17, buffer_size=5)
    def seed_csv():
        b = builder()
        write_seed_files()
        b.with_seed_dataset(dd.LocalFileSeedSource(path="seeds/products.csv"))
        b.add_column(E(name="label", expr="{{ name }} ({{ sku }}) at {{ price }} since {{ added }}, {{ updated }}; {{ notes }}"))
        b.add_column(S(name="discount", sampler_type="category", params=dd.CategorySamplerParams(values=[0, 5, 10])))
        return b


    @config("seed_sniff", fmt="json", num_records=6, buffer_size=6)
    def seed_sniff():
        b = builder()
        write_seed_files()
        b.with_seed_dataset(dd.LocalFileSeedSource(path="seeds/sniff.csv"))
        b.add_column(E(name="echo", expr="{{ code }}-{{ zip }}-{{ amount }}"))
        return b


    @config("seed_noheader", fmt="yaml", num_records=4, buffer_size=4)
    def seed_noheader():
        b = builder()
        write_seed_files()
        b.with_seed_dataset(dd.LocalFileSeedSource(path="seeds/noheader.csv"))
        b.add_column(E(name="echo", expr="{{ column0 }}/{{ column1 }}/{{ column2 }}"))
        return b


    @config("seed_jsonl_shuffle", fmt="json", num_records=40, buffer_size=7)
    def seed_jsonl_shuffle():
        b = builder()
        write_seed_files()
        b.with_seed_dataset(dd.LocalFileSeedSource(path="seeds/events.jsonl"), sampling_strategy="shuffle",
                            selection_strategy=dd.IndexRange(start=2, end=11))
        b.add_column(E(name="tag", expr="{{ kind }}#{{ event_id }}"))
        return b


    @config("seed_jsonl_ordered", fmt="yaml", num_records=30, buffer_size=8)
    def seed_jsonl_ordered():
        b = builder()
        write_seed_files()
        b.with_seed_dataset(dd.LocalFileSeedSource(path="seeds/events.jsonl"), selection_strategy=dd.IndexRange(start=3, end=9))
        b.add_column(E(name="tag", expr="{{ kind }}:{{ value }}:{{ user }}:{{ day }}"))
        return b


    @config("seed_parquet_partition", fmt="yaml", num_records=25, buffer_size=10)
    def seed_parquet_partition():
        b = builder()
        write_seed_files()
        b.with_seed_dataset(dd.LocalFileSeedSource(path="seeds/metrics.parquet"),
                            selection_strategy=dd.PartitionBlock(index=2, num_partitions=3))
        b.add_column(E(name="summary", expr="{{ id32 }}|{{ big }}|{{ ratio }}|{{ city }}|{{ born }}"))
        return b


    @config("seed_csv_glob", fmt="json", num_records=12, buffer_size=5)
    def seed_csv_glob():
        b = builder()
        write_seed_files()
        b.with_seed_dataset(dd.LocalFileSeedSource(path="seeds/parts/*.csv"), selection_strategy=dd.PartitionBlock(index=0, num_partitions=2))
        b.add_column(E(name="line", expr="{{ part }} x{{ qty }}"))
        return b


    @config("samplers_conditional", fmt="json", num_records=600, buffer_size=300)
    def samplers_conditional():
        b = builder()
        b.add_column(S(name="kind", sampler_type="category", params=dd.CategorySamplerParams(values=["a", "b"])))
        b.add_column(S(name="amount", sampler_type="scipy",
                       params=dd.ScipySamplerParams(dist_name="gamma", dist_params={"a": 2, "scale": 2}, decimal_places=1),
                       conditional_params={"kind == 'b'": dd.ScipySamplerParams(dist_name="uniform", dist_params={"loc": 100, "scale": 10})}))
        b.add_column(S(name="bonus", sampler_type="bernoulli_mixture",
                       params=dd.BernoulliMixtureSamplerParams(p=0.0, dist_name="expon", dist_params={}),
                       conditional_params={"kind == 'b'": dd.BernoulliMixtureSamplerParams(p=1.0, dist_name="poisson", dist_params={"mu": 3})}))
        b.add_column(S(name="who", sampler_type="person_from_faker", params=dd.PersonFromFakerSamplerParams(sex="Male"),
                       conditional_params={"kind == 'b'": dd.PersonFromFakerSamplerParams(sex="Female", age_range=[20, 30], city="Ogdenville")}))
        b.add_column(E(name="card", expr="{{ who.first_name }} {{ who.last_name }} ({{ who.age }}, {{ who.city }}): {{ amount }}"))
        b.add_column(E(name="adult", expr="{{ who.phone_number is not none }}", dtype="bool"))
        return b


    @config("person_expressions", fmt="yaml", num_records=120, buffer_size=60)
    def person_expressions():
        b = builder()
        b.add_column(S(name="p", sampler_type="person_from_faker", params=dd.PersonFromFakerSamplerParams(age_range=[16, 20])))
        b.add_column(E(name="greeting", expr="Dear {{ p.first_name | upper }} {{ p['last_name'] }}, born {{ p.birth_date }}"))
        b.add_column(E(name="contact", expr="{{ p.phone_number if p.phone_number else 'no phone' }}|{{ p.middle_name }}|{{ p.unit }}"))
        b.add_column(E(name="whole", expr="{{ p }}"))
        b.add_column(E(name="next_age", expr="{{ p.age + 1 }}", dtype="int"))
        return b


    @config("seed_drop", fmt="yaml", num_records=9, buffer_size=4)
    def seed_drop():
        b = builder()
        write_seed_files()
        b.with_seed_dataset(dd.LocalFileSeedSource(path="seeds/products.csv"), sampling_strategy="ordered",
                            selection_strategy=dd.IndexRange(start=1, end=5))
        b.add_column(E(name="stock", expr="{{ 'yes' if in_stock else 'no' }} {{ in_stock }} {{ rating is none }}"))
        b.add_processor(DropColumnsProcessorConfig(name="drop_seed", column_names=["rat*", "upd*"]))
        return b



# --------------------------------------------------------------------------------------
# Summaries of larger runs
# --------------------------------------------------------------------------------------


def write_summaries(names: list, table_records) -> None:
    """For each of `names` with a summary: runs its config (configs/) for SUMMARIES' number of
    records and writes expected/<name>/summary.json."""
    for name in names:
        if name not in SUMMARIES:
            continue
        records, summarize = SUMMARIES[name]
        path = next(os.path.join(CONFIGS, f"{name}.{ext}") for ext in ("yaml", "json")
                    if os.path.exists(os.path.join(CONFIGS, f"{name}.{ext}")))
        cwd = os.getcwd()
        os.chdir(CONFIGS)
        try:
            loaded = DataDesignerConfigBuilder.from_config(path)
            with tempfile.TemporaryDirectory() as tmp:
                with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
                    designer = DataDesigner(artifact_path=tmp)
                    designer.set_run_config(RunConfig(buffer_size=records))
                    designer.create(loaded, num_records=records, dataset_name="dataset")
                rows, _, schemas = table_records(os.path.join(tmp, "dataset", "parquet-files"))
        finally:
            os.chdir(cwd)
        os.makedirs(os.path.join(EXPECTED, name), exist_ok=True)
        with open(os.path.join(EXPECTED, name, "summary.json"), "w") as f:
            json.dump(summarize(rows, schemas[0]), f, indent=1, sort_keys=True, ensure_ascii=False)
            f.write("\n")
        print(f"{name}: summary of {len(rows)} records")
