#!/usr/bin/env python3
"""Dev-time generator of Sources/DataDesigner/Person/FakerTablesEnUS.swift.

`person_from_faker` columns are made from the name and place tables of Faker (MIT licence),
the library Data Designer's sampler calls, and from Data Designer's own person constants
(Apache-2.0). This script reads them from the installed packages (Faker 20.1.0 and
data-designer 0.9.7, as `pip install data-designer==0.9.7` installs them), checks the
SHA-256 of every source file it relies on (a different version fails loudly), checks that
what Faker generates is producible from the extracted tables, and writes them as Swift string
literals with the SHA-256 of each table's text (checked again by the Swift tests).

    $DD_PYTHON scripts/faker_tables.py          # writes the Swift file
    $DD_PYTHON scripts/faker_tables.py --check  # verifies it is up to date

Tables: one entry per line; weighted tables (Faker's OrderedDicts) hold `name<TAB>weight`.
A table that is a merge of others (`DERIVED`: `firstNames` is `firstNamesMale` updated with
`firstNamesFemale`) is not written again: the Swift side rebuilds it (`FakerTables.merged`),
and its SHA-256 stays in the file for the tests to check the rebuilt text against.
"""
import argparse
import hashlib
import os
import re
import sys

import faker
from faker import Faker

import data_designer.config.utils.constants as dd_constants
import data_designer.engine.sampling_gen.person_constants as dd_person_constants

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, "Sources", "DataDesigner", "Person", "FakerTablesEnUS.swift")

FAKER_VERSION = "20.1.0"
# The files whose data and semantics the Swift sampler reproduces; their SHA-256 are pinned
# in scripts/faker_tables.sha256 (sha256sum format).
SOURCE_FILES = [
    "faker/providers/__init__.py",
    "faker/providers/person/__init__.py",
    "faker/providers/person/en_US/__init__.py",
    "faker/providers/address/__init__.py",
    "faker/providers/address/en/__init__.py",
    "faker/providers/address/en_US/__init__.py",
    "faker/providers/job/__init__.py",
    "faker/providers/job/en_US/__init__.py",
    "faker/providers/phone_number/__init__.py",
    "faker/providers/phone_number/en_US/__init__.py",
    "faker/utils/distribution.py",
    "data_designer/engine/sampling_gen/people_gen.py",
    "data_designer/engine/sampling_gen/person_constants.py",
    "data_designer/engine/sampling_gen/entities/person.py",
    "data_designer/config/sampler_params.py",
]
HASHES_FILE = os.path.join(ROOT, "scripts", "faker_tables.sha256")

# Tables that are dict merges of others, in order: Faker's en_US `first_names` is
# `first_names_male.copy()` updated with `first_names_female` (checked in `tables()`).
DERIVED = {"firstNames": ("firstNamesMale", "firstNamesFemale")}

# en_US `postcode()` is "%05d" % randint(501, 99950) (faker/providers/address/en_US, pinned above).
POSTCODE_RANGE = (501, 99950)


def site_packages_file(relative):
    top = relative.split("/")[0]
    module = faker if top == "faker" else dd_constants
    base = os.path.dirname(module.__file__)
    # faker/__init__.py -> site-packages; data_designer/config/utils/constants.py -> site-packages
    while os.path.basename(base) != top:
        base = os.path.dirname(base)
    return os.path.join(os.path.dirname(base), relative)


def sha256_file(path):
    with open(path, "rb") as f:
        return hashlib.sha256(f.read()).hexdigest()


def check_sources(update):
    pinned = {}
    if os.path.exists(HASHES_FILE):
        for line in open(HASHES_FILE):
            if line.strip():
                digest, name = line.split(None, 1)
                pinned[name.strip()] = digest
    actual = {name: sha256_file(site_packages_file(name)) for name in SOURCE_FILES}
    if update:
        with open(HASHES_FILE, "w") as f:
            for name in sorted(actual):
                f.write(f"{actual[name]}  {name}\n")
        return actual
    bad = [n for n in actual if pinned.get(n) != actual[n]]
    if bad:
        sys.exit("source files differ from the pinned SHA-256 (other Faker / data-designer version?): "
                 + ", ".join(bad) + f"\n(pinned in {HASHES_FILE}; rerun with --pin after reviewing them)")
    return actual


def owner(fake, method):
    """The provider instance a Faker method is bound to (the one whose tables it reads)."""
    return getattr(fake, method).__self__


def tables():
    if faker.VERSION != FAKER_VERSION:
        sys.exit(f"Faker {FAKER_VERSION} is needed, found {faker.VERSION}")
    fake = Faker("en_US")
    person = owner(fake, "first_name")
    for m in ("first_name_male", "first_name_female", "last_name", "last_name_male", "last_name_female"):
        assert owner(fake, m) is person, m
    address = owner(fake, "city")
    for m in ("city_prefix", "city_suffix", "street_name", "street_suffix", "building_number", "state",
              "postcode", "country"):
        assert owner(fake, m) is address, m
    job = owner(fake, "job")
    phone = owner(fake, "phone_number")

    def weighted(d):
        assert isinstance(d, dict), type(d)
        return [(k, float(v)) for k, v in d.items()]

    def plain(seq):
        seq = list(seq)
        assert all(isinstance(x, str) for x in seq)
        return seq

    # en_US has no sex-specific last names: last_name_male/female fall back to last_names.
    assert not hasattr(person, "last_names_male") and not hasattr(person, "last_names_female")
    countries = address.countries
    c = dd_person_constants.faker_constants
    out = {
        "firstNames": ("weighted", weighted(person.first_names)),
        "firstNamesMale": ("weighted", weighted(person.first_names_male)),
        "firstNamesFemale": ("weighted", weighted(person.first_names_female)),
        "lastNames": ("weighted", weighted(person.last_names)),
        "cityPrefixes": ("plain", plain(address.city_prefixes)),
        "citySuffixes": ("plain", plain(address.city_suffixes)),
        "streetSuffixes": ("plain", plain(address.street_suffixes)),
        "states": ("plain", plain(address.states)),
        "countries": ("plain", plain(countries)),
        "jobs": ("plain", plain(job.jobs)),
        "cityFormats": ("plain", plain(address.city_formats)),
        "streetNameFormats": ("plain", plain(address.street_name_formats)),
        "buildingNumberFormats": ("plain", plain(address.building_number_formats)),
        "phoneFormats": ("plain", plain(phone.formats)),
        "sexes": ("plain", plain(c.sex)),
        "maritalStatuses": ("plain", plain(c.marital_status)),
        "educationLevels": ("plain", plain(c.education_level)),
        "bachelorsFields": ("plain", plain(c.bachelors)),
        "collegeLevels": ("plain", plain(c.college_level)),
    }
    for key, parts in DERIVED.items():
        merged = {}
        for part in parts:
            merged.update(dict(out[part][1]))
        assert out[key] == ("weighted", list(merged.items())), key
    assert list(dd_constants.DEFAULT_AGE_RANGE) == [18, 114] and dd_constants.MIN_AGE == 0 and dd_constants.MAX_AGE == 114
    return fake, out


def text_of(kind, entries):
    if kind == "weighted":
        assert all("\t" not in name for name, _ in entries)
        lines = [f"{name}\t{repr(weight)}" for name, weight in entries]
    else:
        lines = list(entries)
    for line in lines:
        assert line and "\n" not in line and '"""' not in line, line
    return "\n".join(lines)


def self_check(fake, data):
    """What Faker generates is producible from the extracted tables and formats."""
    fake.seed_instance(20240601)
    names = lambda key: {n for n, _ in data[key][1]} if data[key][0] == "weighted" else set(data[key][1])
    token_sets = {
        "city_prefix": names("cityPrefixes"), "city_suffix": names("citySuffixes"),
        "first_name": names("firstNames"), "last_name": names("lastNames"), "street_suffix": names("streetSuffixes"),
    }

    def matches(value, formats):
        def fits(value, parts):
            if not parts:
                return value == ""
            literal, rest = parts[0], parts[1:]
            if not value.startswith(literal):
                return False
            value = value[len(literal):]
            if not rest:
                return value == ""
            token, rest = rest[0], rest[1:]
            return any(value[:k] in token_sets[token] and fits(value[k:], rest) for k in range(1, len(value) + 1))

        return any(fits(value, re.split(r"\{\{(\w+)\}\}", fmt)) for fmt in formats)

    def numerified(value, formats):
        for fmt in formats:
            pattern = "".join({"#": "[0-9]", "$": "[2-9]", "%": "[1-9]"}.get(ch, re.escape(ch)) for ch in fmt)
            if re.fullmatch(pattern, value):
                return True
        return False

    for _ in range(3000):
        assert fake.first_name_male() in names("firstNamesMale")
        assert fake.first_name_female() in names("firstNamesFemale")
        assert fake.last_name_male() in names("lastNames")
        assert matches(fake.city(), data["cityFormats"][1])
        assert matches(fake.street_name(), data["streetNameFormats"][1])
        assert numerified(fake.building_number(), data["buildingNumberFormats"][1])
        assert numerified(fake.phone_number(), data["phoneFormats"][1])
        assert fake.state() in names("states")
        assert fake.country() in names("countries")
        assert fake.job() in names("jobs")
        postcode = fake.postcode()
        assert re.fullmatch(r"[0-9]{5}", postcode) and POSTCODE_RANGE[0] <= int(postcode) <= POSTCODE_RANGE[1]


def render(data, sources):
    lines = [
        "// GENERATED by scripts/faker_tables.py -- do not edit.",
        f"// From Faker {FAKER_VERSION} (en_US providers; MIT licence, Copyright (c) 2012 Daniele Faraglia)",
        "// and data-designer 0.9.7 (person constants; Apache-2.0, Copyright (c) NVIDIA CORPORATION).",
        "// Source files (SHA-256):",
    ]
    lines += [f"//   {sources[name]}  {name}" for name in sorted(sources)]
    lines += ["//", "// Faker's licence, which covers the tables below taken from it:", "//"]
    licence = os.path.join(os.path.dirname(os.path.dirname(faker.__file__)), f"Faker-{FAKER_VERSION}.dist-info", "LICENSE.txt")
    lines += [("// " + line).rstrip() for line in open(licence).read().strip().splitlines()]
    lines += [
        "",
        "/// The en_US tables of `person_from_faker`: one entry per line, weighted tables as",
        "/// `name<TAB>weight` (see ``FakerTables``).",
        "enum FakerTablesEnUS {",
        "    /// `postcode()`: `%05d` of a uniform integer in this range.",
        f"    static let postcodeRange: ClosedRange<Int> = {POSTCODE_RANGE[0]} ... {POSTCODE_RANGE[1]}",
        "",
        "    /// SHA-256 of each table's text, checked by the tests (`firstNames`: of the text",
        "    /// ``FakerTables/merged(_:_:)`` rebuilds from `firstNamesMale` and `firstNamesFemale`).",
        "    static let sha256: [String: String] = [",
    ]
    texts = {key: text_of(kind, entries) for key, (kind, entries) in data.items()}
    for key in data:
        lines.append(f'        "{key}": "{hashlib.sha256(texts[key].encode()).hexdigest()}",')
    lines.append("    ]")
    for key, (kind, entries) in data.items():
        if key in DERIVED:
            continue
        lines.append("")
        lines.append(f"    /// {len(entries)} entries{' with weights' if kind == 'weighted' else ''}.")
        lines.append(f'    static let {key} = #"""')
        lines.append(texts[key])
        lines.append('"""#')
    lines.append("}")
    return "\n".join(lines) + "\n"


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--check", action="store_true", help="fail when the Swift file is not up to date")
    ap.add_argument("--pin", action="store_true", help="record the current source hashes (after review)")
    args = ap.parse_args()
    sources = check_sources(update=args.pin)
    fake, data = tables()
    self_check(fake, data)
    swift = render(data, sources)
    if args.check:
        current = open(OUT).read() if os.path.exists(OUT) else ""
        if current != swift:
            sys.exit(f"{OUT} is not up to date; rerun scripts/faker_tables.py")
        print("up to date")
        return
    os.makedirs(os.path.dirname(OUT), exist_ok=True)
    with open(OUT, "w") as f:
        f.write(swift)
    print(f"wrote {OUT} ({len(swift)} bytes)")


if __name__ == "__main__":
    main()
